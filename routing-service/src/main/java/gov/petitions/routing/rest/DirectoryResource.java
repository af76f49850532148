package gov.petitions.routing.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.routing.Division;
import gov.petitions.routing.Unit;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The jurisdiction tree and its units are public information. */
@Path("/divisions")
@PermitAll
@Tag(name = "Directory")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {

    public record DivisionView(String code, String name, String level, String parentCode) {
        static DivisionView of(Division d) {
            return new DivisionView(d.code, d.name, d.level.name(), d.parentCode);
        }
    }

    public record UnitView(String code, String name, String department, String level) {
    }

    @GET
    @Path("{code}")
    @Transactional
    public DivisionView division(String code) {
        return DivisionView.of(find(code));
    }

    @GET
    @Path("{code}/children")
    @Transactional
    @Operation(summary = "The divisions directly under this one")
    public List<DivisionView> children(String code) {
        find(code);
        return Division.<Division>list("parentCode = ?1 order by code", code).stream().map(DivisionView::of).toList();
    }

    @GET
    @Path("{code}/units")
    @Transactional
    @Operation(summary = "The responsible units of this division")
    public List<UnitView> units(String code) {
        find(code);
        return Unit.<Unit>list("divisionCode = ?1 order by code", code).stream()
                .map(u -> new UnitView(u.code, u.name, u.department, u.level.name())).toList();
    }

    private static Division find(String code) {
        Division division = Division.findById(code);
        if (division == null) {
            throw ProblemException.notFound("Division", "No Anhui division with code " + code);
        }
        return division;
    }
}

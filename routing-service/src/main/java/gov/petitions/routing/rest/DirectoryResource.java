package gov.petitions.routing.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.province.Province;
import gov.petitions.routing.Division;
import gov.petitions.routing.Unit;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
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

    private final Province province;

    public DirectoryResource(Province province) {
        this.province = province;
    }

    public record DivisionView(String code, String name, String level, String parentCode) {
        static DivisionView of(Division d) {
            return new DivisionView(d.code, d.name, d.level.name(), d.parentCode);
        }
    }

    public record UnitView(String code, String name, String department, String level) {
    }

    @GET
    @Transactional
    @Operation(summary = "Search divisions by name (part of it) or code prefix")
    public List<DivisionView> search(@QueryParam("q") @NotBlank @Size(min = 1, max = 40) String q,
                                     @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return Division.<Division>find("name like ?1 or code like ?2 order by code", "%" + q + "%", q + "%")
                .page(0, limit).list().stream().map(DivisionView::of).toList();
    }

    @GET
    @Path("{code}/ancestors")
    @Transactional
    @Operation(summary = "The chain from the province down to this division")
    public List<DivisionView> ancestors(String code) {
        java.util.LinkedList<DivisionView> chain = new java.util.LinkedList<>();
        for (Division d = find(code); d != null; d = d.parentCode == null ? null : Division.findById(d.parentCode)) {
            chain.addFirst(DivisionView.of(d));
        }
        return chain;
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

    private Division find(String code) {
        if (!province.contains(code)) {
            // a code of another province: this deployment's tree is one province's; say which, so that a clerk
            // who picked the wrong deployment (or typed another province's code) sees why
            throw new ProblemException(Problem.of("outside-province", "Not in this province", 404,
                    code + " is not a division of " + province.name() + " (" + province.code()
                            + "): this deployment serves that province only"));
        }
        Division division = Division.findById(code);
        if (division == null) {
            throw ProblemException.notFound("Division", "No division of " + province.name() + " with code " + code);
        }
        return division;
    }
}

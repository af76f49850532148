package gov.petitions.intake.rest;

import gov.petitions.intake.Category;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/categories")
@PermitAll
@Tag(name = "Public")
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {

    public record CategoryView(String code, String nameZh, String nameEn) {
    }

    @GET
    @Transactional
    public List<CategoryView> list() {
        return Category.<Category>list("active = true order by code").stream()
                .map(c -> new CategoryView(c.code, c.nameZh, c.nameEn)).toList();
    }
}

package gov.petitions.intake.rest;

import gov.petitions.intake.service.MatterSimilarity;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** For supervision-service's link suggestions (同一事项归并): how alike candidates' texts are, as numbers only. */
@Path("/internal/similarity")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class MatterSimilarityResource {

    public record Question(@NotNull UUID petitionId,
                           @NotNull @Size(max = MatterSimilarity.MAX_CANDIDATES) List<@NotNull UUID> candidates) {
    }

    public record Scores(UUID petitionId, Map<UUID, Double> scores) {
    }

    private final MatterSimilarity similarity;

    public MatterSimilarityResource(MatterSimilarity similarity) {
        this.similarity = similarity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SERVICE)
    @Operation(summary = "How alike the candidates' descriptions are to the petition's (0-1, the Dice coefficient of "
            + "character bigrams that repeats use), for supervision's link suggestions",
            description = "At most 50 candidates; candidates intake does not hold are left out of scores; 404 for an "
                    + "unknown petition. Only numbers: no text leaves intake")
    public Scores scores(@Valid @NotNull Question question) {
        return new Scores(question.petitionId(), similarity.scores(question.petitionId(), question.candidates()));
    }
}

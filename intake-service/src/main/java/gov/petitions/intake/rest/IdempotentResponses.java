package gov.petitions.intake.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.service.IdempotencyKeys;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.intake.rest.PetitionViews.RegistrationReceipt;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;

/** Turns an idempotent outcome into the HTTP answer, marking replays so a client can tell. */
final class IdempotentResponses {

    static final String REPLAYED = "Idempotent-Replayed";

    private IdempotentResponses() {
    }

    /** Keys of different callers never meet: the principal (or "public") and the endpoint scope every key. */
    static String scope(SecurityContext security, String endpoint) {
        String who = security == null || security.getUserPrincipal() == null ? "public" : security.getUserPrincipal().getName();
        return who + " " + endpoint;
    }

    static Response of(IdempotencyKeys.Outcome outcome) {
        Response.ResponseBuilder builder = Response.status(outcome.status()).entity(outcome.body());
        if (outcome.location() != null) {
            builder.location(URI.create(outcome.location()));
        }
        if (outcome.replayed()) {
            builder.header(REPLAYED, "true");
        }
        return builder.build();
    }

    static Response receipt(PetitionRegistration.Receipt receipt, String location) {
        var p = receipt.petition();
        Response.ResponseBuilder builder = Response.status(Response.Status.CREATED)
                .entity(RegistrationReceipt.of(p, receipt.queryCode()));
        if (location != null) {
            builder.location(URI.create(location));
        }
        if (receipt.replayed()) {
            builder.header(REPLAYED, "true");
        }
        return builder.build();
    }

    static JsonNode json(ObjectMapper mapper, Object value) {
        return mapper.valueToTree(value);
    }
}

package gov.petitions.routing;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.KeycloakInstance;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import gov.petitions.platform.tokens.TokenMinter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: the services verify a real Keycloak's tokens through its JWKS. routing-service runs here trusting only
 * the Keycloak that {@code ./petitions test} starts (the realm compose and Kubernetes import); tokens come from it as
 * they do in production — client credentials for a service account, and people's tokens with the realm's claims
 * (groups, unit, jurisdiction) — and the one scope model decides on them: the province's supervisor and the unit's
 * handler read the case, a user without the claim their role is scoped by is refused (fail closed), a role that may
 * not read is refused, and a token of another issuer, a forged signature or none never gets in.
 */
@QuarkusTest
@TestProfile(KeycloakTokensTest.TrustingKeycloak.class)
@QuarkusTestResource(TestSecrets.class)
class KeycloakTokensTest {

    public static class TrustingKeycloak implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return KeycloakInstance.find()
                    .map(k -> Map.of("mp.jwt.verify.publickey.location", k.jwksUrl(), "mp.jwt.verify.issuer", k.issuer()))
                    .orElse(Map.of());
        }
    }

    private static ValidatableResponse read(String token, String id) {
        return (token == null ? given() : given().auth().oauth2(token)).get("/cases/" + id + "/assignments").then();
    }

    @Test
    void keycloaksTokensAreVerifiedThroughItsJwksAndScopedByItsClaims() throws Exception {
        KeycloakInstance keycloak = KeycloakInstance.require();

        String id = UUID.randomUUID().toString();
        try (KafkaProbe assigned = KafkaProbe.open("case.assigned")) {
            KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                    RoutingFlowTest.registered(id, "labour-wages", "341302", List.of()));
            JsonNode first = Contracts.assertValidRecord("case.assigned",
                    assigned.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0));
            assertEquals("341302-RSJ", first.at("/unit/code").asText());
        }

        String supervisor = keycloak.passwordToken("supervisor");
        JsonNode claims = KeycloakInstance.claims(supervisor);
        assertEquals(keycloak.issuer(), claims.path("iss").asText(), "a token of the real Keycloak");
        assertEquals("34", claims.path("jurisdiction").asText(), "the realm maps the user's jurisdiction: " + claims);
        read(supervisor, id).statusCode(200).body("current.unitCode", equalTo("341302-RSJ"));

        String handler = keycloak.passwordToken("handler");
        assertEquals("341302-RSJ", KeycloakInstance.claims(handler).path("unit").asText());
        read(handler, id).statusCode(200);

        String service = keycloak.clientCredentialsToken("intake-service");
        assertTrue(KeycloakInstance.claims(service).path("groups").toString().contains("service"));
        read(service, id).statusCode(200);

        // the realm's clerk has no jurisdiction attribute: a clerk is scoped by one, so nothing is shown (fail closed)
        String clerk = keycloak.passwordToken("clerk");
        assertTrue(KeycloakInstance.claims(clerk).path("jurisdiction").isMissingNode());
        int clerkStatus = read(clerk, id).extract().statusCode();
        assertTrue(clerkStatus == 403 || clerkStatus == 404, "a clerk without a jurisdiction reads nothing: " + clerkStatus);

        read(keycloak.passwordToken("admin"), id).statusCode(403);

        // claims decide, not only roles: Keycloak's handler of 341302-RSJ does not read a case of another county's unit
        String elsewhere = UUID.randomUUID().toString();
        try (KafkaProbe assigned = KafkaProbe.open("case.assigned")) {
            KafkaProbe.send("petition.registered", elsewhere, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                    RoutingFlowTest.registered(elsewhere, "labour-wages", "341322", List.of()));
            assertEquals("341322-RSJ", Contracts.assertValidRecord("case.assigned",
                    assigned.await(r -> elsewhere.equals(r.key()), 1, Duration.ofSeconds(30)).get(0)).at("/unit/code").asText());
        }
        read(handler, elsewhere).statusCode(404);
        read(supervisor, elsewhere).statusCode(200);

        // only this Keycloak's signature counts: a token of the local issuer, one that claims Keycloak's issuer but is
        // signed with another key, a forged signature and none are 401
        read(TestTokens.supervisor("34"), id).statusCode(401);
        String otherKey = TokenMinter.fromPem(TestSecrets.privateKeyFile(), keycloak.issuer()).mint(
                TokenMinter.Holder.of("supervisor", "supervisor").withJurisdiction("34"), Instant.now(), Duration.ofMinutes(5));
        read(otherKey, id).statusCode(401);
        String[] parts = supervisor.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        read(forged, id).statusCode(401);
        read(null, id).statusCode(401);
    }
}

package gov.petitions.notification;

import gov.petitions.notification.repository.RecipientRepository;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks reach only public addresses when no operator allowed a range (as in production by default): the URLs of
 * the reproduction are refused at registration, and a name that resolves inside is refused at send time, the
 * agency's server never called. (The other tests allow 127.0.0.1/32, where their agency stand-in listens.)
 */
@QuarkusTest
@TestProfile(WebhookTargetsTest.NoAllowedRange.class)
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class WebhookTargetsTest {

    public static class NoAllowedRange implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notification.webhook.allowed-ranges", "");
        }
    }

    @Inject
    RecipientRepository recipients;

    @Test
    void urlsIntoTheServicesOwnNetworkAreRefusedAtRegistration() {
        String unit = ChannelsTest.unitCode("SR");
        String port = Received.baseUrl().substring(Received.baseUrl().lastIndexOf(':') + 1);
        for (String url : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://[::1]:8084/q/health", "http://127.0.0.1:8081/internal/petitioners/x/contact",
                Received.baseUrl() + "/agency/" + unit, "http://localhost:" + port + "/agency/" + unit,
                "http://10.0.0.5/hook", "http://172.16.3.4/hook", "https://192.168.1.10/hook", "http://100.64.0.1/hook",
                "http://[fd00:ec2::254]/latest/meta-data/", "http://[fe80::1]/hook", "http://224.0.0.1/hook",
                "http://0.0.0.0:8084/hook", "http://2130706433:8081/", "http://[::ffff:127.0.0.1]:8081/")) {
            given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", url, "secret", "webhook-secret-0123456789")).put("/recipients/" + unit + "/webhook")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", containsString("webhook-address-refused"));
        }
        given().auth().oauth2(ChannelsTest.admin()).get("/recipients/" + unit).then().statusCode(404);
    }

    @Test
    void aNameThatResolvesInsideIsRefusedAtSendTimeAndNeverCalled() throws Exception {
        String unit = ChannelsTest.unitCode("SD");
        String port = Received.baseUrl().substring(Received.baseUrl().lastIndexOf(':') + 1);
        // registered while the name pointed outside (or before this check): what counts is what it resolves to now
        recipients.setWebhook(unit, "http://localhost:" + port + "/agency/" + unit, "webhook-secret-0123456789");

        String petitionId = UUID.randomUUID().toString();
        Events.assigned(petitionId, Events.trackingNumber(), unit, "测试县人力资源和社会保障局");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.recipientKind == 'UNIT' }.status", equalTo("DEAD"))
                        .body("find { it.recipientKind == 'UNIT' }.attempts[0].error",
                                startsWith("webhook address refused: the host localhost is loopback")));
        assertTrue(Received.requests("webhook").stream().noneMatch(r -> r.get("path").equals("/agency/" + unit)),
                "the internal address was never called");
    }
}

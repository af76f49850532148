package gov.petitions.notification;

import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Every POST and PUT of the service reads its body strictly: a duplicate key, a value of the wrong JSON type and an
 * unknown field are 400 problem+json (never guessed at, never a 500), and a 10 MB body is 413 problem+json before it
 * is read. Nothing is saved from a refused body.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class StrictJsonTest {

    private record Case(Method method, String path, String body) {
    }

    private static final String TEMPLATE = "/templates/case.deadline-warning.unit/EMAIL";

    private static List<Case> hostile(String unit) {
        String webhook = "/recipients/" + unit + "/webhook";
        String email = "/recipients/" + unit + "/email";
        return List.of(
                // duplicate keys: two readers could take either value
                new Case(Method.PUT, TEMPLATE, "{\"source\":\"【临期提醒】{trackingNumber}\",\"source\":\"x\",\"basedOnVersion\":1}"),
                new Case(Method.POST, TEMPLATE + "/preview", "{\"source\":\"{trackingNumber}\",\"source\":\"{dueDate}\"}"),
                new Case(Method.POST, TEMPLATE + "/preview", "{\"data\":{\"trackingNumber\":\"a\",\"trackingNumber\":\"b\"}}"),
                new Case(Method.PUT, webhook, "{\"url\":\"https://1.1.1.1/hook\",\"url\":\"https://8.8.8.8/hook\","
                        + "\"secret\":\"webhook-secret-0123456789\"}"),
                new Case(Method.PUT, email, "{\"address\":\"a@units.gov.example\",\"address\":\"b@units.gov.example\"}"),
                // wrong scalar types: no coercion
                new Case(Method.PUT, TEMPLATE, "{\"source\":123,\"basedOnVersion\":1}"),
                new Case(Method.PUT, TEMPLATE, "{\"source\":\"【临期提醒】{trackingNumber}\",\"basedOnVersion\":\"1\"}"),
                new Case(Method.PUT, TEMPLATE, "{\"source\":\"【临期提醒】{trackingNumber}\",\"basedOnVersion\":true}"),
                new Case(Method.POST, TEMPLATE + "/preview", "{\"source\":123}"),
                new Case(Method.POST, TEMPLATE + "/preview", "{\"data\":\"trackingNumber\"}"),
                new Case(Method.PUT, webhook, "{\"url\":123,\"secret\":\"webhook-secret-0123456789\"}"),
                new Case(Method.PUT, webhook, "{\"url\":\"https://1.1.1.1/hook\",\"secret\":12345678901234567890}"),
                new Case(Method.PUT, email, "{\"address\":true}"),
                // unknown fields
                new Case(Method.PUT, TEMPLATE, "{\"source\":\"【临期提醒】{trackingNumber}\",\"basedOnVersion\":1,\"createdBy\":\"x\"}"),
                new Case(Method.POST, TEMPLATE + "/preview", "{\"source\":\"{trackingNumber}\",\"engine\":\"full\"}"),
                new Case(Method.PUT, webhook, "{\"url\":\"https://1.1.1.1/hook\",\"secret\":\"webhook-secret-0123456789\","
                        + "\"followRedirects\":true}"),
                new Case(Method.PUT, email, "{\"address\":\"a@units.gov.example\",\"bcc\":\"spy@example.org\"}"),
                // not JSON, trailing content
                new Case(Method.PUT, email, "{\"address\":\"a@units.gov.example\"} {\"address\":\"b@units.gov.example\"}"),
                new Case(Method.POST, TEMPLATE + "/preview", "{\"source\":"));
    }

    @Test
    void duplicateKeysWrongTypesAndUnknownFieldsAre400ProblemJsonOnEveryBodyEndpoint() {
        String unit = ChannelsTest.unitCode("SJ");
        for (Case c : hostile(unit)) {
            given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(c.body())
                    .request(c.method(), c.path())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("title", org.hamcrest.Matchers.notNullValue());
        }
        // nothing was stored from any of them
        given().auth().oauth2(ChannelsTest.admin()).get("/recipients/" + unit).then().statusCode(404);
        given().auth().oauth2(ChannelsTest.admin()).get(TEMPLATE + "/versions").then().statusCode(200)
                .body("createdBy", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("x")));
    }

    @Test
    void aTenMegabyteBodyIs413ProblemJsonOnEveryPostAndPut() {
        String unit = ChannelsTest.unitCode("BG");
        String huge = "{\"source\":\"" + "x".repeat(10 * 1024 * 1024) + "\",\"basedOnVersion\":1}";
        for (Case c : List.of(new Case(Method.PUT, TEMPLATE, huge), new Case(Method.POST, TEMPLATE + "/preview", huge),
                new Case(Method.PUT, "/recipients/" + unit + "/webhook", huge),
                new Case(Method.PUT, "/recipients/" + unit + "/email", huge),
                new Case(Method.POST, "/messages/" + UUID.randomUUID() + "/resend", huge),
                new Case(Method.POST, "/digests/overdue", huge),
                new Case(Method.POST, "/print-queue/" + UUID.randomUUID() + "/printed", huge))) {
            given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(c.body())
                    .request(c.method(), c.path())
                    .then().statusCode(413).contentType("application/problem+json")
                    .body("type", containsString("payload-too-large"));
        }
    }
}

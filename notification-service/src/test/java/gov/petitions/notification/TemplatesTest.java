package gov.petitions.notification;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Templates are Chinese Qute texts in MongoDB, versioned on every edit, checked before saving, previewable. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class TemplatesTest {

    @Test
    void everyMessageHasATemplatePerChannelSeededFromTheResources() {
        given().auth().oauth2(TestTokens.auditor()).get("/templates").then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(24))
                .body("findAll { it.templateId == 'case.replied.petitioner' }.channel",
                        org.hamcrest.Matchers.containsInAnyOrder("SMS", "LETTER"))
                .body("find { it.templateId == 'petition.registered.receipt' }.source", containsString("{trackingNumber}"));
        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON).body(Map.of())
                .post("/templates/petition.registered.receipt/LETTER/preview")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/templates").then().statusCode(401);
    }

    @Test
    void aPreviewRendersTheSampleData() {
        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON).body(Map.of())
                .post("/templates/digest.overdue.supervisor/EMAIL/preview").then().statusCode(200)
                .body("text", containsString("XF20261101000001")).body("text", containsString("已超期 6 天"))
                .body("subject", equalTo("【信访】超期信访事项日报"));
        // data of one's own: an admin's preview (others preview the stored text with its sample data)
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("data", Map.of("unitName", "某某局", "reason", "ESCALATION")))
                .post("/templates/case.assigned.petitioner/SMS/preview").then().statusCode(200)
                .body("text", containsString("已转交某某局提级办理"));
    }

    @Test
    void anAdminEditMakesANewVersionThatTheNextMessagesUse() throws Exception {
        String path = "/templates/case.deadline-warning.unit/EMAIL";
        int current = given().auth().oauth2(ChannelsTest.admin()).get(path).then().statusCode(200)
                .extract().path("version");
        String marker = "版本标记" + UUID.randomUUID().toString().substring(0, 8);

        // does not parse / names a field the message does not have: 400, nothing saved
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("source", "【临期提醒】{#if trackingNumber}未闭合", "basedOnVersion", current)).put(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", containsString("invalid-template"));
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("source", "【临期提醒】{trackingNumbr}", "basedOnVersion", current)).put(path)
                .then().statusCode(400).contentType("application/problem+json");
        // only an admin edits
        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON)
                .body(Map.of("source", "x", "basedOnVersion", current)).put(path).then().statusCode(403);

        String source = "【临期提醒】" + marker + "：信访事项 {trackingNumber} 的{clockName}期限为 {dueDate}，请抓紧办理。";
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("source", source, "basedOnVersion", current, "comment", "test edit")).put(path)
                .then().statusCode(200).body("version", equalTo(current + 1)).body("createdBy", equalTo("admin-1"));
        // an edit based on a stale version is refused
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("source", source, "basedOnVersion", current)).put(path)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.auditor()).get(path + "/versions").then().statusCode(200)
                .body("version", hasItem(current)).body("version", hasItem(current + 1))
                .body("[0].source", containsString(marker));

        // an unregistered unit is reached by the log channel, which shows the EMAIL text
        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.deadline(false, petitionId, number, ChannelsTest.unitCode("TP"), OffsetDateTime.now().plusDays(3));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("[0].text", containsString(marker)).body("[0].text", containsString(number))
                        .body("[0].templateVersion", equalTo(current + 1))
                        .body("[0].text", not(containsString("{"))));
    }

    @Test
    void aTextThatReachesForTheServicesSecretsIsRefusedAndTheTokenNeverShows() {
        String path = "/templates/case.accepted.petitioner/SMS";
        int current = given().auth().oauth2(ChannelsTest.admin()).get(path).then().statusCode(200).extract().path("version");
        List<String> attacks = List.of(
                "{config:property('petitions.service-identity.client-secret')}",
                "令牌：{config:['petitions.service-identity.client-secret']}",
                "{inject:contactLookup}",
                "{cdi:contactLookup.reveal('x', null, 'y')}",
                "{#let t=config:property('petitions.service-identity.client-secret')}{t}{/let}",
                "{trackingNumber ?: config:property('petitions.service-identity.client-secret')}");
        for (String source : attacks) {
            String preview = given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                    .body(Map.of("source", source)).post(path + "/preview")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", containsString("template-not-allowed")).extract().asString();
            assertFalse(preview.contains(StandIns.SERVICE_TOKEN), preview);
            String edit = given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                    .body(Map.of("source", source, "basedOnVersion", current)).put(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", containsString("template-not-allowed")).extract().asString();
            assertFalse(edit.contains(StandIns.SERVICE_TOKEN), edit);
        }
        // nothing was saved, and nothing anyone reads carries the token
        given().auth().oauth2(ChannelsTest.admin()).get(path).then().body("version", equalTo(current));
        for (String read : List.of("/templates", path + "/versions")) {
            String body = given().auth().oauth2(TestTokens.auditor()).get(read).then().statusCode(200).extract().asString();
            assertFalse(body.contains(StandIns.SERVICE_TOKEN));
        }
    }

    @Test
    void onlyAnAdminPreviewsASourceOrDataOfTheirOwn() {
        String path = "/templates/case.assigned.petitioner/SMS/preview";
        for (String token : List.of(TestTokens.supervisor("3413"), TestTokens.auditor())) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("source", "【信访告知】{trackingNumber}"))
                    .post(path).then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("data", Map.of("unitName", "某某局")))
                    .post(path).then().statusCode(403).contentType("application/problem+json");
            // the stored text with its sample data
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of()).post(path).then().statusCode(200)
                    .body("text", containsString("安徽省人力资源和社会保障局"));
        }
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(Map.of()).post(path)
                .then().statusCode(403);
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("source", "【信访告知】编号 {trackingNumber}，转交{unitName}。"))
                .post(path).then().statusCode(200).body("text", equalTo("【信访告知】编号 XF20261126000123，转交安徽省人力资源和社会保障局。"));
    }

    @Test
    void aLoopBombIsRefusedWithinTheLimitsAndTheServiceCarriesOn() {
        String path = "/templates/digest.overdue.supervisor/EMAIL";
        int current = given().auth().oauth2(ChannelsTest.admin()).get(path).then().statusCode(200).extract().path("version");
        String nested = "{#for a in 100000}{#for b in 100000}{#for c in 100000}{trackingNumber}{/for}{/for}{/for}";
        String wide = "{#for a in cases}{#for b in 1000}{#for c in 1000}{a.trackingNumber}{/for}{/for}{/for}";
        String longText = "{#for i in 100000}{k}{/for}";
        long start = System.currentTimeMillis();
        for (String source : List.of(nested, wide)) {
            given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("source", source))
                    .post(path + "/preview").then().statusCode(422).contentType("application/problem+json")
                    .body("type", containsString("template-too-costly"));
            given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                    .body(Map.of("source", source, "basedOnVersion", current)).put(path)
                    .then().statusCode(422).contentType("application/problem+json");
        }
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("source", longText, "data", Map.of("k", "字".repeat(10_000))))
                .post(path + "/preview").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("64000"));
        assertTrue(System.currentTimeMillis() - start < 20_000, "refused within the limits");
        given().auth().oauth2(ChannelsTest.admin()).get(path).then().body("version", equalTo(current));
        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON).body(Map.of())
                .post(path + "/preview").then().statusCode(200).body("text", containsString("XF20261101000001"));
    }
}

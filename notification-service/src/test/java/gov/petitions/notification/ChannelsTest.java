package gov.petitions.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each channel delivers to a real local server, and what that server received is what is checked. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class ChannelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String admin() {
        return TestTokens.token("admin-1", Set.of("admin"), null, null);
    }

    /** A clerk of the jurisdiction of the contract example's location (340123100), where Events put petitions. */
    static String clerk() {
        return TestTokens.token("clerk-3401", Set.of("clerk"), null, "3401");
    }

    static String hmac(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static String unitCode(String suffix) {
        return "34" + (1000 + ThreadLocalRandom.current().nextInt(9000)) + "-" + suffix;
    }

    static List<Map<String, Object>> messages(String petitionId) {
        return given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void smsGoesThroughTheSignedGatewayToTheNumberIntakeGivesAtSendTime() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.registered(petitionId, ref, number);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("$", hasSize(1)).body("[0].status", equalTo("DELIVERED"))
                        .body("[0].channel", equalTo("SMS"))
                        .body("[0].attempts[0].destination", matchesPattern("^139\\*{4}[0-9]{4}$")));
        String messageId = (String) messages(petitionId).get(0).get("messageId");

        Map<String, Object> sms = Received.requests("sms").stream()
                .filter(r -> ((String) r.get("body")).contains(messageId)).findFirst().orElseThrow();
        Map<String, String> headers = Received.headers(sms);
        String body = (String) sms.get("body");
        assertEquals(hmac(StandIns.SMS_SECRET, headers.get("x-timestamp"), body), headers.get("x-signature"),
                "the gateway can verify who sent it");
        assertEquals("petitions-test", headers.get("x-account"));
        JsonNode payload = JSON.readTree(body);
        assertTrue(payload.get("text").asText().contains(number));
        assertTrue(payload.get("to").asText().matches("^139[0-9]{8}$"));

        Map<String, Object> lookup = Received.requests("intake").stream()
                .filter(r -> ((String) r.get("path")).contains(ref)).findFirst().orElseThrow();
        // notification-service's own short-lived identity, not a long-lived token from configuration
        assertTrue(StandIns.isNotificationServiceIdentity((String) lookup.get("authorization")), "a five-minute service token");
        assertTrue(((String) lookup.get("query")).startsWith("purpose="), "intake audits why the contact was read");
    }

    @Test
    void unitsRegisterASignedWebhookAndReceiveTheirNewCasesThere() throws Exception {
        String unit = unitCode("WH");
        String secret = "webhook-secret-" + UUID.randomUUID();
        String url = Received.baseUrl() + "/agency/" + unit;
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "secret", secret)).put("/recipients/" + unit + "/webhook")
                .then().statusCode(200).body("webhookUrl", equalTo(url)).body(not(containsString(secret)));
        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "secret", secret)).put("/recipients/" + unit + "/webhook").then().statusCode(403);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("url", "ftp://nowhere", "secret", "short")).put("/recipients/" + unit + "/webhook")
                .then().statusCode(400).contentType("application/problem+json");

        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.assigned(petitionId, number, unit, "测试区人力资源和社会保障局");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.recipientKind == 'UNIT' }.channel", equalTo("WEBHOOK"))
                        .body("find { it.recipientKind == 'UNIT' }.status", equalTo("DELIVERED")));
        Map<String, Object> call = Received.requests("webhook").stream()
                .filter(r -> r.get("path").equals("/agency/" + unit)).findFirst().orElseThrow();
        Map<String, String> headers = Received.headers(call);
        String body = (String) call.get("body");
        assertEquals("sha256=" + hmac(secret, headers.get("x-petitions-timestamp"), body), headers.get("x-petitions-signature"));
        long age = System.currentTimeMillis() / 1000 - Long.parseLong(headers.get("x-petitions-timestamp"));
        assertTrue(age >= 0 && age < 60, "a fresh timestamp");
        JsonNode payload = JSON.readTree(body);
        assertEquals("case.assigned.unit", payload.get("template").asText());
        assertTrue(payload.get("text").asText().contains(number));
        Object messageId = messages(petitionId).stream().filter(m -> "UNIT".equals(m.get("recipientKind")))
                .findFirst().orElseThrow().get("messageId");
        assertEquals(messageId, headers.get("x-petitions-message-id"));
    }

    @Test
    void aWebhookThatRedirectsIsNotFollowed() throws Exception {
        String unit = unitCode("RD");
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("url", Received.baseUrl() + "/agency/" + unit, "secret", "webhook-secret-" + UUID.randomUUID()))
                .put("/recipients/" + unit + "/webhook").then().statusCode(200);
        Received.control().put("webhook.status." + unit, 307);
        String petitionId = UUID.randomUUID().toString();
        Events.assigned(petitionId, Events.trackingNumber(), unit, "测试县住房和城乡建设局");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.recipientKind == 'UNIT' }.attempts[0].error",
                                equalTo("webhook answered HTTP 307")));
        assertTrue(Received.requests("webhook").stream().anyMatch(r -> r.get("path").equals("/agency/" + unit)));
        assertTrue(Received.requests("webhook").stream().noneMatch(r -> r.get("path").equals("/agency/followed-" + unit)),
                "the redirect was not followed");
    }

    @Test
    void aBreachIsEmailedToTheUnitAndItsCitysSupervisorsThroughSmtp() throws Exception {
        String unit = unitCode("EM");
        String city = unit.substring(0, 4);
        String unitAddress = "unit-" + unit.toLowerCase() + "@units.gov.example";
        String supervisorsAddress = "duban-" + city + "-" + UUID.randomUUID().toString().substring(0, 6) + "@supervision.gov.example";
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("address", unitAddress))
                .put("/recipients/" + unit + "/email").then().statusCode(200).body("email", equalTo(unitAddress));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("address", supervisorsAddress))
                .put("/recipients/supervisors-" + city + "/email").then().statusCode(200);

        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.deadline(true, petitionId, number, unit, OffsetDateTime.now().minusDays(1));

        await().atMost(Duration.ofSeconds(60)).until(() -> !Received.mailsTo(unitAddress).isEmpty()
                && Received.mailsTo(supervisorsAddress).stream().anyMatch(m -> m.get("text").contains(number)));
        Map<String, String> mail = Received.mailsTo(unitAddress).get(0);
        assertTrue(mail.get("subject").contains("超期通报") && mail.get("subject").contains(number), mail.get("subject"));
        assertTrue(mail.get("text").contains(number) && mail.get("text").contains("已超过"), mail.get("text"));
        assertEquals("xinfang-test@petitions.gov.example", mail.get("from"));
        // the mail can reach the server after the channel's time-out on a busy machine: that attempt is recorded as
        // failed and a retry delivers it, so the delivered attempt is looked for rather than the first one
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("channel", everyItemIs("EMAIL")).body("status", everyItemIs("DELIVERED"))
                        .body("find { it.recipientKind == 'UNIT' }.attempts.find { it.outcome == 'DELIVERED' }.destination",
                                equalTo("u***@units.gov.example")));
    }

    static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }

    @Test
    void theWrittenReplyIsQueuedForPrintingAndDownloadedAsAPdf() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Received.contact(ref, "李测试", "13700001111", "安徽省宿州市测试街8号");
        Events.registered(petitionId, ref, number);
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(petitionId).size() == 1);
        // the handler's text is supervision's (the event carries only a label)
        Received.decision(petitionId, "REPLIED", "经调查核实，已责成有关单位依法补发工资。");
        Events.statusChanged(petitionId, number, "ACCEPTED", "REPLIED", "written reply (书面答复)");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.channel == 'LETTER' }.status", equalTo("DELIVERED")));
        String letterId = (String) messages(petitionId).stream().filter(m -> "LETTER".equals(m.get("channel")))
                .findFirst().orElseThrow().get("messageId");

        given().auth().oauth2(clerk()).get("/print-queue").then().statusCode(200)
                .body("letterId", hasItem(letterId))
                .body("find { it.letterId == '" + letterId + "' }.addressee", equalTo("李**"))
                .body("find { it.letterId == '" + letterId + "' }.title", equalTo("【信访】信访事项处理意见书（" + number + "）"));
        given().auth().oauth2(TestTokens.auditor()).get("/print-queue").then().statusCode(403);

        byte[] pdf = given().auth().oauth2(clerk()).get("/print-queue/" + letterId + "/pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.US_ASCII));
        // kept for a person to look at (pdftoppm target/letter-sample.pdf)
        java.nio.file.Files.write(java.nio.file.Path.of("target", "letter-sample.pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertEquals(1, document.getNumberOfPages());
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains(number), "text of the PDF: [" + text + "]");
            // the addressee in clear, fetched from intake for this download only
            assertTrue(text.contains("李测试") && text.contains("安徽省宿州市测试街8号"), text);
            assertTrue(text.contains("信访事项处理意见书") && text.contains("依法补发工资"), text);
        }

        given().auth().oauth2(clerk()).post("/print-queue/" + letterId + "/printed")
                .then().statusCode(200).body("status", equalTo("PRINTED"));
        given().auth().oauth2(clerk()).post("/print-queue/" + letterId + "/printed")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(clerk()).get("/print-queue").then().body("letterId", not(hasItem(letterId)));
    }
}

package gov.petitions.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who sees which petition's letters and messages: a clerk prints the letters of their jurisdiction only, and every
 * download is recorded with the person and the petition; supervisors read the messages of their jurisdiction,
 * handlers those of their unit's petitions; a token without its claim sees nothing; recusal hides a petition from
 * the accused's own division.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class ScopeTest {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private static String city() {
        return "34" + (10 + ThreadLocalRandom.current().nextInt(90));
    }

    private static String otherCity(String city) {
        String other;
        do {
            other = city();
        } while (other.equals(city));
        return other;
    }

    private static String clerk(String subject, String jurisdiction) {
        return TestTokens.token(subject, Set.of("clerk"), null, jurisdiction);
    }

    private static List<String> letters(String token) {
        return given().auth().oauth2(token).get("/print-queue").then().statusCode(200).extract().jsonPath().getList("letterId");
    }

    @Test
    void aClerkPrintsOnlyTheLettersOfTheirJurisdictionAndEachDownloadIsRecordedWithThePersonAndThePetition() throws Exception {
        String city = city();
        String county = city + "02";
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Received.contact(ref, "王范围", "13700002222", "安徽省测试市范围路9号");
        // the matter accuses the county's own government: its county's clerks must not handle the letter (回避)
        Events.registered(petitionId, ref, number, county + "101", List.of(county + "-GOV"));
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(petitionId).size() == 1);
        Events.statusChanged(petitionId, number, "ACCEPTED", "REPLIED", "经调查核实，已依法处理。");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.channel == 'LETTER' }.status", equalTo("DELIVERED")));
        String letterId = (String) ChannelsTest.messages(petitionId).stream().filter(m -> "LETTER".equals(m.get("channel")))
                .findFirst().orElseThrow().get("messageId");

        String cityClerk = clerk("clerk-" + city + "-" + UUID.randomUUID().toString().substring(0, 6), city);
        assertTrue(letters(cityClerk).contains(letterId));
        assertTrue(letters(clerk("clerk-province", "34")).contains(letterId));

        List<String> outside = List.of(
                clerk("clerk-elsewhere", otherCity(city)),
                clerk("clerk-recused", county),      // the accused's own county
                clerk("clerk-none", null),            // no jurisdiction claim
                clerk("clerk-empty", ""),             // an empty one
                clerk("clerk-malformed", "34%"));
        for (String token : outside) {
            assertTrue(!letters(token).contains(letterId), "seen by " + subject(token));
            given().auth().oauth2(token).get("/print-queue/" + letterId + "/pdf").then().statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(token).post("/print-queue/" + letterId + "/printed").then().statusCode(404);
        }
        given().auth().oauth2(clerk("clerk-none", null)).get("/print-queue").then().body("$", hasSize(0));
        given().auth().oauth2(clerk("clerk-empty", "")).get("/print-queue").then().body("$", hasSize(0));
        given().auth().oauth2(ChannelsTest.admin()).get("/print-queue").then().statusCode(403);
        assertEquals(0, downloads(letterId).size(), "a refused download reads and records nothing");

        long intakeBefore = Received.requests("intake").stream().filter(r -> ((String) r.get("path")).contains(ref)).count();
        given().auth().oauth2(cityClerk).get("/print-queue/" + letterId + "/pdf").then().statusCode(200)
                .contentType("application/pdf");
        List<Document> downloads = downloads(letterId);
        assertEquals(1, downloads.size());
        Document download = downloads.get(0);
        assertTrue(download.getString("downloadedBy").startsWith("clerk-" + city), download.toJson());
        assertEquals(petitionId, download.getString("petitionId"));
        assertTrue(download.getDate("downloadedAt") != null);
        assertTrue(!download.toJson().contains("王范围") && !download.toJson().contains("范围路"), "never the contact itself");
        // intake's audit of the read names the petition and why (its log names this service; the record above, the person)
        List<Map<String, Object>> reads = new ArrayList<>(Received.requests("intake").stream()
                .filter(r -> ((String) r.get("path")).contains(ref)).toList());
        assertEquals(intakeBefore + 1, reads.size());
        String query = URLDecoder.decode((String) reads.get(reads.size() - 1).get("query"), StandardCharsets.UTF_8);
        assertTrue(query.startsWith("purpose=LETTER_PRINT") && query.contains("petitionId=" + petitionId), query);

        given().auth().oauth2(cityClerk).post("/print-queue/" + letterId + "/printed").then().statusCode(200)
                .body("status", equalTo("PRINTED"));
    }

    /** The token's claims, to say who saw what they should not have. */
    private static String subject(String token) {
        return new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private List<Document> downloads(String letterId) {
        return mongo.getDatabase(database).getCollection("print_downloads").find(Filters.eq("letterId", letterId))
                .into(new ArrayList<>());
    }

    @Test
    void supervisorsReadTheirJurisdictionsMessagesHandlersTheirUnitsAndNobodyWithoutAClaimReadsAny() throws Exception {
        String city = city();
        String unit = city + "02-RSJ";
        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.registered(petitionId, UUID.randomUUID().toString(), number, city + "02101", null);
        Events.assigned(petitionId, number, unit, "测试区人力资源和社会保障局");
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(petitionId).size() >= 3);
        String messageId = (String) ChannelsTest.messages(petitionId).get(0).get("messageId");

        for (String token : List.of(TestTokens.supervisor(city), TestTokens.supervisor("34"), TestTokens.handler(unit),
                clerk("clerk-" + city, city), TestTokens.auditor(), TestTokens.service(), ChannelsTest.admin())) {
            given().auth().oauth2(token).queryParam("petitionId", petitionId).get("/messages").then().statusCode(200)
                    .body("petitionId", everyItem(equalTo(petitionId))).body("messageId", hasItem(messageId));
            given().auth().oauth2(token).get("/messages/" + messageId).then().statusCode(200);
        }
        for (String token : List.of(TestTokens.supervisor(otherCity(city)), TestTokens.handler(otherCity(city) + "02-RSJ"),
                TestTokens.token("supervisor-none", Set.of("supervisor"), null, null),
                TestTokens.token("supervisor-empty", Set.of("supervisor"), null, ""),
                TestTokens.token("handler-none", Set.of("handler"), null, null),
                clerk("clerk-none", null))) {
            assertEquals(0, given().auth().oauth2(token).queryParam("petitionId", petitionId).get("/messages").then()
                    .statusCode(200).extract().jsonPath().getList("$").size(), "seen by " + subject(token));
            given().auth().oauth2(token).get("/messages/" + messageId).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.token("leader-1", Set.of("leader"), null, city))
                .queryParam("petitionId", petitionId).get("/messages").then().statusCode(403);
    }

    @Test
    void messagesWithoutAPetitionAreForProvinceWideReadersOnly() {
        // a digest or hot-spot alert has no petition: no jurisdiction decides about it, so only province-wide readers
        String id = UUID.randomUUID().toString();
        mongo.getDatabase(database).getCollection("messages").insertOne(new Document("_id", id)
                .append("eventId", UUID.randomUUID().toString()).append("eventType", "gov.petition.notification.overdue-digest")
                .append("petitionId", null).append("recipientKind", "SUPERVISOR").append("recipientRef", "supervisors-3413")
                .append("channel", "LOG").append("template", "digest.overdue.supervisor").append("templateVersion", 1)
                .append("subject", "【信访】超期信访事项日报").append("text", "测试").append("status", "DELIVERED")
                .append("attempts", List.of()).append("createdAt", new java.util.Date()));
        given().auth().oauth2(TestTokens.auditor()).get("/messages/" + id).then().statusCode(200);
        given().auth().oauth2(ChannelsTest.admin()).get("/messages/" + id).then().statusCode(200);
        for (String token : List.of(TestTokens.supervisor("34"), TestTokens.supervisor("3413"), TestTokens.handler("341302-RSJ"),
                TestTokens.clerk("34"))) {
            given().auth().oauth2(token).get("/messages/" + id).then().statusCode(404);
        }
    }
}

package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Name, ID number, phone, email and address never reach an event, the log (with the HTTP access log on) or a
 * database column in clear; reading them takes the service role and leaves an audit row naming the petition.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PersonalDataTest {

    @Test
    void personalDataIsEncryptedAbsentFromEventsAndLogsAndEveryReadIsAudited() throws Exception {
        String name = "慕容" + Bodies.mobile().substring(7);
        String phone = Bodies.mobile();
        String idNumber = Bodies.idNumber();
        String email = "p" + phone + "@example.cn";
        String address = "宿州市埇桥区某街道" + phone.substring(5) + "号";
        Map<String, Object> petitioner = new HashMap<>(Bodies.person(name, phone, idNumber));
        petitioner.put("email", email);
        petitioner.put("address", address);
        String representativeId = Bodies.idNumber();
        Map<String, Object> body = Bodies.petition("WALK_IN", "land-housing", "341302", "房屋征收补偿", petitioner);
        body.put("personCount", 6);
        body.put("representatives", List.of(Map.of("name", name, "idNumber", representativeId, "phone", phone)));

        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        ConsumerRecord<String, String> record = RegisteredEvents.recordOf(petitionId);
        String petitionerRef = given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + petitionId)
                .then().statusCode(200).body("petitionerName", equalTo(name.charAt(0) + "*".repeat(name.length() - 1)))
                .extract().path("petitionerRef");

        // the service role reads in clear, and the read is audited with the petition and the purpose
        given().auth().oauth2(TestTokens.service()).queryParam("purpose", "REPLY_LETTER").queryParam("petitionId", petitionId)
                .get("/internal/petitioners/" + petitionerRef + "/contact").then().statusCode(200)
                .body("phone", equalTo(phone)).body("email", equalTo(email)).body("address", equalTo(address));
        List<?> audit = QuarkusTransaction.requiringNew().call(() -> PiiAccess.list("petitionerId = ?1 and petitionId = ?2",
                java.util.UUID.fromString(petitionerRef), java.util.UUID.fromString(petitionId)));
        assertEquals(1, audit.size());
        assertEquals("REPLY_LETTER", ((PiiAccess) audit.get(0)).purpose);

        List<String> secrets = List.of(name, phone, idNumber, representativeId, email, address);
        String event = record.value() + record.headers().toString();
        String database = QuarkusTransaction.requiringNew().call(() -> String.valueOf(Petition.getEntityManager()
                .createNativeQuery("select string_agg(t::text, '|') from petitioner t").getSingleResult())
                + Petition.getEntityManager().createNativeQuery("select string_agg(t::text, '|') from petition t where id = :id")
                .setParameter("id", java.util.UUID.fromString(petitionId)).getSingleResult()
                + Petition.getEntityManager().createNativeQuery("select string_agg(t::text, '|') from petition_contact t "
                        + "where petition_id = :id").setParameter("id", java.util.UUID.fromString(petitionId)).getSingleResult());
        Path logFile = Path.of("target/intake-test.log");
        assertTrue(Files.exists(logFile), "the test profile writes the log to " + logFile);
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(log.contains("/petitions"), "the access log is on, so a leak through URLs would show");
        for (String secret : secrets) {
            assertFalse(event.contains(secret), "event carries " + secret);
            assertFalse(log.contains(secret), "log carries " + secret);
            assertFalse(database.contains(secret), "a database row carries " + secret + " in clear");
            assertFalse(database.contains(hex(secret)), "a database row carries " + secret + " in clear (bytea)");
        }
    }

    private static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}

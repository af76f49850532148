package gov.petitions.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A petitioner's phone number, name and address are used at send time and then forgotten: after an SMS, a
 * letter and its PDF, and a failing attempt, none of them is in any MongoDB collection or in the log output.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class PiiNeverAtRestTest {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void contactDetailsAreNeitherStoredNorLogged() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        String phone = "1355" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        String name = "欧阳" + (char) ('甲' + ThreadLocalRandom.current().nextInt(10)) + "测";
        String address = "安徽省蚌埠市保密路" + ThreadLocalRandom.current().nextInt(1000, 9999) + "号";
        Received.contact(ref, name, phone, address);
        Received.failSms(ref, 1); // a failure is logged and stored too: it must not carry the number either

        Events.registered(petitionId, ref, number);
        Events.statusChanged(petitionId, number, "ACCEPTED", "NOT_ACCEPTED", "不属于信访事项受理范围");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> messages = ChannelsTest.messages(petitionId);
            return messages.size() == 3 && messages.stream().allMatch(m -> "DELIVERED".equals(m.get("status")));
        });
        List<Map<String, Object>> messages = ChannelsTest.messages(petitionId);
        String letterId = (String) messages.stream().filter(m -> "LETTER".equals(m.get("channel"))).findFirst()
                .orElseThrow().get("messageId");
        byte[] pdf = given().auth().oauth2(TestTokens.clerk()).get("/print-queue/" + letterId + "/pdf")
                .then().statusCode(200).extract().asByteArray();
        assertTrue(pdf.length > 500);
        // the gateway got the number in clear; we kept only the masked form
        assertTrue(Received.requests("sms").stream().anyMatch(r -> ((String) r.get("body")).contains(phone)));
        assertTrue(messages.stream().anyMatch(m -> m.toString().contains(phone.substring(0, 3) + "****" + phone.substring(7))));

        MongoDatabase db = mongo.getDatabase(database);
        List<String> found = new ArrayList<>();
        for (String collection : db.listCollectionNames()) {
            for (Document document : db.getCollection(collection).find()) {
                String json = document.toJson();
                if (json.contains(phone) || json.contains(name) || json.contains(address)) {
                    found.add(collection + ": " + document.get("_id"));
                }
            }
        }
        assertEquals(List.of(), found, "documents holding a clear contact detail");

        Thread.sleep(500); // let the log file catch up
        String log = Files.readString(Path.of("target", "notification-test.log"), StandardCharsets.UTF_8);
        assertFalse(log.isEmpty());
        assertTrue(log.contains(petitionId.substring(0, 8)) || log.contains("SMS gateway answered HTTP 500"),
                "the log file is the one this service writes");
        assertFalse(log.contains(phone), "phone number in the log");
        assertFalse(log.contains(name), "name in the log");
        assertFalse(log.contains(address), "address in the log");
    }
}

package gov.petitions.intake;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 item 2: every date intake shows is China's date, whatever the server's zone. At 23:30 UTC on the 4th it
 * is 07:30 on the 5th in Hefei, and at 16:30 UTC 00:30 on the 5th: the tracking number, the receipt and the public
 * status page all say the 5th.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ChinaDatesTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T23:30:00Z", "2026-12-04T16:30:00Z"})
    void theTrackingNumberTheReceiptAndTheStatusPageCarryChinasDate(String at) {
        clock.moveTo(Instant.parse(at));
        Map<String, Object> body = new java.util.HashMap<>(Map.of("categoryCode", "labour-wages", "locationCode", "341302",
                "summary", "深夜网上反映欠薪", "petitioner", Bodies.person("周明", Bodies.mobile(), null)));
        JsonPath receipt = given().contentType(ContentType.JSON).body(body).post("/public/petitions")
                .then().statusCode(201).extract().jsonPath();
        String tracking = receipt.getString("trackingNumber");
        assertTrue(tracking.startsWith("XF20261205"), tracking);
        assertEquals("2026-12-05", receipt.getString("registeredOn"));
        OffsetDateTime registeredAt = OffsetDateTime.parse(receipt.getString("registeredAt"));
        assertEquals("+08:00", registeredAt.getOffset().getId(), "as a person in China reads it");
        assertEquals("2026-12-05", registeredAt.toLocalDate().toString());

        given().contentType(ContentType.JSON).body(Map.of("trackingNumber", tracking, "queryCode", receipt.getString("queryCode")))
                .post("/public/status-lookups").then().statusCode(200)
                .body("registeredOn", equalTo("2026-12-05"))
                .body("registeredAt", org.hamcrest.Matchers.startsWith("2026-12-05T"));

        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + receipt.getString("petitionId")).then().statusCode(200)
                .body("registeredAt", org.hamcrest.Matchers.startsWith("2026-12-05T"));
    }

    @Test
    void aLetterReceivedTodayInChinaIsNotInTheFutureAtHalfPastFourUtc() {
        clock.moveTo(Instant.parse("2026-12-04T16:30:00Z")); // 00:30 on the 5th in China
        Map<String, Object> letter = Bodies.petition("LETTER", "land-housing", "340104", "零点后登记的来信",
                Bodies.person("陈立新", Bodies.mobile(), null));
        letter.put("letter", Map.of("receivedOn", "2026-12-05"));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(letter)
                .post("/petitions").then().statusCode(201);

        letter.put("letter", Map.of("receivedOn", "2026-12-06"));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(letter)
                .post("/petitions").then().statusCode(400).body("violations.field", hasItem("letter.receivedOn"));
    }
}

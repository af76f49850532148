package gov.petitions.supervision;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed's own figures: December 2021 against December 2020, province-wide. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class StatisticsTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /**
     * Issue 18, items 2 and 4: petitions are dated by the day they reached the bureau in China — a letter by the day it
     * was received, anything else by its registration's date in China — and "this month" is this month in China.
     */
    @Test
    void lettersCountOnTheDayTheyWereReceivedAndEveryDayIsChinas() throws Exception {
        String place = "341881";
        long november = batches("month", "2026-11", place);
        long december = batches("month", "2026-12", place);
        long decemberFirst = batches("day", "2026-12-01", place);

        // a letter received on 30 November and registered on 1 December counts in November
        QuarkusTransaction.requiringNew().run(() -> LedgerEntry.getEntityManager().createNativeQuery(
                "insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code, person_count,"
                        + " registered_at, received_on, updated_at, channel) values (gen_random_uuid(), 'XF20261201000001',"
                        + " 'REGISTERED', 'other', :place, 1, timestamptz '2026-12-01 10:00+08', date '2026-11-30', now(), 'LETTER')")
                .setParameter("place", place).executeUpdate());
        // a walk-in registered at 16:30 UTC on 30 November was registered at 00:30 on 1 December in China
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.parse("2026-11-30T16:30:00.001Z");
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                ScopeAndRecusalTest.registered(id, place, null, at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("34"))
                .get("/ledger/" + id).then().statusCode(200));

        assertEquals(november + 1, batches("month", "2026-11", place));
        assertEquals(december + 1, batches("month", "2026-12", place));
        assertEquals(decemberFirst + 1, batches("day", "2026-12-01", place));

        // without a date: the current month, day and year in China by the service's clock
        clock.moveTo(Instant.parse("2026-11-30T16:30:00Z"));
        current("month").body("date", equalTo("2026-12"));
        current("day").body("date", equalTo("2026-12-01"));
        clock.moveTo(Instant.parse("2026-12-31T16:30:00Z"));
        current("year").body("date", equalTo("2027"));
        clock.moveTo(Instant.parse("2026-11-30T15:30:00Z"));
        current("month").body("date", equalTo("2026-11")).body("total.batches", equalTo((int) november + 1));
    }

    private static long batches(String period, String date, String jurisdiction) {
        return ((Number) given().auth().oauth2(TestTokens.supervisor("34")).queryParam("period", period).queryParam("date", date)
                .queryParam("jurisdiction", jurisdiction).get("/statistics/volume").then().statusCode(200)
                .extract().path("total.batches")).longValue();
    }

    private static io.restassured.response.ValidatableResponse current(String period) {
        return given().auth().oauth2(TestTokens.supervisor("34")).queryParam("period", period).queryParam("jurisdiction", "341881")
                .get("/statistics/volume").then().statusCode(200);
    }

    @Test
    void decemberTwentyTwentyOneIsUpFortyThreePointOneFivePercentInBatches() {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            em.createNativeQuery("delete from ledger_entry where received_on >= '2020-12-01' and received_on < '2021-01-01'"
                    + " or received_on >= '2021-12-01' and received_on < '2022-01-01'").executeUpdate();
            // registered petitions only: no imported figures for these months (VolumeImportTest removes its own)
            em.createNativeQuery("delete from historical_volume where month in ('2020-12-01', '2021-12-01')").executeUpdate();
            // 3,583 batches, 6,435 person-times
            em.createNativeQuery("insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code,"
                    + " person_count, registered_at, received_on, updated_at, channel, is_repeat) select gen_random_uuid(), 'XF20211201' || lpad(g::text, 6, '0'),"
                    + " 'REGISTERED', 'other', case when g % 3 = 0 then '341302' else '340102' end,"
                    + " case when g <= 2852 then 2 else 1 end, timestamptz '2021-12-01 09:00+08' + (g % 31) * interval '1 day',"
                    + " date '2021-12-01' + (g % 31),"
                    + " now(), case when g % 4 = 0 then 'LETTER' else 'WALK_IN' end, g <= 1433 from generate_series(1, 3583) g").executeUpdate();
            // 2,503 batches, 5,369 person-times
            em.createNativeQuery("insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code,"
                    + " person_count, registered_at, received_on, updated_at, channel) select gen_random_uuid(), 'XF20201201' || lpad(g::text, 6, '0'),"
                    + " 'REGISTERED', 'other', '340102', case when g <= 363 then 3 else 2 end,"
                    + " timestamptz '2020-12-01 09:00+08' + (g % 31) * interval '1 day', date '2020-12-01' + (g % 31), now(), 'WALK_IN'"
                    + " from generate_series(1, 2503) g").executeUpdate();
        });

        given().auth().oauth2(TestTokens.supervisor("34"))
                .queryParam("period", "month").queryParam("date", "2021-12")
                .when().get("/statistics/volume")
                .then().statusCode(200)
                .body("total.batches", equalTo(3583))
                .body("total.personTimes", equalTo(6435))
                .body("previousYear.batches", equalTo(2503))
                .body("previousYear.personTimes", equalTo(5369))
                .body("batchesChangePercent", equalTo(43.15f))
                .body("personTimesChangePercent", equalTo(19.85f))
                .body("byChannel.LETTER.batches", equalTo(895))
                .body("byCategory.other.batches", equalTo(3583))
                // about 40% of matters are repeat petitions (重复信访), as in the seed
                .body("repeatBatches", equalTo(1433))
                .body("repeatSharePercent", equalTo(39.99f));

        given().auth().oauth2(TestTokens.supervisor("34"))
                .queryParam("period", "month").queryParam("date", "2021-12").queryParam("jurisdiction", "341302")
                .when().get("/statistics/volume")
                .then().statusCode(200).body("total.batches", equalTo(1194)).body("previousYear.batches", equalTo(0));

        given().auth().oauth2(TestTokens.supervisor("34"))
                .queryParam("period", "month").queryParam("date", "2021-13")
                .when().get("/statistics/volume")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor("3413"))
                .queryParam("period", "month").queryParam("date", "2021-12").queryParam("jurisdiction", "3401")
                .when().get("/statistics/volume").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor("3413"))
                .queryParam("period", "month").queryParam("date", "2021-12")
                .when().get("/statistics/volume").then().statusCode(200).body("jurisdiction", equalTo("3413"))
                .body("total.batches", equalTo(1194));
        given().auth().oauth2(TestTokens.handler("341302-RSJ"))
                .queryParam("period", "month").queryParam("date", "2021-12")
                .when().get("/statistics/volume").then().statusCode(403);
    }

    @Test
    void theThreeRatesOnTimeAndTheBacklog() {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            em.createNativeQuery("delete from ledger_entry where received_on >= '2020-01-01' and received_on < '2020-02-01'")
                    .executeUpdate();
            String insert = "insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code, person_count,"
                    + " registered_at, received_on, updated_at, channel, acceptance_due_at, accepted_at, handling_due_at, replied_at, closed_at, satisfied)"
                    + " select gen_random_uuid(), 'XF20200110000001', :status, 'other', '340102', 1, timestamptz '2020-01-10 10:00+08', date '2020-01-10', now(),"
                    + " 'WALK_IN', timestamptz '2020-01-25 10:00+08', cast(nullif(:accepted, '') as timestamptz), cast(nullif(:due, '') as timestamptz),"
                    + " cast(nullif(:replied, '') as timestamptz), cast(nullif(:closed, '') as timestamptz), cast(nullif(:satisfied, '') as boolean) from generate_series(1, :n)";
            Object[][] rows = {
                    // status, accepted, handling due, replied, closed, satisfied, how many
                    {"REPLIED", "2020-01-12T10:00+08", "2020-03-12T10:00+08", "2020-02-01T10:00+08", null, "true", 2},
                    {"REPLIED", "2020-01-12T10:00+08", "2020-03-12T10:00+08", "2020-02-01T10:00+08", null, "false", 1},
                    {"REPLIED", "2020-01-12T10:00+08", "2020-03-12T10:00+08", "2020-04-01T10:00+08", null, null, 1},
                    {"NOT_ACCEPTED", null, null, null, "2020-01-20T10:00+08", null, 2},
                    {"ACCEPTED", "2020-01-30T10:00+08", "2020-03-30T10:00+08", null, null, null, 1},
                    {"ASSIGNED", null, null, null, null, null, 3}};
            for (Object[] r : rows) {
                em.createNativeQuery(insert).setParameter("status", r[0]).setParameter("accepted", text(r[1]))
                        .setParameter("due", text(r[2])).setParameter("replied", text(r[3])).setParameter("closed", text(r[4]))
                        .setParameter("satisfied", text(r[5])).setParameter("n", r[6]).executeUpdate();
            }
        });
        given().auth().oauth2(TestTokens.auditor()).queryParam("period", "month").queryParam("date", "2020-01")
                .when().get("/statistics/performance")
                .then().statusCode(200)
                .body("registered", equalTo(10))
                .body("responseRatePercent", equalTo(60.00f))
                .body("resolutionRatePercent", equalTo(80.00f))
                .body("satisfactionRatePercent", equalTo(66.67f))
                .body("onTimeRatePercent", equalTo(75.00f))
                .body("backlogOpen", equalTo(4))
                .body("backlogResolutionRatePercent", equalTo(20.00f));

        String csv = given().auth().oauth2(TestTokens.auditor()).accept("text/csv")
                .queryParam("period", "month").queryParam("date", "2020-01")
                .when().get("/statistics/volume").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(csv.contains("month,2020-01,34,TOTAL,10,10"), csv);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}

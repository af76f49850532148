package gov.petitions.supervision;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The seed's own figures: December 2021 against December 2020, province-wide. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class StatisticsTest {

    @Test
    void decemberTwentyTwentyOneIsUpFortyThreePointOneFivePercentInBatches() {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            em.createNativeQuery("delete from ledger_entry where registered_at >= '2020-12-01T00:00+08' and registered_at < '2021-01-01T00:00+08'"
                    + " or registered_at >= '2021-12-01T00:00+08' and registered_at < '2022-01-01T00:00+08'").executeUpdate();
            // 3,583 batches, 6,435 person-times
            em.createNativeQuery("insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code,"
                    + " person_count, registered_at, updated_at, channel, is_repeat) select gen_random_uuid(), 'XF20211201' || lpad(g::text, 6, '0'),"
                    + " 'REGISTERED', 'other', case when g % 3 = 0 then '341302' else '340102' end,"
                    + " case when g <= 2852 then 2 else 1 end, timestamptz '2021-12-01 09:00+08' + (g % 31) * interval '1 day',"
                    + " now(), case when g % 4 = 0 then 'LETTER' else 'WALK_IN' end, g <= 1433 from generate_series(1, 3583) g").executeUpdate();
            // 2,503 batches, 5,369 person-times
            em.createNativeQuery("insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code,"
                    + " person_count, registered_at, updated_at, channel) select gen_random_uuid(), 'XF20201201' || lpad(g::text, 6, '0'),"
                    + " 'REGISTERED', 'other', '340102', case when g <= 363 then 3 else 2 end,"
                    + " timestamptz '2020-12-01 09:00+08' + (g % 31) * interval '1 day', now(), 'WALK_IN'"
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
            em.createNativeQuery("delete from ledger_entry where registered_at >= '2020-01-01T00:00+08' and registered_at < '2020-02-01T00:00+08'")
                    .executeUpdate();
            String insert = "insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code, person_count,"
                    + " registered_at, updated_at, channel, acceptance_due_at, accepted_at, handling_due_at, replied_at, closed_at, satisfied)"
                    + " select gen_random_uuid(), 'XF20200110000001', :status, 'other', '340102', 1, timestamptz '2020-01-10 10:00+08', now(),"
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

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.supervision.service.DeadlineCalendar;
import gov.petitions.supervision.service.HolidayCalendar;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 8: working-day clocks skip the State Council's holidays and count its make-up working days in the
 * shipped configuration, from the calendar the release ships (2026: 国办发明电〔2025〕7号), and an admin of the province
 * updates a year without a release.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class HolidayCalendarTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** The Friday before the 2026 Spring Festival holiday (2-15 to 2-23; 2-14 and 2-28 are worked). */
    private static final OffsetDateTime FRIDAY_FEB_13 = OffsetDateTime.parse("2026-02-13T10:00:00+08:00");

    @Inject
    DeadlineCalendar calendar;

    @Inject
    HolidayCalendar holidays;

    @Test
    void theShippedCalendarIsLoadedWithItsSource() {
        given().auth().oauth2(TestTokens.clerk()).get("/calendar/holidays/2026").then().statusCode(200)
                .body("source", containsString("国办发明电〔2025〕7号"))
                .body("days.findAll { it.kind == 'HOLIDAY' && it.name == '春节' }.date", equalTo(List.of("2026-02-15",
                        "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23")))
                .body("days.findAll { it.kind == 'WORKING_DAY' }.date", hasItems("2026-02-14", "2026-02-28", "2026-10-10"));
        given().auth().oauth2(TestTokens.handler("3413-RSJ")).get("/calendar/holidays").then().statusCode(200)
                .body("years.year", hasItem(2026));
        given().auth().oauth2(TestTokens.clerk()).get("/calendar/holidays/2199").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theHotlineClockSkipsTheSpringFestivalAndCountsTheMakeUpSaturdays() {
        // working days from Sat 14 Feb (make-up): 14; 24, 25, 26, 27; 28 (make-up); 2-6 Mar; 9, 10, 11, 12 Mar
        assertEquals(OffsetDateTime.parse("2026-03-12T10:00:00+08:00"),
                calendar.due(FRIDAY_FEB_13, Duration.ofDays(15), "HOTLINE").atZoneSameInstant(CHINA).toOffsetDateTime());
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-02-14")));
        assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-02-16")));
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-02-28")));
        // a letter counts calendar days, holiday or not
        assertEquals(FRIDAY_FEB_13.plusDays(15).toInstant(), calendar.due(FRIDAY_FEB_13, Duration.ofDays(15), "LETTER").toInstant());
    }

    @Test
    void aHotlinePetitionRegisteredBeforeTheSpringFestivalGetsItsDeadlineAfterIt() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = FRIDAY_FEB_13.plusNanos(1_000_000);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                hotline(ScopeAndRecusalTest.registered(id, "341302", null, at)));
        // registered first: an assignment that overtakes the registration does not know the channel yet
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("34"))
                .get("/ledger/" + id).then().statusCode(200));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                ScopeAndRecusalTest.assigned(id, "341302", 1, "3413-RSJ", "CITY", at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String due = given().auth().oauth2(TestTokens.supervisor("34")).get("/ledger/" + id).then().statusCode(200)
                    .body("acceptanceDueAt", notNullValue()).extract().path("acceptanceDueAt");
            // 15 working days: not 6 March (weekends only), but 12 March
            assertEquals(LocalDate.parse("2026-03-12"), OffsetDateTime.parse(due).atZoneSameInstant(CHINA).toLocalDate());
        });
    }

    @Test
    void theProvincesAdminLoadsAYearWithoutARelease() {
        String province = TestTokens.token("admin-34", Set.of("admin"), null, "34");
        Map<String, Object> year2098 = Map.of("source", "国务院办公厅关于2098年部分节假日安排的通知（测试）",
                "holidays", List.of(Map.of("date", "2098-01-01", "name", "元旦"), Map.of("date", "2098-01-02", "name", "元旦")),
                "workingDays", List.of(Map.of("date", "2098-01-04", "name", "元旦调休")));
        // 2098-01-01 is a Wednesday: without the calendar, Tue 31 Dec + 2 working days is Thu 2 Jan
        OffsetDateTime newYearsEve = OffsetDateTime.parse("2097-12-31T09:00:00+08:00");

        // a city's admin, an admin without the claim and a supervisor may not; bad days are named, nothing changes
        for (String token : List.of(TestTokens.token("admin-3413", Set.of("admin"), null, "3413"),
                TestTokens.token("admin-none", Set.of("admin"), null, null))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(year2098).put("/calendar/holidays/2098")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(year2098)
                .put("/calendar/holidays/2098").then().statusCode(403);
        given().auth().oauth2(province).contentType(ContentType.JSON)
                .body(Map.of("source", "x", "holidays", List.of(Map.of("date", "2097-12-31", "name", "除夕"),
                                Map.of("date", "2098-01-01", "name", "元旦"), Map.of("date", "2098-01-01", "name", "元旦")),
                        "workingDays", List.of(Map.of("date", "2098-01-06", "name", "调休"))))
                .put("/calendar/holidays/2098").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("holidays[0].date", "holidays[2].date", "workingDays[0].date")))
                .body("violations[2].message", containsString("Saturday or a Sunday"));
        given().auth().oauth2(province).contentType(ContentType.JSON).body(Map.of("source", "x", "holidays", List.of()))
                .put("/calendar/holidays/2098").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(province).contentType(ContentType.JSON).body("{\"source\":\"x\",\"holidays\":[{\"date\":\"2098-02-30\",\"name\":\"x\"}],\"workingDays\":[]}")
                .put("/calendar/holidays/2098").then().statusCode(400).contentType("application/problem+json");
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            em.createNativeQuery("delete from holiday_day where year = 2098").executeUpdate();
            em.createNativeQuery("delete from holiday_year where year = 2098").executeUpdate();
        });
        holidays.reload();
        assertEquals(OffsetDateTime.parse("2098-01-02T09:00:00+08:00").toInstant(),
                calendar.due(newYearsEve, Duration.ofDays(2), "HOTLINE").toInstant());

        given().auth().oauth2(province).contentType(ContentType.JSON).body(year2098).put("/calendar/holidays/2098")
                .then().statusCode(200).body("origin", equalTo("ADMIN")).body("updatedBy", equalTo("admin-34"))
                .body("days.date", equalTo(List.of("2098-01-01", "2098-01-02", "2098-01-04")));
        // at once on this replica: 1 and 2 Jan off, Sat 4 Jan worked — two working days from the 31st end on the 4th
        assertEquals(OffsetDateTime.parse("2098-01-04T09:00:00+08:00").toInstant(),
                calendar.due(newYearsEve, Duration.ofDays(2), "HOTLINE").toInstant());
        long audited = QuarkusTransaction.requiringNew().call(() -> ((Number) LedgerEntry.getEntityManager().createNativeQuery(
                "select count(*) from holiday_change where year = 2098 and changed_by = 'admin-34' and origin = 'ADMIN'"
                        + " and holidays = 2 and working_days = 1").getSingleResult()).longValue());
        assertTrue(audited >= 1, "the change is audited");
    }

    @Test
    void anAdminsYearIsKeptOverTheShippedOneAtTheNextStart() {
        String province = TestTokens.token("admin-34", Set.of("admin"), null, "34");
        try {
            given().auth().oauth2(province).contentType(ContentType.JSON)
                    .body(Map.of("source", "管理员更正（测试）", "holidays", List.of(Map.of("date", "2026-02-16", "name", "春节")),
                            "workingDays", List.of()))
                    .put("/calendar/holidays/2026").then().statusCode(200);
            holidays.loadShipped();
            given().auth().oauth2(TestTokens.clerk()).get("/calendar/holidays/2026").then().statusCode(200)
                    .body("origin", equalTo("ADMIN")).body("source", equalTo("管理员更正（测试）"));
            assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-02-16")));
            assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-02-14")), "a plain Saturday again in the admin's year");
        } finally {
            // back to the release's calendar, as a fresh deployment has it
            QuarkusTransaction.requiringNew().run(() -> LedgerEntry.getEntityManager()
                    .createNativeQuery("update holiday_year set origin = 'SHIPPED', shipped_hash = null where year = 2026").executeUpdate());
            holidays.loadShipped();
        }
        given().auth().oauth2(TestTokens.clerk()).get("/calendar/holidays/2026").then().statusCode(200)
                .body("origin", equalTo("SHIPPED")).body("source", containsString("国办发明电"));
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-02-14")));
    }

    private static String hotline(String json) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(json);
        data.put("channel", "HOTLINE");
        return JSON.writeValueAsString(data);
    }
}

package gov.petitions.intake;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 items 6 and 9: a session opens only on its day in China, from a grace (2 hours) before its start hour;
 * and a session holds as many desks as the largest real reception days (40 joint desks 联合接谈组 under one
 * provincial leader), with the queue still handing each ticket to exactly one desk when all of them call at once.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ReceptionDayAndDesksTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<String, Object> session(String county, LocalDate date, String startsAt, int desks) {
        Map<String, Object> body = ReceptionSessionTest.session(county, date, "程建国");
        body.put("level", "PROVINCE");
        body.put("leaderTitle", "副省长");
        body.put("startsAt", startsAt);
        body.put("endsAt", "17:00");
        body.put("desks", IntStream.rangeClosed(1, desks)
                .mapToObj(i -> Map.of("name", "第" + i + "联合接谈组", "staff", List.of("组长" + i))).toList());
        return body;
    }

    private static Response opening(String sessionId) {
        return given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + sessionId + "/opening");
    }

    @Test
    void aSessionOpensOnlyOnItsDayInChinaFromTwoHoursBeforeItStarts() {
        clock.moveTo(Instant.parse("2026-12-05T00:00:00Z")); // 08:00 on 12-05 in China, eight days ahead
        String sessionId = ReceptionSessionTest.create(session(ReceptionSessionTest.randomCounty(),
                LocalDate.parse("2026-12-13"), "09:00", 2));
        ReceptionSessionTest.publish(sessionId);

        opening(sessionId).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/session-not-yet"))
                .body("detail", containsString("2026-12-13 07:00"));

        // 16:30 UTC on the 12th is 00:30 on the 13th in China: its day, but not yet two hours before 09:00
        clock.moveTo(Instant.parse("2026-12-12T16:30:00Z"));
        opening(sessionId).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/session-not-yet"));
        // 06:59 in China
        clock.moveTo(Instant.parse("2026-12-12T22:59:00Z"));
        opening(sessionId).then().statusCode(409);

        // 00:30 UTC on the 13th is 08:30 in China: within the grace
        clock.moveTo(Instant.parse("2026-12-13T00:30:00Z"));
        opening(sessionId).then().statusCode(200).body("status", equalTo("OPEN"));
    }

    @Test
    void aSessionWhoseDayIsOverNoLongerOpens() {
        clock.moveTo(Instant.parse("2026-12-05T00:00:00Z"));
        String sessionId = ReceptionSessionTest.create(session(ReceptionSessionTest.randomCounty(),
                LocalDate.parse("2026-12-14"), "09:00", 1));
        ReceptionSessionTest.publish(sessionId);
        clock.moveTo(Instant.parse("2026-12-14T16:30:00Z")); // 00:30 on the 15th in China
        opening(sessionId).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/session-day-over"));
    }

    @Test
    void aSessionHoldsSixtyDesksByDefaultAndNoMore() {
        LocalDate day = LocalDate.now(CHINA).plusDays(30);
        ReceptionSessionTest.create(session(ReceptionSessionTest.randomCounty(), day, "09:00", 60));
        given().auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON)
                .body(session(ReceptionSessionTest.randomCounty(), day, "09:00", 61)).post("/reception-sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/too-many-desks"))
                .body("detail", containsString("60"));
    }

    /**
     * Forty desks call at once, two clerks per desk, round after round: every ticket goes to exactly one desk, and a
     * desk never holds two visitors at once (its second clerk gets the same ticket back).
     */
    @Test
    void fortyDesksCallingAtOnceEachGetTheirOwnTicketAndEveryTicketIsHandedOutOnce() throws Exception {
        int desks = 40;
        int tickets = 100;
        String county = ReceptionSessionTest.randomCounty();
        // a day of its own, so no other run's carried-over tickets join this queue
        LocalDate day = LocalDate.now(CHINA).plusDays(20 + java.util.concurrent.ThreadLocalRandom.current().nextInt(300));
        String sessionId = ReceptionSessionTest.create(session(county, day, "09:00", desks));
        ReceptionSessionTest.publish(sessionId);
        clock.moveTo(day.atTime(8, 0).atZone(CHINA).toInstant());
        opening(sessionId).then().statusCode(200);
        String clerk = TestTokens.clerk();
        // earlier runs may have left tickets of this county waiting from earlier days: they are served first
        int waitingBefore = given().auth().oauth2(clerk).get("/reception-sessions/" + sessionId + "/queue")
                .then().statusCode(200).extract().jsonPath().getList("$").size();
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < tickets; i++) {
            issued.add(given().auth().oauth2(clerk).post("/reception-sessions/" + sessionId + "/tickets")
                    .then().statusCode(201).extract().path("ticketId"));
        }

        Map<String, Integer> holder = new ConcurrentHashMap<>(); // ticket → desk
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(desks * 2);
        try {
            int rounds = 0;
            while (true) {
                rounds++;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String[]>> calls = new ArrayList<>();
                for (int desk = 1; desk <= desks; desk++) {
                    for (int clerkAtDesk = 0; clerkAtDesk < 2; clerkAtDesk++) {
                        int d = desk;
                        calls.add(pool.submit(() -> {
                            start.await();
                            Response r = given().auth().oauth2(clerk)
                                    .post("/reception-sessions/" + sessionId + "/desks/" + d + "/next-ticket");
                            assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.asString());
                            return r.statusCode() == 204 ? new String[] {String.valueOf(d), null}
                                    : new String[] {String.valueOf(d), r.jsonPath().getString("ticketId")};
                        }));
                    }
                }
                start.countDown();
                Map<Integer, Set<String>> byDesk = new HashMap<>();
                for (Future<String[]> call : calls) {
                    String[] answer = call.get(60, TimeUnit.SECONDS);
                    if (answer[1] != null) {
                        byDesk.computeIfAbsent(Integer.parseInt(answer[0]), k -> new HashSet<>()).add(answer[1]);
                    }
                }
                if (byDesk.isEmpty()) {
                    break;
                }
                for (Map.Entry<Integer, Set<String>> desk : byDesk.entrySet()) {
                    assertEquals(1, desk.getValue().size(), "desk " + desk.getKey() + " holds two visitors at once: " + desk.getValue());
                    String ticket = desk.getValue().iterator().next();
                    Integer earlier = holder.putIfAbsent(ticket, desk.getKey());
                    if (earlier != null) {
                        duplicates.add(ticket + " to desks " + earlier + " and " + desk.getKey());
                    }
                }
                // each desk registers its visitor, concurrently, and is free for the next call
                List<Future<?>> registrations = new ArrayList<>();
                for (Map.Entry<Integer, Set<String>> desk : byDesk.entrySet()) {
                    String ticket = desk.getValue().iterator().next();
                    registrations.add(pool.submit(() -> given().auth().oauth2(clerk).contentType(ContentType.JSON)
                            .body(Map.of("categoryCode", "labour-wages", "locationCode", county, "summary", "公开接访登记",
                                    "petitioner", Bodies.person("来访人", Bodies.mobile(), null)))
                            .post("/reception-sessions/" + sessionId + "/tickets/" + ticket + "/registration")
                            .then().statusCode(201)));
                }
                for (Future<?> registration : registrations) {
                    registration.get(60, TimeUnit.SECONDS);
                }
                assertTrue(rounds < 20, "the queue never emptied");
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), duplicates, "a ticket handed to two desks");
        assertTrue(holder.keySet().containsAll(issued), "every ticket issued was handed to a desk");
        assertEquals(tickets + waitingBefore, holder.size(), "each ticket exactly once, nothing else");
        given().auth().oauth2(clerk).get("/reception-sessions/" + sessionId + "/queue").then().statusCode(200)
                .body("size()", equalTo(0));
        given().auth().oauth2(clerk).post("/reception-sessions/" + sessionId + "/closing").then().statusCode(200)
                .body("registered", equalTo(tickets + waitingBefore));
    }
}

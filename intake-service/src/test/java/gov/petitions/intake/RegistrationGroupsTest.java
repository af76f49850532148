package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registrations that share a commit (RegistrationGroups) behave as if each had been alone: one that fails does not
 * fail the others of its group, concurrent retries with one Idempotency-Key still make one petition, and a person
 * registering twice in one group is recognised the second time. Groups wait up to 200 ms here, so that requests sent
 * together are written together.
 */
@QuarkusTest
@TestProfile(RegistrationGroupsTest.SlowGroups.class)
@QuarkusTestResource(TestSecrets.class)
class RegistrationGroupsTest {

    public static class SlowGroups implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("intake.registration.group.max-wait", "PT0.2S",
                    "intake.abuse.submissions-per-phone-per-day", "1");
        }
    }

    private static Map<String, Object> online(String phone) {
        return Map.of("categoryCode", "education", "locationCode", "340102", "summary", "分组提交测试",
                "petitioner", Bodies.person("分组测试", phone, null));
    }

    private static ExtractableResponse<Response> submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/public/petitions").then().extract();
    }

    /** Runs the calls at the same moment and returns their answers in order. */
    private static <T> List<T> together(List<Supplier<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Supplier<T> call : calls) {
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneRefusedRegistrationDoesNotFailTheOthersOfItsGroup() throws Exception {
        String usedUp = Bodies.mobile();
        assertEquals(201, submit(online(usedUp)).statusCode(), "the phone's one submission of the day");
        long before = petitions();

        List<Supplier<ExtractableResponse<Response>>> calls = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String phone = Bodies.mobile();
            phones.add(phone);
            calls.add(() -> submit(online(phone)));
        }
        calls.add(3, () -> submit(online(usedUp))); // fails inside the group, after others have written their rows
        List<ExtractableResponse<Response>> answers = together(calls);

        ExtractableResponse<Response> refused = answers.remove(3);
        assertEquals(429, refused.statusCode());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertTrue(refused.path("type").toString().endsWith("submissions-per-phone"), refused.asString());
        Set<String> trackingNumbers = new HashSet<>();
        for (ExtractableResponse<Response> answer : answers) {
            assertEquals(201, answer.statusCode(), answer.asString());
            trackingNumbers.add(answer.path("trackingNumber"));
            assertEquals(1, outboxRowsFor(answer.path("petitionId")), "its event is in the outbox");
        }
        assertEquals(7, trackingNumbers.size());
        assertEquals(7, petitions() - before, "the seven others are registered, the refused one is not");
        // each counted once (the group's rolled-back attempt left no count behind), the used-up phone not again
        for (String phone : phones) {
            assertEquals(429, submit(online(phone)).statusCode(), "a second submission the same day is over the allowance");
        }
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyMakeOnePetition() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341302", "并发重试只登记一次",
                Bodies.person("韩梅", Bodies.mobile(), Bodies.idNumber()));
        long before = petitions();
        List<Supplier<ExtractableResponse<Response>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", key).body(body).post("/petitions").then().extract());
        }
        List<ExtractableResponse<Response>> answers = together(calls);

        Set<String> petitionIds = new HashSet<>();
        Set<String> codes = new HashSet<>();
        int replayed = 0;
        for (ExtractableResponse<Response> answer : answers) {
            assertEquals(201, answer.statusCode(), answer.asString());
            petitionIds.add(answer.path("petitionId"));
            codes.add(answer.path("queryCode"));
            replayed += "true".equals(answer.header("Idempotent-Replayed")) ? 1 : 0;
        }
        assertEquals(1, petitionIds.size(), "one petition");
        assertEquals(1, codes.size(), "one query code");
        assertEquals(7, replayed, "all but the first are replays");
        assertEquals(1, petitions() - before);
        assertEquals(1, outboxRowsFor(petitionIds.iterator().next()), "one event");
    }

    @Test
    void aPersonRegisteringTwiceInOneGroupIsRecognisedTheSecondTime() throws Exception {
        Map<String, Object> person = Bodies.person("李雷", Bodies.mobile(), Bodies.idNumber());
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341302", "工地拖欠工资三个月未发", person);
        List<Supplier<String>> calls = List.of(
                () -> given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                        .post("/petitions").then().statusCode(201).extract().path("petitionId"),
                () -> given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                        .post("/petitions").then().statusCode(201).extract().path("petitionId"));
        List<String> ids = together(calls);

        List<ExtractableResponse<Response>> views = ids.stream().map(id -> given().auth().oauth2(TestTokens.clerk())
                .get("/petitions/" + id).then().statusCode(200).extract()).toList();
        assertEquals((String) views.get(0).path("petitionerRef"), views.get(1).path("petitionerRef"), "one person");
        ExtractableResponse<Response> first = ((Integer) views.get(0).path("priorPetitions")) == 0 ? views.get(0) : views.get(1);
        ExtractableResponse<Response> second = first == views.get(0) ? views.get(1) : views.get(0);
        assertEquals(0, (Integer) first.path("priorPetitions"));
        assertNull(first.path("repeatOf"));
        assertEquals(1, (Integer) second.path("priorPetitions"));
        assertNotNull(second.path("repeatOf"));
        assertEquals((String) first.path("petitionId"), second.path("repeatOf"), "the repeat points at the first");
    }

    private static long petitions() {
        return QuarkusTransaction.requiringNew().call(() -> Petition.count());
    }

    private static long outboxRowsFor(String petitionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Petition.getEntityManager()
                .createNativeQuery("select count(*) from outbox_event where record_key = :key")
                .setParameter("key", petitionId).getSingleResult()).longValue());
    }
}

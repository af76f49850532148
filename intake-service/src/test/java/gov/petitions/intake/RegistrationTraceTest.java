package gov.petitions.intake;

import gov.petitions.testing.OtlpReceiver;
import gov.petitions.testing.OtlpReceiver.ReceivedSpan;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import gov.petitions.testing.TracingOn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace per petition, its first hop (docs/tracing.md): with an OTLP endpoint configured (here an in-process
 * receiver, {@link TracingOn}), the span of {@code POST /petitions} is exported, and the petition.registered record
 * that the outbox relay publishes later, from its own thread, carries a {@code traceparent} of the same trace whose
 * parent chain is request span → the relay's producer span. Registrations that share one commit (group commit,
 * RegistrationGroups) each keep their own trace.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(value = TracingOn.class, restrictToAnnotatedClass = true)
class RegistrationTraceTest {

    private static final Duration EXPORT = Duration.ofSeconds(20);

    /** Filled in by {@link TracingOn}. */
    OtlpReceiver receiver;

    private static Map<String, Object> walkIn(String name, String phone) {
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341302", "工程款拖欠，农民工工资未发放",
                Bodies.person(name, phone, null));
        body.put("personCount", 1);
        return body;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theRegisteredEventContinuesTheTraceOfTheRequestThroughTheOutboxRowAndTheRelaysProducerSpan() {
        String name = "追踪人";
        String phone = Bodies.mobile();
        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(walkIn(name, phone))
                .when().post("/petitions")
                .then().log().ifValidationFails().statusCode(201).extract().path("petitionId");

        ConsumerRecord<String, String> record = RegisteredEvents.recordOf(petitionId);
        String traceparent = header(record, "traceparent");
        assertNotNull(traceparent, "the record carries the W3C trace context");
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), traceparent);
        String traceId = traceparent.substring(3, 35);
        String parentOfConsumers = traceparent.substring(36, 52);

        ReceivedSpan request = receiver.await(s -> s.kind() == OtlpReceiver.SERVER && s.traceId().equals(traceId),
                EXPORT, "of the request in trace " + traceId);
        assertEquals("intake-service", request.service());
        assertTrue(request.name().startsWith("POST") && request.name().contains("/petitions"), request.name());

        ReceivedSpan publish = receiver.await(s -> s.spanId().equals(parentOfConsumers), EXPORT,
                "named by the record's traceparent");
        assertEquals(OtlpReceiver.PRODUCER, publish.kind());
        assertEquals("petition.registered publish", publish.name());
        assertEquals(traceId, publish.traceId());
        assertEquals(request.spanId(), publish.parentSpanId(),
                "the relay's span is a child of the request that wrote the outbox row, not of the relay's poll");
        assertEquals(petitionId, publish.attribute("messaging.kafka.message.key"));
        assertEquals(header(record, "ce_id"), publish.attribute("messaging.message.id"));

        // no personal data leaves with the spans
        for (ReceivedSpan span : receiver.spans()) {
            String text = span.toString();
            assertFalse(text.contains(name) || text.contains(phone), "personal data in " + span);
        }
    }

    @Test
    void aSearchForAPersonLeavesTheWordsOutOfItsSpan() {
        // what a clerk types into the search, sent as the query: here a petitioner's name
        String name = "查询人" + Long.toString(ThreadLocalRandom.current().nextLong(1_000_000), 36);
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        given().auth().oauth2(TestTokens.clerk()).header("traceparent", "00-" + traceId + "-"
                        + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                .queryParam("q", name).queryParam("accused", "341302-RSJ")
                .when().get("/petitions/search")
                .then().log().ifValidationFails().statusCode(200);

        ReceivedSpan request = receiver.await(s -> s.kind() == OtlpReceiver.SERVER && s.traceId().equals(traceId),
                EXPORT, "of the search in trace " + traceId);
        assertEquals("/petitions/search", request.attribute("url.path"), request.toString());
        assertEquals("withheld", request.attribute("url.query"), request.toString());
        String text = request.toString();
        assertFalse(text.contains(name) || text.contains(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                || text.contains("341302-RSJ"), "the search's words in " + request);
    }

    @Test
    void registrationsSharingOneCommitEachCarryTheTraceOfTheirOwnRequest() throws Exception {
        // each request comes with a trace context of its own, as from the console or an ingress: the request's span
        // joins that trace, and so must its event, whichever registration's thread the group commit ran it on
        int count = 6;
        List<String> traceIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            traceIds.add(HexFormat.of().formatHex(randomBytes(16)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(count);
        List<Future<String>> petitions = new ArrayList<>();
        try {
            for (String traceId : traceIds) {
                String upstream = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
                petitions.add(clients.submit(() -> given().auth().oauth2(TestTokens.clerk())
                        .header("traceparent", upstream).contentType(ContentType.JSON)
                        .body(walkIn("并发人", Bodies.mobile()))
                        .when().post("/petitions")
                        .then().statusCode(201).extract().path("petitionId")));
            }
            for (int i = 0; i < count; i++) {
                String petitionId = petitions.get(i).get();
                String traceparent = header(RegisteredEvents.recordOf(petitionId), "traceparent");
                assertNotNull(traceparent, petitionId);
                assertEquals(traceIds.get(i), traceparent.substring(3, 35),
                        "petition " + i + "'s event is in the trace of its own request");
                String traceId = traceIds.get(i);
                ReceivedSpan request = receiver.await(s -> s.kind() == OtlpReceiver.SERVER && s.traceId().equals(traceId),
                        EXPORT, "of request " + i);
                ReceivedSpan publish = receiver.await(s -> s.spanId().equals(traceparent.substring(36, 52)), EXPORT,
                        "publishing petition " + i);
                assertEquals(request.spanId(), publish.parentSpanId(), "petition " + i);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        do {
            ThreadLocalRandom.current().nextBytes(bytes);
        } while (bytes[0] == 0); // an all-zero id is invalid; a leading non-zero byte rules it out
        return bytes;
    }
}

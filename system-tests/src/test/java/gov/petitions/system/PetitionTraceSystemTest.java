package gov.petitions.system;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.OtlpReceiver;
import gov.petitions.testing.OtlpReceiver.ReceivedSpan;
import gov.petitions.testing.TestTokens;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One trace per petition, end to end (docs/tracing.md): the five real service processes export their spans over
 * OTLP/HTTP to a receiver in this test ({@code -Dpetitions.otlp-port}, the port ./petitions test gives every service
 * as its collector), and one petition registered through intake's HTTP API yields one trace that holds spans of all
 * five, linked parent to child across every Kafka hop: the request → the relay's producer span → routing's, insight's
 * and notification's consumer spans; routing's case.assigned producer span → supervision's consumer span;
 * notification's consumer span → the receipt's delivery attempt → the notification.delivered producer span.
 *
 * <p>The services export from their start, this receiver listens only while this class runs: whatever they exported
 * before is lost, and only this test's own petition is looked at.
 */
class PetitionTraceSystemTest {

    private static final int BASE = Integer.getInteger("petitions.base-port", 18080);
    private static final String INTAKE = "http://127.0.0.1:" + (BASE + 1);
    private static final String OTLP_PORT = System.getProperty("petitions.otlp-port", "");
    /** Each service exports a batch every schedule delay (./petitions test: 0.5 s); a consumer may lag behind more. */
    private static final Duration EXPORT = Duration.ofSeconds(60);
    private static final Set<String> SERVICES = Set.of("intake-service", "routing-service", "supervision-service",
            "notification-service", "insight-service");

    private static OtlpReceiver receiver;
    private static KafkaProbe registered;
    private static KafkaProbe delivered;

    @BeforeAll
    static void listen() {
        assumeTrue(!OTLP_PORT.isBlank(), "no -Dpetitions.otlp-port: the services of this run export no spans");
        receiver = OtlpReceiver.start(Integer.parseInt(OTLP_PORT.trim()));
        registered = KafkaProbe.open("petition.registered");
        delivered = KafkaProbe.open("notification.delivered");
    }

    @AfterAll
    static void close() {
        if (receiver != null) {
            receiver.close();
            registered.close();
            delivered.close();
        }
    }

    @Test
    void onePetitionIsOneTraceThroughAllFiveServicesLinkedAcrossEveryKafkaHop() {
        String name = "链路测试人";
        String phone = String.format("137%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Map.of("channel", "WALK_IN", "categoryCode", "labour-wages", "locationCode", "340104",
                        "summary", "拖欠工资，追踪一次登记的全链路", "personCount", 1,
                        "petitioner", Map.of("name", name, "phone", phone)))
                .when().post(INTAKE + "/petitions")
                .then().statusCode(201).extract().path("petitionId");

        // acknowledged, as the walking skeleton waits for it: the receipt's notification.delivered
        ConsumerRecord<String, String> ack = delivered.await(r -> petitionId.equals(r.key()) && isReceipt(r), 1,
                Duration.ofSeconds(120)).get(0);
        ConsumerRecord<String, String> record = registered.awaitKey(petitionId, Duration.ofSeconds(30));
        String traceparent = header(record, "traceparent");
        assertNotNull(traceparent, "petition.registered carries the W3C trace context");
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "sampled: " + traceparent);
        String traceId = traceparent.substring(3, 35);
        String relaySpanId = traceparent.substring(36, 52);

        // intake: the request, and the relay's producer span a descendant of it (through the outbox row)
        ReceivedSpan request = await(s -> s.kind() == OtlpReceiver.SERVER && s.traceId().equals(traceId)
                && s.parentSpanId().isEmpty(), "the root of trace " + traceId);
        assertEquals("intake-service", request.service());
        assertTrue(request.name().startsWith("POST") && request.name().contains("/petitions"), request.name());
        ReceivedSpan publish = await(s -> s.spanId().equals(relaySpanId), "named by the record's traceparent");
        assertEquals("intake-service", publish.service());
        assertEquals(OtlpReceiver.PRODUCER, publish.kind());
        assertEquals("petition.registered publish", publish.name());
        assertEquals(traceId, publish.traceId());
        assertEquals(petitionId, publish.attribute("messaging.kafka.message.key"));

        // every consumer of petition.registered continues from the relay's span: routing (either replica),
        // notification and insight
        ReceivedSpan routing = awaitConsumer("routing-service", "petition.registered process", traceId);
        ReceivedSpan notification = awaitConsumer("notification-service", "petition.registered process", traceId);
        ReceivedSpan insight = awaitConsumer("insight-service", "petition.registered process", traceId);
        for (ReceivedSpan consumer : List.of(routing, notification, insight)) {
            assertEquals(relaySpanId, consumer.parentSpanId(),
                    consumer.service() + "'s consumer span is a child of intake's producer span");
            assertEquals(petitionId, consumer.attribute("messaging.kafka.message.key"), consumer.service());
        }

        // routing → case.assigned → supervision
        ReceivedSpan assigned = await(s -> s.service().equals("routing-service") && s.kind() == OtlpReceiver.PRODUCER
                && s.name().equals("case.assigned publish") && s.traceId().equals(traceId), "routing publishing case.assigned");
        ReceivedSpan supervision = awaitConsumer("supervision-service", "case.assigned process", traceId);
        assertEquals(assigned.spanId(), supervision.parentSpanId(),
                "supervision's consumer span is a child of routing's producer span");

        // notification: the receipt's delivery attempt descends from its consumer span, and the delivered event's
        // producer span is a child of the attempt
        ReceivedSpan attempt = await(s -> s.service().equals("notification-service") && s.traceId().equals(traceId)
                && s.name().startsWith("deliver ") && "petition.registered.receipt".equals(s.attribute("notification.template"))
                && "DELIVERED".equals(s.attribute("notification.outcome")), "the receipt's delivery attempt");
        String ackSpanId = header(ack, "traceparent").substring(36, 52);
        ReceivedSpan ackPublish = await(s -> s.spanId().equals(ackSpanId), "publishing the receipt's notification.delivered");
        assertEquals(traceId, ackPublish.traceId(), "notification.delivered in the petition's trace");
        assertEquals(attempt.spanId(), ackPublish.parentSpanId(), "the outcome is published in the attempt's trace");

        // one trace, whole: once nothing more arrives, every span of it hangs from the one request
        List<ReceivedSpan> trace = settled(traceId);
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s, (a, b) -> a));
        // (a poll applied twice has a consumer span per try: the attempt hangs from one of them)
        assertTrue(ancestors(attempt, byId).stream().anyMatch(s -> s.service().equals("notification-service")
                        && s.kind() == OtlpReceiver.CONSUMER && s.name().equals("petition.registered process")
                        && relaySpanId.equals(s.parentSpanId())),
                "the delivery attempt descends from notification's consumer span: " + describe(ancestors(attempt, byId)));
        assertTrue(ancestors(publish, byId).contains(request), "the relay's span descends from the request");
        Set<String> services = trace.stream().map(ReceivedSpan::service).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(services.containsAll(SERVICES), "spans of all five services in the trace, got " + services);
        List<ReceivedSpan> roots = trace.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
        assertEquals(List.of(request), roots, "one root: the request");
        for (ReceivedSpan span : trace) {
            assertTrue(span.parentSpanId().isEmpty() || byId.containsKey(span.parentSpanId()),
                    "the parent of " + describe(List.of(span)) + " is a span of the trace");
        }
        List<ReceivedSpan> elsewhere = receiver.spans().stream()
                .filter(s -> petitionId.equals(s.attribute("messaging.kafka.message.key")) && !s.traceId().equals(traceId))
                .toList();
        assertTrue(elsewhere.isEmpty(), "spans of the petition outside its trace: " + describe(elsewhere));

        // no personal data leaves with the spans, in this trace or any other
        for (ReceivedSpan span : receiver.spans()) {
            String text = span.toString();
            assertFalse(text.contains(phone) || text.contains(name), "personal data in " + span);
        }
        System.out.printf("petition %s: trace %s, %d spans from %s%n", petitionId, traceId, trace.size(), services);
    }

    private static ReceivedSpan await(Predicate<ReceivedSpan> match, String what) {
        return receiver.await(match, EXPORT, what);
    }

    private static ReceivedSpan awaitConsumer(String service, String name, String traceId) {
        return await(s -> s.service().equals(service) && s.kind() == OtlpReceiver.CONSUMER && s.name().equals(name)
                && s.traceId().equals(traceId), service + " " + name);
    }

    /** The spans of one trace, once no more of it has arrived for a few export intervals. */
    private static List<ReceivedSpan> settled(String traceId) {
        Instant deadline = Instant.now().plusSeconds(30);
        List<ReceivedSpan> trace = List.of();
        Instant quietSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            List<ReceivedSpan> now = receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
            if (now.size() != trace.size()) {
                trace = now;
                quietSince = Instant.now();
            } else if (Duration.between(quietSince, Instant.now()).compareTo(Duration.ofSeconds(3)) >= 0) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return trace;
    }

    private static List<ReceivedSpan> ancestors(ReceivedSpan span, Map<String, ReceivedSpan> byId) {
        List<ReceivedSpan> chain = new ArrayList<>();
        ReceivedSpan at = byId.get(span.parentSpanId());
        while (at != null && chain.size() < 100) {
            chain.add(at);
            at = byId.get(at.parentSpanId());
        }
        return chain;
    }

    private static String describe(List<ReceivedSpan> spans) {
        return spans.stream().map(s -> s.service() + ":" + s.name() + "(" + s.spanId() + "<-" + s.parentSpanId() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static boolean isReceipt(ConsumerRecord<String, String> record) {
        return record.value() != null && record.value().contains("\"template\":\"petition.registered.receipt\"");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.OtlpReceiver;
import gov.petitions.testing.OtlpReceiver.ReceivedSpan;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import gov.petitions.testing.TracingOn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace per petition, notification's part (docs/tracing.md): an event is applied in a consumer span that is a
 * child of its record's {@code traceparent}; each delivery attempt runs in a span of its own, a child of that
 * consumer span, also the retry the scan makes after the gateway failed; and the outcome event
 * (notification.delivered / failed) is published by the relay in a producer span that is a child of the attempt that
 * recorded it, its record carrying the trace on. Records from the real broker, the SMS gateway and intake's contact
 * endpoint are local stand-ins ({@link StandIns}), the spans go to an in-process OTLP receiver ({@link TracingOn}).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
@QuarkusTestResource(value = TracingOn.class, restrictToAnnotatedClass = true)
class NotificationTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Filled in by {@link TracingOn}. */
    OtlpReceiver receiver;

    private static KafkaProbe delivered;
    private static KafkaProbe failed;

    @BeforeAll
    static void open() {
        delivered = KafkaProbe.open("notification.delivered");
        failed = KafkaProbe.open("notification.failed");
    }

    @AfterAll
    static void close() {
        delivered.close();
        failed.close();
    }

    @Test
    void aReceiptItsRetryAfterAFailingGatewayAndItsOutcomeAllContinueTheRecordsTrace() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        CircuitBreakerMaintenance.get().reset("sms-gateway");
        Received.failSms(ref, 1); // the first attempt fails, the retry scan makes the second
        String traceId = hex(16);
        String parentId = hex(8);
        sendRegistered(petitionId, ref, Events.trackingNumber(), "00-" + traceId + "-" + parentId + "-01");

        await().atMost(WAIT).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("[0].status", equalTo("DELIVERED")).body("[0].attempts", hasSize(2)));

        // the record is applied in a child span of its traceparent
        ReceivedSpan consumed = receiver.await(s -> s.kind() == OtlpReceiver.CONSUMER
                && petitionId.equals(s.attribute("messaging.kafka.message.key")), WAIT, "consuming " + petitionId);
        assertEquals("notification-service", consumed.service());
        assertEquals("petition.registered process", consumed.name());
        assertEquals(traceId, consumed.traceId());
        assertEquals(parentId, consumed.parentSpanId(), "a child of the record's traceparent");
        assertEquals("notification-service", consumed.attribute("messaging.consumer.group.name"));

        // each attempt in a span of its own, children of the consumer span: the first on the dispatcher's thread
        // right after the poll was written, the second made later by the retry scan
        ReceivedSpan first = attempt(consumed, 1);
        assertEquals("deliver sms", first.name());
        assertEquals("SMS", first.attribute("notification.channel"));
        assertEquals("FAILED", first.attribute("notification.outcome"));
        ReceivedSpan second = attempt(consumed, 2);
        assertEquals("SMS", second.attribute("notification.channel"));
        assertEquals("DELIVERED", second.attribute("notification.outcome"));
        assertEquals(first.attribute("notification.message.id"), second.attribute("notification.message.id"));

        // the outcomes leave in the trace of the attempt that recorded them
        ConsumerRecord<String, String> told = delivered.awaitKey(petitionId, WAIT);
        ReceivedSpan publishedDelivery = published(told, traceId, "notification.delivered publish");
        assertEquals(second.spanId(), publishedDelivery.parentSpanId(), "a child of the delivering attempt");
        ConsumerRecord<String, String> failure = failed.awaitKey(petitionId, WAIT);
        ReceivedSpan publishedFailure = published(failure, traceId, "notification.failed publish");
        assertEquals(first.spanId(), publishedFailure.parentSpanId(), "a child of the failed attempt");
    }

    @Test
    void noSpanCarriesThePetitionersOrTheUnitsContactDetails() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String name = "追踪测试人" + ThreadLocalRandom.current().nextInt(1000);
        String address = "安徽省合肥市追踪路" + ThreadLocalRandom.current().nextInt(1000) + "号";
        Received.contact(ref, name, phone, address);
        CircuitBreakerMaintenance.get().reset("sms-gateway");
        String unit = ChannelsTest.unitCode("TR");
        String email = "trace-" + unit.toLowerCase() + "@units.gov.example";
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", email))
                .put("/recipients/" + unit + "/email").then().statusCode(200);
        String traceId = hex(16);
        String trackingNumber = Events.trackingNumber();
        sendRegistered(petitionId, ref, trackingNumber, "00-" + traceId + "-" + hex(8) + "-01");
        // routing's assignment, in the same trace as routing would send it
        ObjectNode assigned = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        assigned.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("sequence", 1)
                .put("reason", "INITIAL");
        ((ObjectNode) assigned.get("unit")).put("code", unit).put("name", "追踪测试县人社局");
        assigned.remove("previousUnit");
        send("case.assigned", "gov.petition.case.assigned.v1", petitionId, assigned, "00-" + traceId + "-" + hex(8) + "-01");

        // the receipt went to that very number, the unit's notice to that very address: the details were in play
        await().atMost(WAIT).until(() -> Received.requests("sms").stream()
                .anyMatch(r -> String.valueOf(r.get("body")).contains(phone)));
        await().atMost(WAIT).until(() -> !Received.mailsTo(email).isEmpty());
        receiver.await(s -> "deliver email".equals(s.name()) && "DELIVERED".equals(s.attribute("notification.outcome"))
                && traceId.equals(s.traceId()), WAIT, "delivering the unit's email");
        ReceivedSpan receipt = receiver.await(s -> "deliver sms".equals(s.name()) && traceId.equals(s.traceId())
                && "petition.registered.receipt".equals(s.attribute("notification.template"))
                && "DELIVERED".equals(s.attribute("notification.outcome")), WAIT, "delivering the receipt");
        assertEquals("PETITIONER", receipt.attribute("notification.recipient.kind"));
        assertEquals("SMS", receipt.attribute("notification.channel"));
        TimeUnit.MILLISECONDS.sleep(500); // what ended last (the outcome's producer span) is exported too

        List<ReceivedSpan> spans = receiver.spans();
        assertTrue(spans.stream().anyMatch(s -> traceId.equals(s.traceId()) && s.kind() == OtlpReceiver.PRODUCER),
                "the outcome's producer span is among those checked");
        for (ReceivedSpan span : spans) {
            String text = span.toString();
            assertFalse(text.contains(phone) || text.contains(phone.substring(3)) || text.contains(name)
                    || text.contains(address) || text.contains(email), "contact details in " + span);
        }
    }

    /** The attempt span of the consumer span's message with that number. */
    private ReceivedSpan attempt(ReceivedSpan consumed, int number) {
        ReceivedSpan attempt = receiver.await(s -> consumed.spanId().equals(s.parentSpanId())
                && Integer.toString(number).equals(s.attribute("notification.attempt")), WAIT, "attempt " + number);
        assertEquals(consumed.traceId(), attempt.traceId());
        return attempt;
    }

    /** The relay's producer span of the record, checking that the record carries the trace on. */
    private ReceivedSpan published(ConsumerRecord<String, String> record, String traceId, String spanName) {
        String traceparent = header(record, "traceparent");
        assertNotNull(traceparent, record.topic() + " carries the trace context on");
        assertEquals(traceId, traceparent.substring(3, 35), "the petition's trace");
        ReceivedSpan publish = receiver.await(s -> s.spanId().equals(traceparent.substring(36, 52)), WAIT,
                "publishing " + record.topic());
        assertEquals(OtlpReceiver.PRODUCER, publish.kind());
        assertEquals(spanName, publish.name());
        assertEquals(traceId, publish.traceId());
        return publish;
    }

    /** A contract-valid petition.registered record with CloudEvents headers and the given W3C traceparent. */
    private static void sendRegistered(String petitionId, String ref, String trackingNumber, String traceparent)
            throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("petitionerRef", ref)
                .put("registeredAt", OffsetDateTime.now().toString());
        send("petition.registered", "gov.petition.petition.registered.v1", petitionId, data, traceparent);
    }

    private static void send(String topic, String type, String petitionId, ObjectNode data, String traceparent)
            throws Exception {
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid(topic, json);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, petitionId, json);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_type", type);
            header(record, "ce_source", "/test");
            header(record, "ce_subject", petitionId);
            header(record, "ce_time", OffsetDateTime.now().toString());
            header(record, "content-type", "application/json");
            header(record, "traceparent", traceparent);
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(id);
        } while (id[0] == 0);
        return HexFormat.of().formatHex(id);
    }
}

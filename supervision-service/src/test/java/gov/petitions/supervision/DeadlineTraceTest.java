package gov.petitions.supervision;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.OtlpReceiver;
import gov.petitions.testing.OtlpReceiver.ReceivedSpan;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TracingOn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One trace per petition, the deadline scanner's later actions (docs/tracing.md): the acceptance clock started while
 * a case.assigned record was applied keeps that record's trace context, and the breach the scanner fires seconds
 * (in production: days) later is published in the same trace: record → consumer span → "deadline breach" span →
 * the relay's producer span → the case.deadline-breached record. Clocks in seconds (ShortClocks), spans to an
 * in-process OTLP receiver ({@link TracingOn}).
 */
@QuarkusTest
@TestProfile(ShortClocks.class)
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(value = TracingOn.class, restrictToAnnotatedClass = true)
class DeadlineTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Filled in by {@link TracingOn}. */
    OtlpReceiver receiver;

    @Test
    void theBreachOfAClockIsPublishedInTheTraceOfTheAssignmentThatStartedIt() throws Exception {
        String id = UUID.randomUUID().toString();
        String traceId = hex(16);
        String spanId = hex(8);
        ProducerRecord<String, String> assigned = new ProducerRecord<>("case.assigned", id,
                LedgerFlowTest.assigned(id, OffsetDateTime.now(ZoneOffset.UTC), 1, "341302-RSJ"));
        header(assigned, "ce_specversion", "1.0");
        header(assigned, "ce_id", UUID.randomUUID().toString());
        header(assigned, "ce_type", "gov.petition.case.assigned.v1");
        header(assigned, "ce_source", "/routing-service");
        header(assigned, "ce_subject", id);
        header(assigned, "ce_time", OffsetDateTime.now().toString());
        header(assigned, "content-type", "application/json");
        header(assigned, "traceparent", "00-" + traceId + "-" + spanId + "-01");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(assigned).get();
        }

        // the breach, not the warning: a scan that comes after the due time fires the breach alone
        try (KafkaProbe breaches = KafkaProbe.open("case.deadline-breached")) {
            ConsumerRecord<String, String> breach = breaches.awaitKey(id, WAIT);
            String traceparent = header(breach, "traceparent");
            assertNotNull(traceparent, "the breach carries the trace context on");
            assertEquals(traceId, traceparent.substring(3, 35), "the trace of the assignment that started the clock");

            ReceivedSpan publish = receiver.await(s -> s.spanId().equals(traceparent.substring(36, 52)), WAIT,
                    "publishing the breach");
            assertEquals("case.deadline-breached publish", publish.name());
            ReceivedSpan fired = receiver.await(s -> s.spanId().equals(publish.parentSpanId()), WAIT,
                    "the scanner's action");
            assertEquals("deadline breach", fired.name());
            assertEquals("supervision-service", fired.service());
            ReceivedSpan consumed = receiver.await(s -> s.spanId().equals(fired.parentSpanId()), WAIT,
                    "applying the assignment");
            assertEquals(OtlpReceiver.CONSUMER, consumed.kind());
            assertEquals("case.assigned process", consumed.name());
            assertEquals(spanId, consumed.parentSpanId(), "a child of the case.assigned record's traceparent");
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

package gov.petitions.routing;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.OtlpReceiver;
import gov.petitions.testing.OtlpReceiver.ReceivedSpan;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TracingOn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One trace per petition, a consumer's hop (docs/tracing.md): routing applies a petition.registered record in a span
 * that is a child of the record's {@code traceparent} (one span per record, also when a poll's records are applied
 * in one transaction), and the case.assigned event it records in that span is published by the relay as a child of
 * it, so the next consumer continues the same trace. The records come from the real broker, the spans go to an
 * in-process OTLP receiver ({@link TracingOn}).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(value = TracingOn.class, restrictToAnnotatedClass = true)
class RoutingTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Filled in by {@link TracingOn}. */
    OtlpReceiver receiver;

    private record Sent(String petitionId, String traceId, String spanId) {
    }

    @Test
    void eachPetitionOfABurstIsRoutedInAChildSpanOfItsRecordAndItsAssignmentContinuesThatTrace() throws Exception {
        // a burst, so that routing's batch consumer applies several records of one poll in one transaction
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < 5; i++) {
                String petitionId = UUID.randomUUID().toString();
                Sent one = new Sent(petitionId, hex(16), hex(8));
                ProducerRecord<String, String> record = new ProducerRecord<>("petition.registered", petitionId,
                        RoutingFlowTest.registered(petitionId, "labour-wages", "341302", null));
                header(record, "ce_specversion", "1.0");
                header(record, "ce_id", UUID.randomUUID().toString());
                header(record, "ce_type", "gov.petition.petition.registered.v1");
                header(record, "ce_source", "/intake-service");
                header(record, "ce_subject", petitionId);
                header(record, "ce_time", OffsetDateTime.now().toString());
                header(record, "content-type", "application/json");
                header(record, "traceparent", "00-" + one.traceId() + "-" + one.spanId() + "-01");
                producer.send(record);
                sent.add(one);
            }
            producer.flush();
        }

        try (KafkaProbe assigned = KafkaProbe.open("case.assigned")) {
            for (Sent one : sent) {
                ConsumerRecord<String, String> assignment = assigned.awaitKey(one.petitionId(), WAIT);
                String traceparent = header(assignment, "traceparent");
                assertNotNull(traceparent, "case.assigned carries the trace context on");
                assertEquals(one.traceId(), traceparent.substring(3, 35), "the same trace as the petition's record");

                ReceivedSpan publish = receiver.await(s -> s.spanId().equals(traceparent.substring(36, 52)), WAIT,
                        "publishing the assignment of " + one.petitionId());
                assertEquals(OtlpReceiver.PRODUCER, publish.kind());
                assertEquals("case.assigned publish", publish.name());
                assertEquals(one.traceId(), publish.traceId());

                // the relay continues the span that recorded the assignment, not its own poll: the consumer's
                ReceivedSpan consumed = receiver.await(s -> s.spanId().equals(publish.parentSpanId()), WAIT,
                        "recording the assignment of " + one.petitionId());
                assertEquals(OtlpReceiver.CONSUMER, consumed.kind());
                assertEquals("routing-service", consumed.service());
                assertEquals("petition.registered process", consumed.name());
                assertEquals(one.spanId(), consumed.parentSpanId(), "a child of the record's traceparent");
                assertEquals("routing-service", consumed.attribute("messaging.consumer.group.name"));
                assertEquals(one.petitionId(), consumed.attribute("messaging.kafka.message.key"));
            }
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

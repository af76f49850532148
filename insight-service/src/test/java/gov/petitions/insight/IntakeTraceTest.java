package gov.petitions.insight;

import gov.petitions.insight.messaging.HotSpotTopology;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.platform.province.Province;
import gov.petitions.platform.tracing.EventSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace per petition, insight's part (docs/tracing.md): each petition.registered record is read in a consumer span
 * that is a child of the record's {@code traceparent}; a record without one starts a trace of its own, and a poison
 * record is read in a span too. The topology on a TopologyTestDriver, its spans taken by an OpenTelemetry SDK in the
 * test.
 */
class IntakeTraceTest {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Test
    void eachPetitionIsReadInAChildSpanOfItsRecordsTraceparent() {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting())).build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "insight-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test/" + UUID.randomUUID());
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentId = "00f067aa0ba902b7";
        String petitionerRef = UUID.randomUUID().toString();
        String traced = UUID.randomUUID().toString();
        String untraced = UUID.randomUUID().toString();
        try (TopologyTestDriver driver = new TopologyTestDriver(HotSpotTopology.build(HotSpotTopology.Topics.CONTRACTS,
                () -> TopologyFixture.RULE, Duration.ofDays(35), Duration.ofDays(1), Duration.ofMinutes(1),
                Duration.ofDays(90), false, new AccusedUnits(Province.current().code()),
                new EventSpans(provider.get("test"), false)), props, now)) {
            TestInputTopic<String, String> petitions = driver.createInputTopic(HotSpotTopology.PETITION_REGISTERED,
                    new StringSerializer(), new StringSerializer());
            petitions.pipeInput(record(traced, petitionerRef, now, "00-" + traceId + "-" + parentId + "-01"));
            petitions.pipeInput(record(untraced, UUID.randomUUID().toString(), now, null));
            petitions.pipeInput(new TestRecord<>(UUID.randomUUID().toString(), "not json", new RecordHeaders(), now));
        }
        provider.close();

        SpanData read = only(traced(spans, traceId));
        assertEquals("petition.registered process", read.getName());
        assertEquals(SpanKind.CONSUMER, read.getKind());
        assertEquals(parentId, read.getParentSpanId(), "a child of the record's traceparent");
        assertEquals("insight-service", read.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")));
        assertEquals(traced, read.getAttributes().get(AttributeKey.stringKey("messaging.kafka.message.key")));
        assertEquals(3, spans.size(), "one span per record, the poison one too: " + spans);
        assertTrue(spans.stream().anyMatch(s -> untraced.equals(s.getAttributes()
                .get(AttributeKey.stringKey("messaging.kafka.message.key"))) && !s.getParentSpanContext().isValid()),
                "a record without a traceparent starts a trace of its own");
        for (SpanData span : spans) {
            assertFalse(span.toString().contains(petitionerRef), "the petitioner's reference in " + span);
        }
    }

    private static List<SpanData> traced(Collection<SpanData> spans, String traceId) {
        return spans.stream().filter(s -> traceId.equals(s.getTraceId())).toList();
    }

    private static SpanData only(List<SpanData> spans) {
        assertEquals(1, spans.size(), "one span: " + spans);
        return spans.get(0);
    }

    private static TestRecord<String, String> record(String petitionId, String petitionerRef, Instant at,
                                                     String traceparent) {
        String data = """
                {"petitionId": "%s", "trackingNumber": "XF20261201000042", "channel": "WALK_IN", "categoryCode": "labour-wages",
                 "locationCode": "340102", "petitionerRef": "%s", "personCount": 1, "registeredAt": "%s"}"""
                .formatted(petitionId, petitionerRef,
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(8))));
        gov.petitions.testing.Contracts.assertValid("petition.registered", data);
        RecordHeaders headers = new RecordHeaders();
        TopologyFixture.header(headers, "ce_specversion", "1.0");
        TopologyFixture.header(headers, "ce_id", UUID.randomUUID().toString());
        TopologyFixture.header(headers, "ce_type", "gov.petition.petition.registered.v1");
        TopologyFixture.header(headers, "ce_source", "/intake-service");
        TopologyFixture.header(headers, "ce_subject", petitionId);
        TopologyFixture.header(headers, "ce_time", at.toString());
        TopologyFixture.header(headers, "content-type", "application/json");
        if (traceparent != null) {
            TopologyFixture.header(headers, "traceparent", traceparent);
        }
        return new TestRecord<>(petitionId, data, headers, at);
    }

    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> exported) {
            spans.addAll(exported);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}

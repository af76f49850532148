package gov.petitions.insight;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.insight.messaging.HotSpotTopology;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.platform.province.Province;
import gov.petitions.platform.tracing.EventSpans;
import gov.petitions.testing.Contracts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector's part of one trace per petition (docs/tracing.md): a hotspot.detected is published in a span
 * {@code hotspot.detected publish} whose parent is the consumer span of the petition that tipped the hot spot over,
 * linked to the consumer spans of the other petitions behind it, and the record's {@code traceparent} names that
 * span; a hot spot the clock resolves is published in a trace of its own, linked to the petitions it stood for. With
 * tracing off the record passes the tipping petition's own trace context on. The topology on a TopologyTestDriver,
 * its spans taken by an OpenTelemetry SDK in the test.
 */
class DetectionTraceTest {

    static final Instant START = Instant.parse("2025-03-03T01:00:00Z");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final List<String> petitionerRefs = new ArrayList<>();

    @Test
    void theHotSpotIsPublishedInTheTraceOfThePetitionThatTippedItLinkedToTheOthers() {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting())).build();
        List<String> ids = new ArrayList<>();
        Map<String, String> traceOf = new java.util.HashMap<>();
        TestRecord<String, String> detected;
        TestRecord<String, String> resolved;
        try (Driver d = new Driver(new EventSpans(provider.get("test"), false))) {
            d.pipe(UUID.randomUUID().toString(), "340102", START.minus(Duration.ofDays(35)), null); // watching since
            for (int i = 0; i < 10; i++) {
                String id = UUID.randomUUID().toString();
                String traceId = hex(16);
                ids.add(id);
                traceOf.put(id, traceId);
                d.pipe(id, "341302", START.plus(Duration.ofMinutes(i)), "00-" + traceId + "-" + hex(8) + "-01");
                if (i < 9) {
                    assertTrue(d.hotspots.isEmpty(), "no hot spot below the hour's minimum of 10");
                }
            }
            detected = d.hotspots.readRecord();
            assertTrue(d.hotspots.isEmpty());
            // the hour passes with nothing more: the schedule resolves it
            d.driver.advanceWallClockTime(Duration.ofHours(2));
            resolved = d.hotspots.readRecord();
        }
        provider.close();

        JsonNode data = Contracts.assertValidRecord("hotspot.detected", TopologyFixture.asConsumerRecord(detected));
        assertEquals("DETECTED", data.get("status").asText());
        String tipping = ids.get(9);
        SpanData tippingRead = consumerSpanOf(tipping);
        assertEquals(traceOf.get(tipping), tippingRead.getTraceId());

        SpanData publish = publishSpanOf(detected);
        assertEquals(SpanKind.PRODUCER, publish.getKind());
        assertEquals("hotspot.detected publish", publish.getName());
        assertEquals(traceOf.get(tipping), publish.getTraceId(), "in the trace of the petition that tipped it over");
        assertEquals(tippingRead.getSpanId(), publish.getParentSpanId(), "a child of that petition's consumer span");
        assertEquals("DETECTED", publish.getAttributes().get(AttributeKey.stringKey("insight.hotspot.status")));
        assertEquals(10L, publish.getAttributes().get(AttributeKey.longKey("insight.hotspot.petition_count")));
        assertEquals(data.get("hotspotId").asText(), publish.getAttributes().get(KEY));
        assertEquals(header(detected, "ce_id"),
                publish.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertEquals(linksTo(ids.subList(0, 9)), links(publish),
                "linked to the consumer span of every other petition behind it, each link naming its petition");

        JsonNode end = Contracts.assertValidRecord("hotspot.detected", TopologyFixture.asConsumerRecord(resolved));
        assertEquals("RESOLVED", end.get("status").asText());
        SpanData resolving = publishSpanOf(resolved);
        assertFalse(resolving.getParentSpanContext().isValid(), "no petition tipped it: a trace of its own");
        assertFalse(traceOf.containsValue(resolving.getTraceId()));
        assertEquals(linksTo(ids), links(resolving), "linked to the ten petitions it stood for");

        for (SpanData span : spans) {
            for (String ref : petitionerRefs) {
                assertFalse(span.toString().contains(ref), "the petitioner's reference in " + span);
            }
        }
    }

    @Test
    void withTracingOffTheRecordCarriesTheTippingPetitionsOwnTraceContextOn() {
        List<String> traceparents = new ArrayList<>();
        try (Driver d = new Driver(null)) {
            d.pipe(UUID.randomUUID().toString(), "340102", START.minus(Duration.ofDays(35)), null);
            for (int i = 0; i < 10; i++) {
                String traceparent = "00-" + hex(16) + "-" + hex(8) + "-01";
                traceparents.add(traceparent);
                d.pipe(UUID.randomUUID().toString(), "341302", START.plus(Duration.ofMinutes(i)),
                        i == 4 ? null : traceparent);
            }
            TestRecord<String, String> detected = d.hotspots.readRecord();
            assertEquals(traceparents.get(9), header(detected, "traceparent"),
                    "no span made, and the trace of the petition that tipped it goes on");

            // the clock resolves it: no petition's trace to go on, and no span of its own
            d.driver.advanceWallClockTime(Duration.ofHours(2));
            TestRecord<String, String> resolved = d.hotspots.readRecord();
            assertEquals("RESOLVED", Contracts.assertValidRecord("hotspot.detected",
                    TopologyFixture.asConsumerRecord(resolved)).get("status").asText());
            assertNull(resolved.headers().lastHeader("traceparent"));
        }
        assertTrue(spans.isEmpty());
    }

    @Test
    void aMalformedTraceparentIsNeitherKeptNorPassedOn() {
        try (Driver d = new Driver(null)) {
            String group = UUID.randomUUID().toString();
            d.pipe(group, "340123100", START, "00-" + "x".repeat(2000) + "-01", 80);
            TestRecord<String, String> detected = d.hotspots.readRecord();
            assertEquals("DETECTED", Contracts.assertValidRecord("hotspot.detected",
                    TopologyFixture.asConsumerRecord(detected)).get("status").asText());
            assertNull(detected.headers().lastHeader("traceparent"));
            org.apache.kafka.streams.state.WindowStore<String, gov.petitions.insight.domain.Observation> observations =
                    d.driver.getWindowStore(gov.petitions.insight.domain.HotSpotStores.OBSERVATIONS);
            try (var it = observations.fetch("340123|labour-wages", START, START)) {
                assertNull(it.next().value.traceParent(), "not stored with the petition for weeks");
            }
        }
    }

    @Test
    void aPetitionWithoutATraceThatTipsAHotSpotStartsItsTraceWithItsConsumerSpan() {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting())).build();
        String group = UUID.randomUUID().toString();
        TestRecord<String, String> detected;
        try (Driver d = new Driver(new EventSpans(provider.get("test"), false))) {
            d.pipe(group, "340123100", START, null, 80); // a group petition is a hot spot on its own
            detected = d.hotspots.readRecord();
        }
        provider.close();
        SpanData read = consumerSpanOf(group);
        assertFalse(read.getParentSpanContext().isValid());
        SpanData publish = publishSpanOf(detected);
        assertEquals(read.getTraceId(), publish.getTraceId());
        assertEquals(read.getSpanId(), publish.getParentSpanId());
        assertEquals(Set.of(), links(publish), "no one else behind it");
    }

    // --- helpers ---

    private SpanData consumerSpanOf(String petitionId) {
        List<SpanData> read = spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER
                && petitionId.equals(s.getAttributes().get(KEY))).toList();
        assertEquals(1, read.size(), "one consumer span of " + petitionId + ": " + read);
        return read.get(0);
    }

    /** The span the record's traceparent names: there must be exactly one. */
    private SpanData publishSpanOf(TestRecord<String, String> record) {
        String traceparent = header(record, "traceparent");
        assertNotNull(traceparent, "the hotspot.detected record carries a traceparent");
        assertTrue(traceparent.matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$"), traceparent);
        List<SpanData> named = spans.stream().filter(s -> traceparent.equals(
                "00-" + s.getTraceId() + "-" + s.getSpanId() + "-01")).toList();
        assertEquals(1, named.size(), "the span " + traceparent + " names: " + spans);
        SpanData span = named.get(0);
        assertEquals("hotspot.detected publish", span.getName());
        assertNotEquals(SpanKind.CONSUMER, span.getKind());
        return span;
    }

    /** Each link as "trace id/span id/petition id". */
    private static Set<String> links(SpanData span) {
        return span.getLinks().stream().map(DetectionTraceTest::link).collect(Collectors.toSet());
    }

    private static String link(LinkData l) {
        return l.getSpanContext().getTraceId() + "/" + l.getSpanContext().getSpanId() + "/" + l.getAttributes().get(KEY);
    }

    private Set<String> linksTo(List<String> petitionIds) {
        return petitionIds.stream().map(this::consumerSpanOf)
                .map(s -> s.getTraceId() + "/" + s.getSpanId() + "/" + s.getAttributes().get(KEY))
                .collect(Collectors.toSet());
    }

    private static String header(TestRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zero, which W3C forbids
        return HexFormat.of().formatHex(b);
    }

    /** The topology with the test's tracer (null: tracing off), its clock at START. */
    private final class Driver implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, String> petitions;
        final TestOutputTopic<String, String> hotspots;

        Driver(EventSpans tracing) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "insight-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test/" + UUID.randomUUID());
            driver = new TopologyTestDriver(HotSpotTopology.build(HotSpotTopology.Topics.CONTRACTS,
                    () -> TopologyFixture.RULE, Duration.ofDays(35), Duration.ofDays(1), Duration.ofMinutes(1),
                    Duration.ofDays(90), false, new AccusedUnits(Province.current().code()), tracing), props, START);
            petitions = driver.createInputTopic(HotSpotTopology.PETITION_REGISTERED, new StringSerializer(),
                    new StringSerializer());
            hotspots = driver.createOutputTopic(HotSpotTopology.HOTSPOT_DETECTED, new StringDeserializer(),
                    new StringDeserializer());
        }

        void pipe(String petitionId, String location, Instant at, String traceparent) {
            pipe(petitionId, location, at, traceparent, 1);
        }

        void pipe(String petitionId, String location, Instant at, String traceparent, int persons) {
            String petitionerRef = UUID.randomUUID().toString();
            petitionerRefs.add(petitionerRef);
            String data = """
                    {"petitionId": "%s", "trackingNumber": "XF20250303000042", "channel": "WALK_IN",
                     "categoryCode": "labour-wages", "locationCode": "%s", "petitionerRef": "%s", "personCount": %d,
                     "registeredAt": "%s"}"""
                    .formatted(petitionId, location, petitionerRef, persons,
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(8))));
            Contracts.assertValid("petition.registered", data);
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
            petitions.pipeInput(new TestRecord<>(petitionId, data, headers, at));
        }

        @Override
        public void close() {
            driver.close();
        }
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

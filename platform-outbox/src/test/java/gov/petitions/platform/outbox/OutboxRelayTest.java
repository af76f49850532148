package gov.petitions.platform.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionalException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static gov.petitions.platform.outbox.OutboxFixture.TOPIC;
import static gov.petitions.platform.outbox.OutboxFixture.count;
import static gov.petitions.platform.outbox.OutboxFixture.execute;
import static gov.petitions.platform.outbox.OutboxFixture.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay through real components: the test broker and PostgreSQL. The worker is off in this application
 * ({@code petitions.outbox.relay-enabled=false}); each test drives {@link OutboxRelay#relayBatch()} itself, on the
 * application's relay and on relays made by hand (a second replica, a restarted service, a service whose broker is
 * away). {@link RelayWorkerTest} runs the worker.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final String TYPE = "gov.petition.test.happened.v1";
    private static final String SCHEMA = "https://petitions.local/schemas/test-happened-v1.json";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

    @Inject
    MovableClock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final List<OutboxRelay> madeByHand = new ArrayList<>();

    @BeforeAll
    static void topic() throws Exception {
        OutboxFixture.ensureTopic();
    }

    @BeforeEach
    void emptyOutbox() throws Exception {
        execute(dataSource, "delete from outbox_event");
    }

    @AfterEach
    void cleanUp() throws Exception {
        clock.reset();
        madeByHand.forEach(r -> r.stop(null));
        execute(dataSource, "drop trigger if exists crash_before_commit on outbox_event");
    }

    @Test
    void aRowKeepsTheTraceContextOfItsTransactionAndItsEventCarriesItOnWhileARowOutsideAnyTraceCarriesNone()
            throws Exception {
        // tracing is off in this application (no OTLP endpoint): the relay makes no span of its own and passes the
        // row's context on as it was recorded, so that a trace begun elsewhere is not cut here
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String spanId = "00f067aa0ba902b7";
        SpanContext requestSpan = SpanContext.create(traceId, spanId, TraceFlags.getSampled(),
                TraceState.builder().put("bureau", "34").build());
        String petition = "P-" + UUID.randomUUID();
        UUID traced;
        try (Scope ignored = Span.wrap(requestSpan).makeCurrent()) {
            traced = QuarkusTransaction.requiringNew().call(() ->
                    outbox.record(TOPIC, "gov.petition.test.registered.v1", petition, Map.of("step", 1), SCHEMA));
        }
        UUID untraced = QuarkusTransaction.requiringNew().call(() ->
                outbox.record(TOPIC, "gov.petition.test.assigned.v1", petition, Map.of("step", 2), SCHEMA));
        assertEquals(1, count(dataSource, "select count(*) from outbox_event where event_id = ? and trace_parent = ? "
                + "and trace_state = ?", traced, "00-" + traceId + "-" + spanId + "-01", "bureau=34"));
        assertEquals(1, count(dataSource, "select count(*) from outbox_event where event_id = ? and trace_parent is null "
                + "and trace_state is null", untraced));

        assertEquals(2, relay.relayBatch());
        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            List<ConsumerRecord<String, String>> records = probe.await(r -> petition.equals(r.key()), 2, Duration.ofSeconds(20));
            assertEquals(traced, UUID.fromString(header(records.get(0), "ce_id")));
            assertEquals("00-" + traceId + "-" + spanId + "-01", header(records.get(0), "traceparent"));
            assertEquals("bureau=34", header(records.get(0), "tracestate"));
            assertEquals(untraced, UUID.fromString(header(records.get(1), "ce_id")));
            assertNull(header(records.get(1), "traceparent"));
            assertNull(header(records.get(1), "tracestate"));
        }
    }

    @Test
    void eventsOfOneCommittedTransactionArePublishedInOrderWithCloudEventsHeadersAndMarkedPublished() throws Exception {
        // 23:30 UTC is 07:30 the next day in China: the event tells China's time, the same instant
        clock.moveTo(Instant.parse("2026-12-04T23:30:00Z"));
        String petition = "P-" + UUID.randomUUID();
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> List.of(
                outbox.record(TOPIC, "gov.petition.test.registered.v1", petition, Map.of("step", 1), SCHEMA),
                outbox.record(TOPIC, "gov.petition.test.assigned.v1", petition, Map.of("step", 2), null),
                outbox.record(TOPIC, "gov.petition.test.accepted.v1", petition, Map.of("step", 3), SCHEMA)));
        assertEquals(3, count(dataSource, "select count(*) from outbox_event where published_at is null"));

        assertEquals(3, relay.relayBatch());
        assertEquals(0, relay.relayBatch());

        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            List<ConsumerRecord<String, String>> records = probe.await(r -> petition.equals(r.key()), 3, Duration.ofSeconds(20));
            assertEquals(3, records.size());
            assertEquals(ids, records.stream().map(r -> UUID.fromString(header(r, "ce_id"))).toList(), "written order");
            assertEquals(List.of("gov.petition.test.registered.v1", "gov.petition.test.assigned.v1",
                    "gov.petition.test.accepted.v1"), records.stream().map(r -> header(r, "ce_type")).toList());
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<String, String> record = records.get(i);
                assertEquals(i + 1, mapper.readTree(record.value()).get("step").asInt());
                assertEquals("1.0", header(record, "ce_specversion"));
                assertEquals("/outbox-test", header(record, "ce_source"));
                assertEquals(petition, header(record, "ce_subject"));
                assertEquals("application/json", header(record, "content-type"));
                OffsetDateTime time = OffsetDateTime.parse(header(record, "ce_time"));
                assertEquals("+08:00", time.getOffset().getId(), header(record, "ce_time"));
                assertEquals("2026-12-05", time.toLocalDate().toString(), "China's date of 23:30 UTC");
                assertTrue(Duration.between(Instant.parse("2026-12-04T23:30:00Z"), time.toInstant()).abs()
                        .compareTo(Duration.ofMinutes(1)) < 0, "the injected clock's time: " + time);
                assertEquals(time.toInstant(), occurredAt(ids.get(i)), "ce_time is the row's occurred_at");
            }
            assertEquals(SCHEMA, header(records.get(0), "ce_dataschema"));
            assertNull(header(records.get(1), "ce_dataschema"));
        }
        assertEquals(3, count(dataSource, "select count(*) from outbox_event where published_at is not null and attempts = 1 "
                + "and published_at between timestamptz '2026-12-04T23:29:00Z' and timestamptz '2026-12-04T23:35:00Z'"),
                "marked published, at the injected clock's time");
        assertNotNull(relay.lastSuccess());
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws Exception {
        String petition = "P-" + UUID.randomUUID();
        // the change fails after its event was recorded: the change and its event go together
        IllegalStateException failed = assertThrows(IllegalStateException.class, () ->
                QuarkusTransaction.requiringNew().run(() -> {
                    outbox.record(TOPIC, TYPE, petition, Map.of("step", 1), SCHEMA);
                    throw new IllegalStateException("the change failed");
                }));
        assertEquals("the change failed", failed.getMessage());
        assertEquals(0, count(dataSource, "select count(*) from outbox_event"));
        assertEquals(0, relay.relayBatch());

        // a committed event after it, so that the probe has read past where the rolled-back one would be
        String later = "P-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.record(TOPIC, TYPE, later, Map.of("step", 2), SCHEMA));
        assertEquals(1, relay.relayBatch());
        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            probe.awaitKey(later, Duration.ofSeconds(20));
            assertEquals(List.of(), probe.settle(r -> petition.equals(r.key()), Duration.ofSeconds(1)));
        }
    }

    @Test
    void recordingOutsideATransactionIsRefused() {
        assertThrows(TransactionalException.class,
                () -> outbox.record(TOPIC, TYPE, "P-" + UUID.randomUUID(), Map.of("step", 1), SCHEMA));
    }

    @Test
    void aThousandRowsArePublishedCompletelyInBatchesAndInOrderPerPetition() throws Exception {
        Map<String, List<UUID>> written = record(1_000, 20);

        List<Integer> batches = new ArrayList<>();
        int published;
        do {
            published = relay.relayBatch();
            batches.add(published);
        } while (published > 0);
        assertEquals(List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0), batches, "batch-size=100");
        assertEquals(0, count(dataSource, "select count(*) from outbox_event where published_at is null"));

        Map<String, List<UUID>> seen = read(written.keySet(), 1_000, Function.identity());
        assertEquals(written, seen, "every event, once, in the written order of its petition");
    }

    @Test
    void whileTheBrokerIsAwayNothingIsMarkedAndTheRowsGoOutWhenItIsBack() throws Exception {
        int nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = socket.getLocalPort();
        }
        Map<String, Object> away = new HashMap<>(kafka);
        away.put("bootstrap.servers", "127.0.0.1:" + nobodyListens);
        away.put("max.block.ms", 1_000);
        OutboxRelay cutOff = OutboxFixture.relay(entityManager, away, clock, 100, false);
        madeByHand.add(cutOff);
        Map<String, List<UUID>> written = record(20, 4);

        long started = System.nanoTime();
        assertThrows(RuntimeException.class, cutOff::relayBatch);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 10_000, "gives up the batch at the first record that cannot leave, took " + tookMillis + " ms");
        assertEquals(20, count(dataSource, "select count(*) from outbox_event where published_at is null and attempts = 0"));
        assertNotNull(cutOff.lastFailure());
        assertTrue(cutOff.lastFailure().contains("Timeout"), cutOff.lastFailure());
        assertNull(cutOff.lastSuccess());
        assertEquals(20, cutOff.backlog(), "the backlog gauge counts what waits while the broker is away");

        assertEquals(20, relay.relayBatch(), "the same rows, by a relay that reaches the broker");
        assertEquals(0, count(dataSource, "select count(*) from outbox_event where published_at is null"));
        assertEquals(0, relay.backlog());
        assertEquals(written, read(written.keySet(), 20, Function.identity()));
    }

    @Test
    void twoReplicasRelayingAtOnceNeverPublishAnEventTwiceNorOutOfOrderAndTogetherPublishAll() throws Exception {
        OutboxRelay other = OutboxFixture.relay(entityManager, kafka, clock, 100, false);
        madeByHand.add(other);
        Map<String, List<UUID>> written = record(2_000, 50);

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = replicas.submit(() -> drain(relay, together));
            Future<Integer> second = replicas.submit(() -> drain(other, together));
            int byFirst = first.get(120, TimeUnit.SECONDS);
            int bySecond = second.get(120, TimeUnit.SECONDS);
            assertEquals(2_000, byFirst + bySecond);
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(2_000, count(dataSource, "select count(*) from outbox_event where published_at is not null and attempts = 1"));

        Set<UUID> ours = written.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            probe.await(r -> written.containsKey(r.key()), 2_000, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> all = probe.settle(r -> written.containsKey(r.key()), Duration.ofSeconds(2));
            Map<UUID, Long> times = all.stream().collect(Collectors.groupingBy(r -> UUID.fromString(header(r, "ce_id")),
                    Collectors.counting()));
            assertEquals(ours, times.keySet(), "every event");
            assertEquals(Map.of(), times.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no event twice");
            // one petition's events in the order they were written, whichever replica sent them
            Map<String, List<UUID>> onTopic = all.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(r -> UUID.fromString(header(r, "ce_id")), Collectors.toList())));
            for (Map.Entry<String, List<UUID>> petition : written.entrySet()) {
                assertEquals(petition.getValue(), onTopic.get(petition.getKey()), "the order of petition " + petition.getKey());
            }
        }
    }

    @Test
    void aRelayThatDiedBetweenTheBrokersAckAndItsCommitPublishesTheRestAfterTheRestart() throws Exception {
        OutboxRelay beforeCrash = OutboxFixture.relay(entityManager, kafka, clock, 100, false);
        madeByHand.add(beforeCrash);
        Map<String, List<UUID>> written = record(500, 10);
        List<UUID> inOrder = positions();
        assertEquals(100, beforeCrash.relayBatch());
        assertEquals(100, beforeCrash.relayBatch());

        // the third batch reaches the broker, then the process dies before its commit: marking the rows fails
        execute(dataSource, """
                create or replace function crash_before_commit() returns trigger language plpgsql as $$
                begin raise exception 'the relay died before its commit'; end $$""");
        execute(dataSource, "create trigger crash_before_commit before update on outbox_event "
                + "for each row execute function crash_before_commit()");
        assertThrows(RuntimeException.class, beforeCrash::relayBatch);
        beforeCrash.stop(null);
        execute(dataSource, "drop trigger crash_before_commit on outbox_event");
        assertEquals(300, count(dataSource, "select count(*) from outbox_event where published_at is null"));

        // the restarted service: its worker picks up where the table says
        OutboxRelay restarted = OutboxFixture.relay(entityManager, kafka, clock, 100, true);
        madeByHand.add(restarted);
        restarted.start(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(dataSource, "select count(*) from outbox_event where published_at is null") > 0) {
            assertTrue(System.nanoTime() < deadline, "the restarted relay publishes the rest");
            Thread.sleep(50);
        }
        restarted.stop(null);

        Set<UUID> acknowledgedNotMarked = Set.copyOf(inOrder.subList(200, 300));
        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            probe.await(r -> written.containsKey(r.key()), 600, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> all = probe.settle(r -> written.containsKey(r.key()), Duration.ofSeconds(2));
            Map<UUID, Long> times = all.stream().collect(Collectors.groupingBy(r -> UUID.fromString(header(r, "ce_id")),
                    Collectors.counting()));
            assertEquals(Set.copyOf(inOrder), times.keySet(), "every event (at least once)");
            times.forEach((id, n) -> assertEquals(acknowledgedNotMarked.contains(id) ? 2L : 1L, n,
                    "twice only what the broker had acknowledged before the crash: " + id));
            // in the order of first appearance, each petition's events are in their written order
            Map<String, List<UUID>> firstSeen = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> record : all) {
                List<UUID> ofKey = firstSeen.computeIfAbsent(record.key(), k -> new ArrayList<>());
                UUID id = UUID.fromString(header(record, "ce_id"));
                if (!ofKey.contains(id)) {
                    ofKey.add(id);
                }
            }
            assertEquals(written, firstSeen);
        }
    }

    /** Records {@code events} events round-robin over {@code petitions} petitions, 100 per transaction. */
    private Map<String, List<UUID>> record(int events, int petitions) {
        List<String> keys = new ArrayList<>();
        for (int p = 0; p < petitions; p++) {
            keys.add("P-" + UUID.randomUUID());
        }
        Map<String, List<UUID>> written = new LinkedHashMap<>();
        keys.forEach(k -> written.put(k, new ArrayList<>()));
        for (int from = 0; from < events; from += 100) {
            int start = from;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = start; i < Math.min(start + 100, events); i++) {
                    String key = keys.get(i % petitions);
                    written.get(key).add(outbox.record(TOPIC, TYPE, key, Map.of("seq", i), SCHEMA));
                }
            });
        }
        return written;
    }

    /** The event ids in the table's order (position). */
    private List<UUID> positions() throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (var connection = dataSource.getConnection();
             var rows = connection.createStatement().executeQuery("select event_id from outbox_event order by position")) {
            while (rows.next()) {
                ids.add((UUID) rows.getObject(1));
            }
        }
        return ids;
    }

    private Instant occurredAt(UUID id) throws Exception {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select occurred_at from outbox_event where event_id = ?")) {
            statement.setObject(1, id);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    /** Reads the petitions' events from the topic, each petition's in the order the topic holds them. */
    private Map<String, List<UUID>> read(Set<String> keys, int expected, Function<List<UUID>, List<UUID>> each) {
        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            probe.await(r -> keys.contains(r.key()), expected, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> all = probe.settle(r -> keys.contains(r.key()), Duration.ofSeconds(1));
            Map<String, List<UUID>> seen = new LinkedHashMap<>();
            keys.forEach(k -> seen.put(k, new ArrayList<>()));
            for (ConsumerRecord<String, String> record : all) {
                seen.get(record.key()).add(UUID.fromString(header(record, "ce_id")));
            }
            seen.replaceAll((k, v) -> each.apply(v));
            return seen;
        }
    }

    private long unpublished() throws java.sql.SQLException {
        return count(dataSource, "select count(*) from outbox_event where published_at is null");
    }

    private int drain(OutboxRelay replica, CyclicBarrier together) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        // a replica that finds the other relaying gets 0 and looks again, as its worker would after a pause
        int total = 0;
        while (unpublished() > 0) {
            total += replica.relayBatch();
        }
        return total;
    }
}

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.supervision.events.CaseAssigned;
import gov.petitions.supervision.events.PetitionRegistered;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.supervision.messaging.SupervisionConsumers;
import gov.petitions.supervision.service.CaseLedger;
import gov.petitions.supervision.service.TimelineChain;
import gov.petitions.testing.KafkaPolls;
import gov.petitions.testing.SqlSeen;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a case's hash chain costs in statements (issue 20: supervision's profile had the chain's reads as the largest
 * part of applying a petition). A case's ledger row inserted by the same transaction needs no lock and no read of its
 * head; an existing case is locked and its head (and whether it is archived) read once per transaction, however many
 * entries the transaction appends. The chain stays whole either way.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class TimelineChainCostTest {

    @Inject
    CaseLedger ledger;

    @Inject
    SupervisionConsumers consumers;

    ObjectMapper json;

    @Inject
    void events(ObjectMapper service) {
        // the events carry fields supervision does not read (the consumers read them the same way)
        json = service.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Test
    void aCaseOpenedInTheTransactionIsNeitherLockedNorReadBack() throws Exception {
        UUID id = UUID.randomUUID();
        PetitionRegistered registered = registered(id);

        List<String> sql = SqlSeen.during(() -> QuarkusTransaction.requiringNew().run(() -> ledger.open(registered)));

        assertEquals(0, count(sql, "for no key update"), "locks: " + sql);
        assertEquals(0, count(sql, "archive_record"), "archive checks: " + sql);
        assertEquals(List.of(), statements(sql, "timeline_event", "insert"), "reads of the chain");
        assertChainWhole(id, 1);
    }

    @Test
    void anExistingCaseIsLockedAndReadOncePerTransaction() throws Exception {
        UUID id = UUID.randomUUID();
        PetitionRegistered registered = registered(id);
        QuarkusTransaction.requiringNew().run(() -> ledger.open(registered));
        OffsetDateTime at = registered.registeredAt();
        CaseAssigned first = json.readValue(LedgerFlowTest.assigned(id.toString(), at, 1, "341302-RSJ"), CaseAssigned.class);
        CaseAssigned second = json.readValue(LedgerFlowTest.assigned(id.toString(), at, 2, "341302-XFJ"), CaseAssigned.class);

        // two changes in one transaction: the assignment and a reassignment, each a timeline entry
        List<String> sql = SqlSeen.during(() -> QuarkusTransaction.requiringNew().run(() -> {
            ledger.assign(first);
            ledger.assign(second);
        }));

        int appended = count(sql, "insert into timeline_event");
        assertEquals(2, appended, "entries appended: " + sql);
        assertEquals(1, count(sql, "for no key update"), "locks: " + sql);
        assertEquals(1, count(sql, "archive_record"), "reads of the head and the archive: " + sql);
        assertChainWhole(id, 3);
    }

    /**
     * Issue 20: supervision's consumer of case.assigned could not keep up with 100 petitions a second (the ledger
     * entry a minute late) for the round trips each assignment made: nine. A registration is now applied in four
     * statements (the creation lock, the read, the two inserts) and a first assignment in six: its row read and locked
     * in one, the chain's head, the clock, the timeline entry, the row, the event; no read of the running clocks or of
     * a matter, which a case never assigned cannot have.
     */
    @Test
    void aRegistrationAndItsFirstAssignmentTakeFourAndSixStatements() throws Exception {
        UUID id = UUID.randomUUID();
        PetitionRegistered registered = registered(id);
        CaseAssigned first = json.readValue(LedgerFlowTest.assigned(id.toString(), registered.registeredAt(), 1,
                "341302-RSJ"), CaseAssigned.class);

        List<String> open = SqlSeen.during(() -> QuarkusTransaction.requiringNew().run(() -> ledger.open(registered)));
        List<String> assign = SqlSeen.during(() -> QuarkusTransaction.requiringNew().run(() -> ledger.assign(first)));

        // a call of the sequence hands out 50 ids: it comes with one registration in 50, not with each
        assertEquals(4, withoutSequenceCalls(open).size(), "statements of the registration: " + open);
        assertEquals(6, withoutSequenceCalls(assign).size(), "statements of the first assignment: " + assign);
        assertEquals(1, count(assign, "for no key update"), "the row locked with its read: " + assign);
        assertEquals(0, count(assign, "case_link"), "a matter looked for: " + assign);
        assertEquals(List.of(), statements(assign, "deadline", "insert"), "running clocks looked for");
        assertChainWhole(id, 2);
    }

    /**
     * Issue 20: a poll of registrations is one transaction, and each opened case inserts its ledger row and its first
     * timeline entry. The entries' ids come from a sequence 50 at a time (migration V23), so the inserts wait for the
     * flush and go as one JDBC batch per kind of row, not a round trip each: identity keys made every entry its own.
     */
    @Test
    void aPollOfRegistrationsInsertsItsEntriesInOneBatchPerKindOfRow() throws Exception {
        List<PetitionRegistered> poll = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            poll.add(registered(UUID.randomUUID()));
        }

        List<String> sql = SqlSeen.during(() -> QuarkusTransaction.requiringNew().run(() -> poll.forEach(ledger::open)));

        assertEquals(1, count(sql, "insert into timeline_event"), "batches of timeline entries: " + sql);
        assertEquals(1, count(sql, "insert into ledger_entry"), "batches of ledger rows: " + sql);
        assertTrue(count(sql, "nextval") <= 1, "ids taken from the sequence: " + sql);
        for (PetitionRegistered registered : poll) {
            assertChainWhole(registered.petitionId(), 1);
        }
    }

    /**
     * The same for a poll of first assignments: each case is read and locked in a statement of its own (its chain's
     * head and its row are the case's alone), but the clocks, the timeline entries and the events go in one batch each.
     */
    @Test
    void aPollOfAssignmentsInsertsItsClocksEntriesAndEventsInOneBatchEach() throws Exception {
        List<CaseAssigned> poll = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PetitionRegistered registered = registered(UUID.randomUUID());
            QuarkusTransaction.requiringNew().run(() -> ledger.open(registered));
            poll.add(json.readValue(LedgerFlowTest.assigned(registered.petitionId().toString(), registered.registeredAt(),
                    1, "341302-RSJ"), CaseAssigned.class));
        }

        List<String> sql = SqlSeen.during(() -> QuarkusTransaction.requiringNew().run(() -> poll.forEach(ledger::assign)));

        assertEquals(1, count(sql, "insert into timeline_event"), "batches of timeline entries: " + sql);
        assertEquals(1, count(sql, "insert into deadline"), "batches of clocks: " + sql);
        assertEquals(1, count(sql, "insert into outbox_event"), "batches of events: " + sql);
        assertEquals(20, count(sql, "for no key update"), "each case read and locked: " + sql);
        for (CaseAssigned assigned : poll) {
            assertChainWhole(assigned.petitionId(), 2);
        }
    }

    /**
     * The same poll as it comes from Kafka, through the consumer that applies it (the inbox's batch): the batching
     * above is worth nothing if the consumer writes each record's rows before applying the next.
     */
    @Test
    void aPollFromKafkaInsertsItsClocksEntriesAndEventsInOneBatchEach() throws Exception {
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PetitionRegistered registered = registered(UUID.randomUUID());
            QuarkusTransaction.requiringNew().run(() -> ledger.open(registered));
            ids.add(registered.petitionId());
            String id = registered.petitionId().toString();
            ConsumerRecord<String, String> record = new ConsumerRecord<>("case.assigned", 0, i, id,
                    LedgerFlowTest.assigned(id, registered.registeredAt(), 1, "341302-RSJ"));
            CloudEvent.write(record.headers(), UUID.randomUUID(), CaseAssigned.TYPE, "/routing-service", id,
                    OffsetDateTime.now(ZoneOffset.UTC), null);
            records.add(record);
        }
        KafkaRecordBatch<String, String> poll = KafkaPolls.of("case.assigned", "case-assigned", records);

        List<String> sql = SqlSeen.during(() -> consumers.onCasesAssigned(poll).toCompletableFuture().join());

        assertEquals(1, count(sql, "insert into timeline_event"), "batches of timeline entries: " + sql);
        assertEquals(1, count(sql, "insert into deadline"), "batches of clocks: " + sql);
        assertEquals(1, count(sql, "insert into outbox_event"), "batches of events: " + sql);
        for (UUID id : ids) {
            assertChainWhole(id, 2);
        }
    }

    private PetitionRegistered registered(UUID id) throws Exception {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return json.readValue(LedgerFlowTest.registered(id.toString(), at), PetitionRegistered.class);
    }

    /** Positions 1..n, each entry linked to the one before and its hash that of its own content. */
    private static void assertChainWhole(UUID id, int entries) {
        List<TimelineEvent> chain = QuarkusTransaction.requiringNew().call(() -> TimelineEvent.of(id));
        assertEquals(entries, chain.size(), "entries");
        String previous = TimelineChain.GENESIS;
        for (int i = 0; i < chain.size(); i++) {
            TimelineEvent e = chain.get(i);
            assertEquals(i + 1, e.position, "position");
            assertEquals(previous, e.prevHash, "link of entry " + e.position);
            assertEquals(TimelineChain.link(previous, TimelineChain.canonical(e)), e.hash, "hash of entry " + e.position);
            previous = e.hash;
        }
    }

    private static List<String> withoutSequenceCalls(List<String> sql) {
        return sql.stream().filter(s -> !s.toLowerCase(Locale.ROOT).contains("nextval")).toList();
    }

    private static int count(List<String> sql, String fragment) {
        return (int) sql.stream().filter(s -> s.toLowerCase(Locale.ROOT).contains(fragment)).count();
    }

    /** Statements naming {@code table} that are not of the kind {@code except}. */
    private static List<String> statements(List<String> sql, String table, String except) {
        return sql.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .filter(s -> s.contains(table) && !s.startsWith(except)).toList();
    }
}

package gov.petitions.intake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.events.CaseAssigned;
import gov.petitions.intake.events.CaseStatusChanged;
import gov.petitions.intake.messaging.CaseProjectionFeed;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Search's read model is fed by two consumers (case.assigned, case.status-changed) whose polls hold many petitions
 * each, and both insert a petition's row when it has none. Applied in the order the records came, two polls of the
 * same petitions in opposite orders deadlocked (seen at 100 petitions/s in the benchmark: "deadlock detected while
 * inserting index tuple in relation case_projection", and the poll applied again record by record). Applied in the
 * order of their keys, they wait for each other instead.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class CaseProjectionOrderTest {

    @Inject
    CaseProjectionFeed feed;

    @Inject
    EntityManager entityManager;

    ObjectMapper json;

    @Inject
    void events(ObjectMapper service) {
        json = service.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Test
    void twoPollsOfTheSamePetitionsInOppositeOrdersAreAppliedWithoutADeadlock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.ofHours(8));
                List<CaseProjectionFeed.Update> assignments = new ArrayList<>();
                List<CaseProjectionFeed.Update> changes = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    String id = UUID.randomUUID().toString();
                    assignments.add(new CaseProjectionFeed.Update(record("case.assigned", i, id),
                            json.readValue(CaseTopics.assigned(id, 1, "341302-RSJ", at), CaseAssigned.class), null));
                    changes.add(0, new CaseProjectionFeed.Update(record("case.status-changed", i, id), null,
                            json.readValue(CaseTopics.statusChanged(id, "ASSIGNED", at), CaseStatusChanged.class)));
                }
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> first = pool.submit(() -> {
                    start.await();
                    return feed.apply(assignments);
                });
                Future<Integer> second = pool.submit(() -> {
                    start.await();
                    return feed.apply(changes);
                });
                start.countDown();
                assertEquals(60, first.get(), "assignments applied in round " + round);
                assertEquals(60, second.get(), "status changes applied in round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A poll's events of one kind are one statement, and PostgreSQL changes a row at most once in a statement: of one
     * petition's events in a poll, in whatever order they came, the read model keeps the one its guard keeps across
     * polls: the later assignment, and of two changes at one instant the later offset.
     */
    @Test
    void onePollWithAPetitionsEventsTwiceKeepsTheLaterOfEachInAnyOrder() throws Exception {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(123456000);
        String id = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        List<CaseProjectionFeed.Update> assignments = List.of(
                new CaseProjectionFeed.Update(record("case.assigned", 8, id),
                        json.readValue(CaseTopics.assigned(id, 2, "341302-XFJ", at), CaseAssigned.class), null),
                new CaseProjectionFeed.Update(record("case.assigned", 9, other),
                        json.readValue(CaseTopics.assigned(other, 1, "341302-RSJ", at), CaseAssigned.class), null),
                new CaseProjectionFeed.Update(record("case.assigned", 7, id),
                        json.readValue(CaseTopics.assigned(id, 1, "341302-RSJ", at.minusSeconds(5)), CaseAssigned.class), null));
        assertEquals(2, feed.apply(assignments), "one row for each petition");
        List<CaseProjectionFeed.Update> changes = List.of(
                new CaseProjectionFeed.Update(record("case.status-changed", 41, id), null,
                        json.readValue(CaseTopics.statusChanged(id, "ACCEPTED", at), CaseStatusChanged.class)),
                new CaseProjectionFeed.Update(record("case.status-changed", 40, id), null,
                        json.readValue(CaseTopics.statusChanged(id, "ASSIGNED", at), CaseStatusChanged.class)));
        assertEquals(1, feed.apply(changes));

        Object[] row = (Object[]) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "select unit_code, unit_sequence, state, state_offset, unit_assigned_at from case_projection "
                                + "where petition_id = :id")
                .setParameter("id", UUID.fromString(id)).getSingleResult());
        assertEquals("341302-XFJ", row[0]);
        assertEquals(2, ((Number) row[1]).intValue());
        assertEquals("ACCEPTED", row[2], "the same instant: the later offset");
        assertEquals(41L, ((Number) row[3]).longValue());
        assertEquals(at.toInstant(), (java.time.Instant) row[4], "the time exactly, microseconds too");

        // the same poll again changes nothing: the guard holds for a batch as for one event
        assertEquals(0, feed.apply(assignments));
        assertEquals(0, feed.apply(changes));
    }

    private static ConsumerRecord<String, String> record(String topic, long offset, String key) {
        return new ConsumerRecord<>(topic, 0, offset, key, "");
    }
}

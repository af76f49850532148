package gov.petitions.platform.outbox;

import gov.petitions.testing.KafkaProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static gov.petitions.platform.outbox.OutboxFixture.TOPIC;
import static gov.petitions.platform.outbox.OutboxFixture.count;
import static gov.petitions.platform.outbox.OutboxFixture.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's own relay worker, as the services run it. */
@QuarkusTest
@TestProfile(RelayWorkerTest.WorkerRunning.class)
class RelayWorkerTest {

    /**
     * The worker on, a poll interval so long that only the commit's wake-up can explain a prompt publish, and a linger
     * long enough that commits a few milliseconds apart make one batch however busy the machine is.
     */
    public static class WorkerRunning implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("petitions.outbox.relay-enabled", "true", "petitions.outbox.poll-interval", "PT60S",
                    "petitions.outbox.linger", "PT1S");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    @Inject
    @Readiness
    OutboxHealthCheck readiness;

    @BeforeAll
    static void topic() throws Exception {
        OutboxFixture.ensureTopic();
    }

    @Test
    void theCommitWakesTheWorkerAndTheEventLeavesAtOnce() throws Exception {
        // let the worker's first look at the table pass, so that it waits for its minute-long poll interval
        Thread.sleep(500);
        String petition = "P-" + UUID.randomUUID();
        long committed = System.nanoTime();
        UUID id = QuarkusTransaction.requiringNew().call(() ->
                outbox.record(TOPIC, "gov.petition.test.happened.v1", petition, Map.of("seq", 1), null));

        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            var record = probe.awaitKey(petition, Duration.ofSeconds(20));
            assertEquals(id.toString(), header(record, "ce_id"));
        }
        long waitedMillis = (System.nanoTime() - committed) / 1_000_000;
        assertTrue(waitedMillis < 15_000, "published on the commit's signal, not at the next poll: " + waitedMillis + " ms");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count(dataSource, "select count(*) from outbox_event where event_id = ? and published_at is not null", id) == 0) {
            assertTrue(System.nanoTime() < deadline, "marked published");
            Thread.sleep(20);
        }

        var health = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, health.getStatus());
        assertTrue(health.getData().orElseThrow().containsKey("lastPublished"), health.getData().toString());
        assertEquals("outbox-relay", health.getName());
    }

    /**
     * Commits that follow one another within the linger are published as one batch: one relay transaction marks them
     * all, with one instant (without a linger the first commit's wake-up takes its row alone).
     */
    @Test
    void commitsWithinTheLingerLeaveAsOneBatch() throws Exception {
        Thread.sleep(1_500); // whatever an earlier test left to publish is gone
        String petition = "P-" + UUID.randomUUID();
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int seq = i;
            ids.add(QuarkusTransaction.requiringNew().call(() ->
                    outbox.record(TOPIC, "gov.petition.test.happened.v1", petition, Map.of("seq", seq), null)));
        }
        try (KafkaProbe probe = KafkaProbe.open(TOPIC)) {
            assertEquals(3, probe.await(r -> petition.equals(r.key()), 3, Duration.ofSeconds(20)).size());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count(dataSource, "select count(*) from outbox_event where record_key = ? and published_at is not null", petition) < 3) {
            assertTrue(System.nanoTime() < deadline, "all three marked published");
            Thread.sleep(20);
        }
        assertEquals(1, count(dataSource, "select count(distinct published_at) from outbox_event where record_key = ?", petition),
                "one batch marked all three");
    }
}

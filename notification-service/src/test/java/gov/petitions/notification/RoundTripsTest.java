package gov.petitions.notification;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a petition costs in MongoDB round trips: a registration (one receipt) and a first assignment (a message to
 * the unit and one to the petitioner), from the events to the delivery outcomes told on Kafka. Counted with a
 * command listener while nothing but these petitions is sent, so a regression shows as a number, not as a slow
 * benchmark. The events come in bursts, as under load, so that the service polls many at once: what a poll costs
 * must not grow with the events in it (docs/notifications.md, "How a poll is applied").
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class RoundTripsTest {

    private static final int PETITIONS = 20;

    private static KafkaProbe delivered;

    @BeforeAll
    static void open() {
        delivered = KafkaProbe.open("notification.delivered");
    }

    @AfterAll
    static void close() {
        delivered.close();
    }

    @Test
    void aPetitionCostsAHandfulOfRoundTrips() throws Exception {
        // a first petition warms what is cached (parsed templates) and lets earlier tests' traffic settle
        run(1);
        quiet();

        MongoCommands.reset();
        run(PETITIONS);
        Thread.sleep(1_500); // the relay's bookkeeping after the last outcome is told
        Map<String, Long> counts = MongoCommands.snapshot();

        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        // what the consumers send (the retry scan runs on the same threads, and reads only the retries collection)
        long consuming = counts.entrySet().stream()
                .filter(e -> e.getKey().startsWith("worker ") && !e.getKey().endsWith(" retries")
                        || e.getKey().equals("worker insert retries"))
                .mapToLong(Map.Entry::getValue).sum();
        StringBuilder report = new StringBuilder("MongoDB commands for " + PETITIONS
                + " petitions (registration + assignment, 3 messages each, sent in bursts):\n");
        counts.forEach((key, count) -> report.append(String.format("  %-60s %5d%n", key, count)));
        report.append(String.format("  total %d, %.1f per petition; consuming the events %d, %.2f per petition%n",
                total, (double) total / PETITIONS, consuming, (double) consuming / PETITIONS));
        System.out.println(report);
        // Before polls were applied together: 10.0 per petition to consume the events (a registration, template
        // heads, messages and pointers for each event; the petition read, the unit written, the unit's channels read
        // for each assignment) and 16.0 in all, with the same bursts. A poll's registrations, units, messages and
        // pointers are now one write each, its petitions, template heads and channels one read each: 0.55 per petition.
        assertTrue((double) consuming / PETITIONS <= 1.5, report.toString());
        assertTrue(counts.getOrDefault("worker insert messages", 0L) < PETITIONS, "one insert per poll, not per event\n"
                + report);
        // a channel's worker records the final outcomes of what it took from its queue together: one write for a run,
        // not one for each of the 60 messages (a findAndModify each, 60 of them, before; 10 measured since)
        long recording = counts.entrySet().stream().filter(e -> e.getKey().startsWith("delivery ")
                && e.getKey().endsWith(" messages")).mapToLong(Map.Entry::getValue).sum();
        assertTrue(recording <= PETITIONS * 3 / 2, "outcomes recorded in runs, two or more a write\n" + report);
        // delivery and the relay are outside the poll: 5.7 in all with an outcome written per message, 16.0 before
        assertTrue((double) total / PETITIONS <= 9, report.toString());
    }

    /**
     * Waits until no message is being sent: messages of earlier tests and runs in the shared test database (their
     * stand-ins gone) are retried until they are dead, and would be counted here otherwise.
     */
    private static void quiet() throws InterruptedException {
        for (int second = 0; second < 30; second++) {
            MongoCommands.reset();
            Thread.sleep(1_000);
            if (MongoCommands.snapshot().keySet().stream().noneMatch(key -> key.startsWith("delivery ")
                    || key.startsWith("worker ") && !key.equals("worker find retries"))) {
                return;
            }
        }
    }

    private static void run(int petitions) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        List<String[]> sent = new ArrayList<>();
        Events.inBurst(() -> {
            for (int i = 0; i < petitions; i++) {
                String petitionId = UUID.randomUUID().toString();
                String number = Events.trackingNumber();
                ids.add(petitionId);
                Events.registered(petitionId, UUID.randomUUID().toString(), number);
                sent.add(new String[]{petitionId, number});
            }
        });
        // the registrations first, as routing answers them: the usual path, not the parking one
        delivered.await(record -> ids.contains(record.key()), petitions, Duration.ofSeconds(90));
        Events.inBurst(() -> {
            for (String[] petition : sent) {
                Events.assigned(petition[0], petition[1], ChannelsTest.unitCode("RT"), "测试县人力资源和社会保障局");
            }
        });
        // receipt, the unit's notice and the petitioner's: each told as delivered
        delivered.await(record -> ids.contains(record.key()), 3 * petitions, Duration.ofSeconds(90));
    }
}

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
 * benchmark.
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
        Thread.sleep(2_000);

        MongoCommands.reset();
        run(PETITIONS);
        Thread.sleep(1_500); // the relay's bookkeeping after the last outcome is told
        Map<String, Long> counts = MongoCommands.snapshot();

        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder report = new StringBuilder("MongoDB commands for " + PETITIONS
                + " petitions (registration + assignment, 3 messages each):\n");
        counts.forEach((key, count) -> report.append(String.format("  %-60s %5d%n", key, count)));
        report.append(String.format("  total %d, %.1f per petition%n", total, (double) total / PETITIONS));
        System.out.println(report);
        // about 16 (12.5 before outcomes went through the outbox, 45.7 before claims moved onto messages); the margin
        // is for other tests' retries still running
        assertTrue((double) total / PETITIONS <= 18, report.toString());
    }

    private static void run(int petitions) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        List<String[]> sent = new ArrayList<>();
        for (int i = 0; i < petitions; i++) {
            String petitionId = UUID.randomUUID().toString();
            String number = Events.trackingNumber();
            ids.add(petitionId);
            Events.registered(petitionId, UUID.randomUUID().toString(), number);
            sent.add(new String[]{petitionId, number});
        }
        // the registrations first, as routing answers them: the usual path, not the parking one
        delivered.await(record -> ids.contains(record.key()), petitions, Duration.ofSeconds(90));
        for (String[] petition : sent) {
            Events.assigned(petition[0], petition[1], ChannelsTest.unitCode("RT"), "测试县人力资源和社会保障局");
        }
        // receipt, the unit's notice and the petitioner's: each told as delivered
        delivered.await(record -> ids.contains(record.key()), 3 * petitions, Duration.ofSeconds(90));
    }
}

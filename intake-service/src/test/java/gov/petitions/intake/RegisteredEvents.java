package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;

/**
 * The petition.registered topic of the real broker, as intake's tests read it: one probe from the topic's beginning
 * (no consumer group), opened on first use and closed when the JVM exits, so no test class sets one up. Quarkus loads
 * test classes anew for each test profile, so there is one probe per profile, not per class. Every event read is
 * checked against its contract in contracts/.
 */
final class RegisteredEvents {

    static final String TOPIC = "petition.registered";
    /** How long a registration's event may take: the outbox relay polls every 0.1 s in tests. */
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    /** How long to keep reading before saying "no more events of this petition". */
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static KafkaProbe probe;

    private RegisteredEvents() {
    }

    private static KafkaProbe probe() {
        if (probe == null) {
            KafkaProbe opened = KafkaProbe.open(TOPIC);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    opened.close();
                } catch (RuntimeException | LinkageError e) {
                    // the JVM is going anyway; a probe is no group member, the broker forgets it
                }
            }));
            probe = opened;
        }
        return probe;
    }

    /** The petition's event as it arrived, with its CloudEvents headers, its data checked against the contract. */
    static synchronized ConsumerRecord<String, String> recordOf(String petitionId) {
        ConsumerRecord<String, String> record = probe().awaitKey(petitionId, ARRIVAL);
        Contracts.assertValidRecord(TOPIC, record);
        return record;
    }

    /** The data of the petition's event, checked against the contract. */
    static synchronized JsonNode of(String petitionId) {
        return Contracts.assertValidRecord(TOPIC, probe().awaitKey(petitionId, ARRIVAL));
    }

    /** Every event of the petition seen after a quiet while (each checked against the contract): one is expected. */
    static synchronized List<ConsumerRecord<String, String>> allOf(String petitionId) {
        List<ConsumerRecord<String, String>> all = probe().settle(r -> petitionId.equals(r.key()), QUIET);
        all.forEach(r -> Contracts.assertValidRecord(TOPIC, r));
        return all;
    }
}

package gov.petitions.intake.messaging;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds search's read model from the topics (docs/registration.md, "Search"): a consumer of no group, assigned
 * every partition of case.assigned and case.status-changed, reads each from its beginning up to the end it had when
 * the rebuild started, and applies every record through the same guarded upserts as the live consumers, which go on
 * meanwhile (whichever applies an event second changes nothing). It restores exactly what the topics still hold: an
 * event past the topics' retention is gone from them, and a case whose last assignment or status change is older than
 * that is restored without it.
 *
 * <p>Records that cannot be read are counted and skipped, not dead-lettered again: the live consumer did that when
 * they first came.
 */
@ApplicationScoped
public class CaseProjectionRebuild {

    /** What a rebuild has done so far; {@code remaining}: records between its position and the end it aims at. */
    public record Status(String state, OffsetDateTime startedAt, OffsetDateTime finishedAt, long recordsRead,
                         long recordsApplied, long recordsSkipped, long remaining, String failure) {
    }

    private static final Duration POLL = Duration.ofMillis(500);

    private final CaseProjectionFeed feed;
    private final Map<String, Object> kafkaConfig;
    private final Clock clock;
    private volatile Status status = new Status("NEVER_RUN", null, null, 0, 0, 0, 0, null);
    private volatile boolean stopping;
    private Thread worker;

    public CaseProjectionRebuild(CaseProjectionFeed feed,
                                 @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Clock clock) {
        this.feed = feed;
        this.kafkaConfig = kafkaConfig;
        this.clock = clock;
    }

    public Status status() {
        return status;
    }

    /** Starts a rebuild in the background; 409 while one runs. */
    public synchronized Status start() {
        if ("RUNNING".equals(status.state())) {
            throw new ProblemException(Problem.of("rebuild-running", "A rebuild is running", 409,
                    "Wait until GET /internal/search/rebuild says it has finished"));
        }
        status = new Status("RUNNING", OffsetDateTime.now(clock), null, 0, 0, 0, 0, null);
        worker = new Thread(this::run, "search-projection-rebuild");
        worker.setDaemon(true);
        worker.start();
        return status;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "intake-service-search-rebuild");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long read = 0;
        long applied = 0;
        long skipped = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : CaseProjectionFeed.TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long remaining = remaining(consumer, end);
            while (remaining > 0 && !stopping) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                List<CaseProjectionFeed.Update> updates = new ArrayList<>();
                for (ConsumerRecord<String, String> record : records) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // came after the rebuild started: the live consumer has it
                    }
                    read++;
                    try {
                        updates.add(feed.parse(record));
                    } catch (PoisonEventException poison) {
                        skipped++;
                    }
                }
                if (!updates.isEmpty()) {
                    applied += feed.apply(updates);
                }
                remaining = remaining(consumer, end);
                status = new Status("RUNNING", status.startedAt(), null, read, applied, skipped, remaining, null);
            }
            status = new Status(stopping ? "STOPPED" : "DONE", status.startedAt(), OffsetDateTime.now(clock), read,
                    applied, skipped, remaining, null);
            Log.infof("Search's read model rebuilt from the topics: %d records read, %d applied, %d skipped", read,
                    applied, skipped);
        } catch (RuntimeException e) {
            Log.errorf(e, "Rebuilding search's read model failed after %d records", read);
            status = new Status("FAILED", status.startedAt(), OffsetDateTime.now(clock), read, applied, skipped,
                    status.remaining(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static long remaining(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        long remaining = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            remaining += Math.max(0, e.getValue() - consumer.position(e.getKey()));
        }
        return remaining;
    }
}

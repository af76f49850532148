package gov.petitions.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Puts a service's consumer group at the end of every topic before the service starts under test.
 *
 * <p>Every module's tests share one test broker, and `./petitions test` runs the modules one after the other: without
 * this, a service's first tests wait while its consumers work through everything the modules before it (and earlier
 * runs) published — thousands of registrations and assignments, which notification, for one, would turn into messages
 * and deliveries (a test class waited 50 s for it in CI). Records the tests publish once the service runs are
 * consumed as before: the group's committed offsets, not {@code auto.offset.reset}, say where it starts, so nothing
 * sent after this point is skipped however long the group takes to form.
 *
 * <p>Use with the group's id as the init argument {@code group}. Quarkus starts every test resource of a module for
 * each of its test applications, so one annotation per module is enough.
 */
public class EarlierRecordsSkipped implements QuarkusTestResourceLifecycleManager {

    private String group;

    @Override
    public void init(Map<String, String> initArgs) {
        group = initArgs.get("group");
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("EarlierRecordsSkipped needs the consumer group as the init argument 'group'");
        }
    }

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                    .values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            alter(admin, ends);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not move consumer group " + group + " to the end of the topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of();
    }

    /** The group must be empty: members of an application that just stopped may still be leaving it. */
    private void alter(Admin admin, Map<TopicPartition, OffsetAndMetadata> ends)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    @Override
    public void stop() {
    }
}

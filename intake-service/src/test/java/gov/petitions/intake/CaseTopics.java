package gov.petitions.intake;

import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * routing's case.assigned and supervision's case.status-changed on the real broker, as intake's search read model
 * consumes them: events built to their contracts (each checked against its schema before it is sent), and a wait
 * until intake's consumer group has committed past everything on a topic. As a test resource it makes sure intake's
 * dead-letter topic exists (the local broker creates no topic by itself; infra/kafka/topics.txt lists the platform's).
 */
public final class CaseTopics implements QuarkusTestResourceLifecycleManager {

    static final String ASSIGNED = "case.assigned";
    static final String STATUS_CHANGED = "case.status-changed";
    static final String DEAD_LETTERS = "intake-service.dlq";
    private static final String GROUP = "intake-service";

    @Override
    public Map<String, String> start() {
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get().contains(DEAD_LETTERS)) {
                admin.createTopics(List.of(new NewTopic(DEAD_LETTERS, 1, (short) 1))).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("could not create " + DEAD_LETTERS, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers()));
    }

    static String assigned(String petitionId, int sequence, String unitCode, OffsetDateTime at) {
        String division = unitCode.substring(0, unitCode.indexOf('-'));
        String json = """
                {"petitionId":"%s","assignmentId":"%s","trackingNumber":"XF20261206000001","sequence":%d,
                 "level":"COUNTY","unit":{"code":"%s","name":"测试单位","divisionCode":"%s","level":"COUNTY"},
                 "reason":"%s","categoryCode":"labour-wages","locationCode":"341302",
                 "registeredAt":"2026-12-06T08:00:00+08:00","assignedAt":"%s"}"""
                .formatted(petitionId, UUID.randomUUID(), sequence, unitCode, division,
                        sequence == 1 ? "INITIAL" : "REASSIGNMENT", at);
        Contracts.assertValid(ASSIGNED, json);
        return json;
    }

    static String statusChanged(String petitionId, String toStatus, OffsetDateTime at) {
        String json = """
                {"petitionId":"%s","trackingNumber":"XF20261206000001","fromStatus":null,"toStatus":"%s",
                 "actorRole":"handler","unitCode":"341302-RSJ","changedAt":"%s"}"""
                .formatted(petitionId, toStatus, at);
        Contracts.assertValid(STATUS_CHANGED, json);
        return json;
    }

    static void sendAssigned(String petitionId, String... values) {
        send(ASSIGNED, "gov.petition.case.assigned.v1", petitionId, values);
    }

    static void sendStatusChanged(String petitionId, String... values) {
        send(STATUS_CHANGED, "gov.petition.case.status-changed.v1", petitionId, values);
    }

    /** Back to back through one producer: one petition's records land on one partition, in this order. */
    private static void send(String topic, String type, String key, String... values) {
        KafkaProbe.sendAll(topic, java.util.Arrays.stream(values)
                .map(v -> new KafkaProbe.Event(key, type, UUID.randomUUID(), v)).toList());
    }

    /**
     * Waits until intake's consumer group has committed every record the topic holds now: whatever was sent before has
     * been applied (or dead-lettered). Offsets are committed after the batch's transaction, every few seconds.
     */
    static void awaitConsumed(String topic) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (done) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("intake-service has not consumed " + topic + " up to " + end
                            + " within 90 s; committed " + committed);
                }
                Thread.sleep(200);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

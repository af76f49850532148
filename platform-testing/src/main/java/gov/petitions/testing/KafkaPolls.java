package gov.petitions.testing;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.List;
import java.util.Map;

/**
 * A poll as a batch consumer ({@code batch=true}) receives it, to hand straight to the consumer method: what a poll of
 * records costs can then be counted without a broker's timing deciding how the records are grouped.
 */
public final class KafkaPolls {

    private KafkaPolls() {
    }

    /**
     * The records of one partition of {@code topic} as one poll of {@code channel}. Acknowledging it does nothing; a
     * record the consumer nacks fails the test.
     */
    public static KafkaRecordBatch<String, String> of(String topic, String channel,
                                                      List<ConsumerRecord<String, String>> records) {
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records)),
                channel, -1,
                new KafkaCommitHandler() {
                    @Override
                    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                        return Uni.createFrom().voidItem();
                    }
                },
                new KafkaFailureHandler() {
                    @Override
                    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                        throw new AssertionError("a record of the poll failed", reason);
                    }
                }, false, false);
    }
}

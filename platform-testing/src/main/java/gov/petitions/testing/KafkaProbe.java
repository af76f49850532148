package gov.petitions.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Reads a topic of the real broker from its beginning, without joining any consumer group, so a
 * test sees exactly what the services see and disturbs nobody.
 */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private KafkaProbe(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public static KafkaProbe open(String topic) {
        return new KafkaProbe(topic);
    }

    public static String bootstrapServers() {
        String fromProperty = System.getProperty("kafka.bootstrap.servers");
        String value = fromProperty != null ? fromProperty : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (value == null) {
            throw new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is not set: start the infrastructure with ./petitions infra up");
        }
        return value;
    }

    /** Waits until {@code count} records match, then returns them all (more may match later). */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> match, int count,
                                                       Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<ConsumerRecord<String, String>> matching = seen.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching records within " + timeout + ", saw "
                        + matching.size());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    public ConsumerRecord<String, String> awaitKey(String key, Duration timeout) {
        return await(r -> key.equals(r.key()), 1, timeout).get(0);
    }

    /** Keeps reading for {@code quiet} and returns every record seen so far that matches. */
    public List<ConsumerRecord<String, String>> settle(Predicate<ConsumerRecord<String, String>> match, Duration quiet) {
        Instant until = Instant.now().plus(quiet);
        while (Instant.now().isBefore(until)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen.stream().filter(match).toList();
    }

    /** Sends a binary-mode CloudEvent (or, with null type, a bare record) to the real broker. */
    public static void send(String topic, String key, String type, UUID id, String value) {
        sendAll(topic, List.of(new Event(key, type, id, value)));
    }

    /** One record to send; with a null type it is a bare record without CloudEvents headers. */
    public record Event(String key, String type, UUID id, String value) {
    }

    /** Sends the events back to back through one producer, so a consumer sees them together as a burst. */
    public static void sendAll(String topic, List<Event> events) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
            for (Event event : events) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), event.value());
                if (event.type() != null) {
                    header(record, "ce_specversion", "1.0");
                    header(record, "ce_id", event.id().toString());
                    header(record, "ce_type", event.type());
                    header(record, "ce_source", "/test");
                    header(record, "ce_subject", event.key());
                    header(record, "ce_time", Instant.now().toString());
                    header(record, "content-type", "application/json");
                }
                acks.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}

package gov.petitions.insight;

import gov.petitions.platform.province.Province;
import gov.petitions.insight.messaging.HotSpotTopology;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What insight costs the broker per petition, counted, not timed: the topology as the service builds it, with the
 * service's own {@code kafka-streams.*} settings (application.properties), against the real broker on topics of its
 * own, fed petitions at the benchmark's rate. Every record it writes moves an end offset: changelogs, repartition
 * topics, its output, and the commit markers of exactly-once (one per partition a transaction wrote). The offsets
 * it commits go to {@code __consumer_offsets}, shared with every group, and are left out: one record per input
 * partition per commit, not per petition.
 *
 * <p>docs/hot-spots.md ("What it costs per petition") keeps the figures; {@link #BEFORE} is the count before the
 * topology was made cheaper, and the test fails if the cost climbs back to it.
 */
class RecordsPerPetitionTest {

    /**
     * Records per petition measured with this test on the topology of d19f784: two repartitions (by cell, by county ×
     * category), a dedup store, and hour, day and 7-day windowed aggregations (docs/hot-spots.md).
     */
    static final double BEFORE = 21.78;

    static final int WARM_UP = 30;
    static final int PETITIONS = 180;
    /** The benchmark's rate (bench/): spread over a second, as intake publishes them. */
    static final int PER_SECOND = 30;

    static final List<String> COUNTIES = List.of("340102", "340103", "340104", "340111", "340121", "340122", "341302",
            "341321", "341322", "341323", "341324", "340123", "340202", "340207", "340321", "340402");
    static final List<String> CATEGORIES = List.of("wages", "land", "housing", "education", "health", "pension",
            "environment", "police");
    static final List<String> TARGETS = List.of("华建建设有限公司", "宿州市第一中学", "金鹰置业", "皖北煤电集团",
            "淮河水务", "新城物业", "江淮运输公司", "惠民医院");

    @Test
    void insightWritesFewerRecordsPerPetitionThanBefore() throws Exception {
        String run = "insight-cost-" + UUID.randomUUID().toString().substring(0, 8);
        HotSpotTopology.Topics topics = new HotSpotTopology.Topics(run + ".petition.registered",
                run + ".hotspot.detected", run + ".dlq");
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers());
        try (Admin kafka = Admin.create(admin)) {
            // as many partitions as the real topic: every partition a transaction writes gets a commit marker
            int partitions = kafka.describeTopics(List.of(HotSpotTopology.PETITION_REGISTERED)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(HotSpotTopology.PETITION_REGISTERED).partitions().size();
            kafka.createTopics(List.of(new NewTopic(topics.petitions(), partitions, (short) 1),
                    new NewTopic(topics.hotspots(), partitions, (short) 1),
                    new NewTopic(topics.deadLetters(), partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);

            Properties props = serviceSettings();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "cost-state", run).toAbsolutePath().toString());
            KafkaStreams streams = new KafkaStreams(HotSpotTopology.build(topics, () -> TopologyFixture.RULE,
                    Duration.ofDays(35), Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(90), true,
                    new AccusedUnits(Province.current().code())), props);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                streams.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
                Random random = new Random(20);
                // the first petitions make the stores, the internal topics and the producer's transactions
                send(producer, topics.petitions(), random, WARM_UP);
                awaitConsumed(kafka, run, WARM_UP);

                Map<TopicPartition, Long> before = quiet(kafka, run);
                send(producer, topics.petitions(), random, PETITIONS);
                awaitConsumed(kafka, run, WARM_UP + PETITIONS);
                Map<TopicPartition, Long> after = quiet(kafka, run);

                Map<String, long[]> byTopic = count(before, after, run);
                long written = byTopic.values().stream().mapToLong(c -> c[0]).sum();
                long data = byTopic.values().stream().mapToLong(c -> c[1]).sum();
                StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                        "%d petitions at %d/s: %.2f records per petition (%.2f data, %.2f commit markers)%n"
                                + "  (data of a repartition topic reads low when Kafka Streams has purged what it consumed)%n",
                        PETITIONS, PER_SECOND, (double) written / PETITIONS, (double) data / PETITIONS,
                        (double) (written - data) / PETITIONS));
                byTopic.forEach((topic, c) -> report.append(String.format(Locale.ROOT, "  %-50s %7.2f  (data %.2f)%n",
                        topic.substring(run.length()), (double) c[0] / PETITIONS, (double) c[1] / PETITIONS)));
                System.out.print(report);
                Files.writeString(Path.of("target", "records-per-petition.txt"), report);

                assertEquals(0, byTopic.getOrDefault(topics.deadLetters(), new long[2])[0],
                        "every petition sent is valid: nothing may reach the dead letters");
                assertTrue(data >= PETITIONS, "each petition leaves at least one record (its dedup entry): " + report);
                assertTrue((double) written / PETITIONS < BEFORE, "records per petition must stay below " + BEFORE
                        + ":\n" + report);
            } finally {
                streams.close(Duration.ofSeconds(30));
                streams.cleanUp();
                List<String> own = kafka.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(run)).toList();
                kafka.deleteTopics(own);
                kafka.deleteConsumerGroups(List.of(run));
            }
        }
    }

    /** The {@code kafka-streams.*} settings of application.properties (no profile), as the service passes them on. */
    static Properties serviceSettings() throws IOException {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Properties settings = new Properties();
        file.stringPropertyNames().stream().filter(k -> k.startsWith("kafka-streams."))
                .forEach(k -> settings.put(k.substring("kafka-streams.".length()), file.getProperty(k)));
        return settings;
    }

    /** Petitions registered now, across counties, categories, townships and accused targets as a province sends them. */
    static void send(KafkaProducer<String, String> producer, String topic, Random random, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            String county = COUNTIES.get(random.nextInt(COUNTIES.size()));
            String location = random.nextInt(10) < 6 ? county + String.format("%03d", 100 + random.nextInt(5)) : county;
            String targets = random.nextInt(10) < 3
                    ? ", \"accusedTargets\": [\"" + TARGETS.get(random.nextInt(TARGETS.size())) + "\"]" : "";
            Instant at = Instant.now();
            String data = """
                    {"petitionId": "%s", "trackingNumber": "XF20250301000042", "channel": "WALK_IN", "categoryCode": "%s",
                     "locationCode": "%s", "petitionerRef": "%s", "personCount": %d, "registeredAt": "%s"%s}"""
                    .formatted(id, CATEGORIES.get(random.nextInt(CATEGORIES.size())), location, UUID.randomUUID(),
                            1 + random.nextInt(3),
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(8))), targets);
            if (i == 0) {
                Contracts.assertValid("petition.registered", data);
            }
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, id, data);
            for (String[] h : List.of(new String[] {"ce_specversion", "1.0"}, new String[] {"ce_id", id},
                    new String[] {"ce_type", "gov.petition.petition.registered.v1"},
                    new String[] {"ce_source", "/intake-service"}, new String[] {"ce_subject", id},
                    new String[] {"ce_time", at.toString()}, new String[] {"content-type", "application/json"})) {
                record.headers().add(h[0], h[1].getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record);
            long due = start + TimeUnit.MILLISECONDS.toNanos((i + 1) * 1000L / PER_SECOND);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        producer.flush();
    }

    /** Until the group has committed every petition sent: under exactly-once, its last transaction is then complete. */
    static void awaitConsumed(Admin kafka, String group, long sent) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().endsWith(".petition.registered"))
                    .mapToLong(e -> e.getValue().offset()).sum() >= sent;
        });
    }

    /**
     * The end offsets once nothing moves for three commit intervals: the input is consumed, but what it was
     * repartitioned into may still be on its way through the second sub-topology.
     */
    static Map<TopicPartition, Long> quiet(Admin kafka, String run) throws Exception {
        Map<TopicPartition, Long> last = endOffsets(kafka, run);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(3_000);
            Map<TopicPartition, Long> now = endOffsets(kafka, run);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("insight kept writing for a minute after the last petition");
    }

    /** The end offsets of every partition of the run's topics, its internal ones included. */
    static Map<TopicPartition, Long> endOffsets(Admin kafka, String run) throws Exception {
        Set<String> names = kafka.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(run)).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        kafka.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> specs.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        kafka.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Per topic written by insight (the input left out): offsets moved, and committed data records among them (read
     * with read_committed); the difference is commit markers (and anything aborted).
     */
    static Map<String, long[]> count(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after, String run) {
        Map<String, long[]> byTopic = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            for (Map.Entry<TopicPartition, Long> end : after.entrySet()) {
                TopicPartition tp = end.getKey();
                if (tp.topic().endsWith(".petition.registered")) {
                    continue;
                }
                long from = before.getOrDefault(tp, 0L);
                long[] counts = byTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
                counts[0] += end.getValue() - from;
                if (end.getValue() > from) {
                    consumer.assign(List.of(tp));
                    consumer.seek(tp, from);
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (consumer.position(tp) < end.getValue() && System.currentTimeMillis() < deadline) {
                        for (var record : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                            if (record.offset() < end.getValue()) {
                                counts[1]++;
                            }
                        }
                    }
                }
            }
        }
        return byTopic;
    }
}

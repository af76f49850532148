package gov.petitions.insight;

import gov.petitions.platform.province.Province;
import gov.petitions.insight.messaging.HotSpotTopology;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** The topology on a TopologyTestDriver, with time given by the test: petitions carry their registration time. */
class TopologyFixture implements AutoCloseable {

    static final SurgeRule RULE = new SurgeRule(Duration.ofDays(28), 5, List.of(
            new SurgeRule.WindowRule("hour", Duration.ofHours(1), 10, 3, true),
            new SurgeRule.WindowRule("day", Duration.ofHours(24), 20, 3, true),
            new SurgeRule.WindowRule("week", Duration.ofDays(7), 40, 3, true)),
            new SurgeRule.GroupRule(50, Duration.ofHours(24), true));

    final AtomicReference<SurgeRule> rule = new AtomicReference<>(RULE);
    final TopologyTestDriver driver;
    final TestInputTopic<String, String> petitions;
    final TestOutputTopic<String, String> hotspots;
    final TestOutputTopic<String, String> deadLetters;

    TopologyFixture(Instant wallClock) {
        this(wallClock, false);
    }

    TopologyFixture(Instant wallClock, boolean persistent) {
        this(wallClock, persistent, Province.current().code());
    }

    /** @param province the deployment's province code (petitions.province.code) */
    TopologyFixture(Instant wallClock, boolean persistent, String province) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "insight-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test/" + UUID.randomUUID());
        driver = new TopologyTestDriver(HotSpotTopology.build(rule::get, Duration.ofDays(35), Duration.ofDays(1),
                Duration.ofMinutes(1), Duration.ofDays(90), persistent, new AccusedUnits(province)), props, wallClock);
        petitions = driver.createInputTopic(HotSpotTopology.PETITION_REGISTERED, new StringSerializer(), new StringSerializer());
        hotspots = driver.createOutputTopic(HotSpotTopology.HOTSPOT_DETECTED, new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(HotSpotTopology.DEAD_LETTERS, new StringDeserializer(), new StringDeserializer());
    }

    /** The service has been watching for five weeks: one petition elsewhere, long before the test's own. */
    TopologyFixture watchingSince(Instant start) {
        register("other", "340102", 1, start.minus(Duration.ofDays(35)));
        return this;
    }

    /** Registers one petition at {@code at}, as intake publishes it (binary-mode CloudEvent). */
    String register(String category, String location, int persons, Instant at, String... accused) {
        return registerAccusing(category, location, persons, at, List.of(), accused);
    }

    /** Registers one petition that accuses units by code (accusedUnitCodes) and names targets (accusedTargets). */
    String registerAccusing(String category, String location, int persons, Instant at, List<String> unitCodes,
                            String... accused) {
        String id = UUID.randomUUID().toString();
        String targets = (accused.length == 0 ? "" : ", \"accusedTargets\": [" + java.util.Arrays.stream(accused)
                .map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")) + "]")
                + (unitCodes.isEmpty() ? "" : ", \"accusedUnitCodes\": [" + unitCodes.stream()
                .map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")) + "]");
        String data = """
                {"petitionId": "%s", "trackingNumber": "XF20250301000042", "channel": "WALK_IN", "categoryCode": "%s",
                 "locationCode": "%s", "petitionerRef": "%s", "personCount": %d, "registeredAt": "%s"%s}"""
                .formatted(id, category, location, UUID.randomUUID(), persons,
                        java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(8))), targets);
        // consumers are tested only with data a producer may send
        gov.petitions.testing.Contracts.assertValid("petition.registered", data);
        send(id, data, "gov.petition.petition.registered.v1", at);
        return id;
    }

    void send(String key, String value, String type, Instant at) {
        RecordHeaders headers = new RecordHeaders();
        if (type != null) {
            header(headers, "ce_specversion", "1.0");
            header(headers, "ce_id", UUID.randomUUID().toString());
            header(headers, "ce_type", type);
            header(headers, "ce_source", "/intake-service");
            header(headers, "ce_subject", key);
            header(headers, "ce_time", at.toString());
            header(headers, "content-type", "application/json");
        }
        petitions.pipeInput(new TestRecord<>(key, value, headers, at));
    }

    static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static ConsumerRecord<String, String> asConsumerRecord(TestRecord<String, String> record) {
        return new ConsumerRecord<>(HotSpotTopology.HOTSPOT_DETECTED, 0, 0, record.timestamp(), TimestampType.CREATE_TIME,
                -1, -1, record.key(), record.value(), record.headers(), Optional.empty());
    }

    @Override
    public void close() {
        driver.close();
    }
}

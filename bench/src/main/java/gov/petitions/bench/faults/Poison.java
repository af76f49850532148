package gov.petitions.bench.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import gov.petitions.bench.Workload;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Poison input: on every partition of every topic a service consumes, three records written straight to the
 * broker — data that is not JSON, JSON of the wrong shape, and a valid example payload under an unknown event
 * type — all with otherwise correct CloudEvents headers. Each must land in the dead-letter topic of every
 * service that consumes the topic, nothing may be made of them, and petitions registered afterwards (on every
 * partition of petition.registered) must still be assigned, ledgered and acknowledged.
 */
public final class Poison {

    /** topic → the services that consume it (application.properties of each service) */
    static final Map<String, List<String>> CONSUMERS = new LinkedHashMap<>();

    static {
        CONSUMERS.put("petition.registered", List.of("routing", "supervision", "notification"));
        CONSUMERS.put("case.assigned", List.of("supervision", "notification"));
        CONSUMERS.put("case.status-changed", List.of("notification"));
        CONSUMERS.put("case.escalation-requested", List.of("routing"));
        CONSUMERS.put("case.deadline-warning", List.of("notification"));
        CONSUMERS.put("case.deadline-breached", List.of("notification"));
    }

    record Sent(String topic, int partition, String kind, String key) {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String bootstrap = args.require("bootstrap");
        Path contracts = Path.of(args.require("contracts"));
        Map<TopicPartition, Long> dlqStart = Stores.endOffsets(bootstrap);
        if (Stores.dlqs(bootstrap).contains("insight-service.dlq")) { // insight-service (Kafka Streams) reads registrations too
            CONSUMERS.put("petition.registered", List.of("routing", "supervision", "notification", "insight"));
        }

        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String topic : CONSUMERS.keySet()) {
                String example = Files.readString(contracts.resolve("examples/" + topic + ".v1.json"));
                int partitions = producer.partitionsFor(topic).size();
                for (int p = 0; p < partitions; p++) {
                    for (String kind : List.of("broken-json", "wrong-schema", "unknown-type")) {
                        String key = UUID.randomUUID().toString();
                        String value = switch (kind) {
                            case "broken-json" -> "{\"petitionId\": \"" + key + "\", \"trackingNumber\": \"XF2026";
                            case "wrong-schema" -> "{\"petitionId\": " + 42 + ", \"unit\": \"nobody\", \"status\": [true]}";
                            default -> example.replaceAll("\"petitionId\"\\s*:\\s*\"[^\"]+\"", "\"petitionId\": \"" + key + "\"");
                        };
                        String type = kind.equals("unknown-type") ? "gov.petition.no-such-event.v1" : "gov.petition." + topic + ".v1";
                        ProducerRecord<String, String> record = new ProducerRecord<>(topic, p, key, value);
                        header(record, "ce_specversion", "1.0");
                        header(record, "ce_id", UUID.randomUUID().toString());
                        header(record, "ce_type", type);
                        header(record, "ce_source", "/bench/poison");
                        header(record, "ce_subject", key);
                        header(record, "ce_time", OffsetDateTime.now().toString());
                        header(record, "content-type", "application/json");
                        producer.send(record).get();
                        sent.add(new Sent(topic, p, kind, key));
                    }
                }
            }
        }
        long poisonedAt = System.currentTimeMillis();
        Args.log("wrote %d poison records", sent.size());

        // good petitions after the poison, until every partition of petition.registered has one
        HttpClient http = HttpClient.newHttpClient();
        List<String> good = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; i < 60 && covered.size() < 6; i++) {
            String id = register(http, args, i);
            good.add(id);
            covered.add(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 6);
        }
        Args.log("registered %d good petitions after the poison, covering partitions %s", good.size(), covered);

        ObjectNode result = Args.JSON.createObjectNode();
        try (Stores stores = new Stores(args)) {
            Stores.Snapshot snapshot = stores.awaitComplete(good, args.integer("wait", 120));
            ArrayNode goodResults = result.putArray("goodPetitionsAfterPoison");
            int goodOk = 0;
            for (String id : good) {
                List<String> problems = snapshot.problems(id);
                ObjectNode g = goodResults.addObject();
                g.put("petitionId", id);
                g.put("partition", Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 6);
                g.put("ok", problems.isEmpty());
                problems.forEach(g.putArray("problems")::add);
                goodOk += problems.isEmpty() ? 1 : 0;
            }
            result.put("goodPetitions", good.size());
            result.put("goodPetitionsComplete", goodOk);
            result.put("partitionsCovered", covered.size());

            // wait for the dead letters: one per (poison record, consuming service)
            Map<String, Sent> byKey = new LinkedHashMap<>();
            sent.forEach(s -> byKey.put(s.key(), s));
            int expected = sent.stream().mapToInt(s -> CONSUMERS.get(s.topic()).size()).sum();
            List<ObjectNode> letters;
            long deadline = System.currentTimeMillis() + args.integer("dlq-wait", 90) * 1000L;
            while (true) {
                letters = Stores.deadLetters(bootstrap, dlqStart);
                long matched = letters.stream().filter(l -> byKey.containsKey(l.path("key").asText())).count();
                if (matched >= expected || System.currentTimeMillis() > deadline) {
                    break;
                }
                Args.log("%d of %d dead letters so far", matched, expected);
                Thread.sleep(3_000);
            }
            Set<String> found = new HashSet<>();
            List<ObjectNode> unexpected = new ArrayList<>();
            Map<String, String> reasonSample = new LinkedHashMap<>();
            for (ObjectNode letter : letters) {
                Sent s = byKey.get(letter.path("key").asText());
                if (s == null) {
                    unexpected.add(letter);
                    continue;
                }
                String service = letter.path("dlq").asText().replace("-service.dlq", "");
                found.add(s.key() + "|" + service);
                reasonSample.putIfAbsent(service + " " + s.topic() + " " + s.kind(),
                        letter.path("reason").asText() + (letter.hasNonNull("cause") ? " / " + letter.path("cause").asText() : ""));
            }
            ArrayNode rows = result.putArray("byTopicServiceKind");
            int missing = 0;
            for (String topic : CONSUMERS.keySet()) {
                for (String service : CONSUMERS.get(topic)) {
                    for (String kind : List.of("broken-json", "wrong-schema", "unknown-type")) {
                        List<Sent> these = sent.stream().filter(s -> s.topic().equals(topic) && s.kind().equals(kind)).toList();
                        long inDlq = these.stream().filter(s -> found.contains(s.key() + "|" + service)).count();
                        missing += these.size() - inDlq;
                        ObjectNode row = rows.addObject();
                        row.put("topic", topic);
                        row.put("service", service);
                        row.put("kind", kind);
                        row.put("sent", these.size());
                        row.put("inDlq", inDlq);
                        row.put("reason", reasonSample.get(service + " " + topic + " " + kind));
                    }
                }
            }
            // nothing may have been made of a poison record
            Set<String> keys = byKey.keySet();
            Stores.Snapshot after = stores.snapshot();
            List<String> madeOf = new ArrayList<>();
            for (String key : keys) {
                if (after.assignments.containsKey(key) || after.ledgerEntries.containsKey(key) || after.receipts.containsKey(key)) {
                    madeOf.add(byKey.get(key) + " → " + after.problems(key));
                }
            }
            long messages = stores.notificationDocumentsFor(keys);
            result.put("poisonRecords", sent.size());
            result.put("expectedDeadLetters", expected);
            result.put("missingDeadLetters", missing);
            result.put("unexpectedDeadLetters", unexpected.size());
            unexpected.stream().limit(50).forEach(result.putArray("unexpectedDeadLetterSamples")::add);
            result.put("poisonTurnedIntoSomething", madeOf.size());
            madeOf.forEach(result.putArray("poisonTurnedIntoSomethingSamples")::add);
            result.put("notificationDocumentsForPoisonKeys", messages);
            result.put("dlqLatencyS", (System.currentTimeMillis() - poisonedAt) / 1000.0);
            boolean pass = missing == 0 && unexpected.isEmpty() && madeOf.isEmpty() && messages == 0 && goodOk == good.size()
                    && covered.size() == 6;
            result.put("pass", pass);
        }
        Files.writeString(Path.of(args.require("out")), Args.JSON.writeValueAsString(result));
        Args.log("poison check %s: %d of %d expected dead letters missing, %d unexpected, %d of %d good petitions complete",
                result.get("pass").asBoolean() ? "PASSED" : "FAILED", result.get("missingDeadLetters").asInt(),
                result.get("expectedDeadLetters").asInt(), result.get("unexpectedDeadLetters").asInt(),
                result.get("goodPetitionsComplete").asInt(), result.get("goodPetitions").asInt());
        System.exit(result.get("pass").asBoolean() ? 0 : 1);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String register(HttpClient http, Args args, int i) throws Exception {
        String key = UUID.randomUUID().toString();
        // a county of the province under test: the county file's (--counties, by default the default deployment's)
        String county = Workload.Place.of(Workload.counties(Workload.countiesFile(args.get("counties", null)))).county();
        String body = "{\"channel\":\"WALK_IN\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"" + county + "\","
                + "\"summary\":\"毒丸测试之后的正常信访 " + i + "\",\"personCount\":1,"
                + "\"petitioner\":{\"name\":\"王建国\",\"phone\":\"138" + String.format("%08d", 20_000_000 + i) + "\"}}";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(args.require("intake") + "/petitions"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + args.require("token"))
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return Args.LINE.readTree(response.body()).get("petitionId").asText();
                }
                if (response.statusCode() < 500 || attempt >= 10) {
                    throw new IllegalStateException("registration refused: " + response.statusCode() + " " + response.body());
                }
            } catch (java.io.IOException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
    }
}

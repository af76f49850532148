package gov.petitions.bench.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what each service holds for a set of petitions, straight from its own store (the intake, routing and
 * supervision databases, notification's MongoDB) and the dead-letter topics, and says per petition what is
 * missing or doubled.
 */
final class Stores implements AutoCloseable {

    /** Every dead-letter topic on the broker (routing, supervision, notification, insight, …): {@code *.dlq}. */
    static List<String> dlqs(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            return consumer.listTopics().keySet().stream().filter(t -> t.endsWith(".dlq")).sorted().toList();
        }
    }
    static final String RECEIPT = "petition.registered.receipt";

    private final Args args;
    private final MongoClient mongo;

    Stores(Args args) {
        this.args = args;
        this.mongo = MongoClients.create(args.require("mongo"));
    }

    private Connection db(String service) throws SQLException {
        String url = "jdbc:postgresql://" + args.get("pg", "127.0.0.1:24432") + "/" + service + args.get("db-suffix", "_bench");
        return DriverManager.getConnection(url, args.get("pg-user", "postgres"), args.get("pg-password", ""));
    }

    private Map<String, Long> counts(String service, String sql) throws SQLException {
        Map<String, Long> result = new HashMap<>();
        try (Connection c = db(service); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getLong(2));
            }
        }
        return result;
    }

    /** What the stores hold now. */
    final class Snapshot {
        final Map<String, Long> intake;
        final Map<String, Long> assignments;
        final Map<String, Long> ledgerEntries;
        final Map<String, Long> ledgerAssignedTransitions;
        final Map<String, String> ledgerStatus = new HashMap<>();
        /** petition → channel → receipts */
        final Map<String, Map<String, Integer>> receipts = new HashMap<>();
        final Map<String, List<String>> receiptStatus = new HashMap<>();
        final long intakePetitions;
        final long idempotencyRecords;

        Snapshot() throws SQLException {
            intake = counts("intake", "select id::text, 1 from petition");
            intakePetitions = intake.size();
            idempotencyRecords = counts("intake", "select 'all', count(*) from idempotency_record").getOrDefault("all", 0L);
            assignments = counts("routing", "select petition_id::text, count(*) from assignment group by 1");
            ledgerEntries = counts("supervision", "select petition_id::text, count(*) from ledger_entry group by 1");
            ledgerAssignedTransitions = counts("supervision",
                    "select petition_id::text, count(*) from timeline_event where to_status = 'ASSIGNED' group by 1");
            try (Connection c = db("supervision"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select petition_id::text, status from ledger_entry")) {
                while (rs.next()) {
                    ledgerStatus.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Document message : mongo.getDatabase(args.get("mongo-db", "notification_bench")).getCollection("messages")
                    .find(Filters.eq("template", RECEIPT))
                    .projection(Projections.include("petitionId", "channel", "status"))) {
                String petition = String.valueOf(message.get("petitionId"));
                receipts.computeIfAbsent(petition, p -> new HashMap<>()).merge(String.valueOf(message.get("channel")), 1, Integer::sum);
                receiptStatus.computeIfAbsent(petition, p -> new ArrayList<>()).add(String.valueOf(message.get("status")));
            }
        }

        /** Something is still missing (as opposed to doubled, which no wait can heal). */
        boolean lacking(String id) {
            List<String> statuses = receiptStatus.getOrDefault(id, List.of());
            return !intake.containsKey(id) || !assignments.containsKey(id) || !ledgerEntries.containsKey(id)
                    || !ledgerAssignedTransitions.containsKey(id) || statuses.isEmpty() || !statuses.contains("DELIVERED");
        }

        /** What is wrong with one petition, empty when it has exactly one of everything. */
        List<String> problems(String id) {
            List<String> problems = new ArrayList<>();
            if (!intake.containsKey(id)) {
                problems.add("intake: no petition row");
            }
            long a = assignments.getOrDefault(id, 0L);
            if (a != 1) {
                problems.add("routing: " + a + " assignments");
            }
            long l = ledgerEntries.getOrDefault(id, 0L);
            if (l != 1) {
                problems.add("supervision: " + l + " ledger entries");
            }
            long t = ledgerAssignedTransitions.getOrDefault(id, 0L);
            if (l == 1 && t != 1) {
                problems.add("supervision: " + t + " ASSIGNED transitions in the timeline (ledger status "
                        + ledgerStatus.get(id) + ")");
            }
            Map<String, Integer> byChannel = receipts.getOrDefault(id, Map.of());
            if (byChannel.isEmpty()) {
                problems.add("notification: no receipt");
            }
            byChannel.forEach((channel, n) -> {
                if (n != 1) {
                    problems.add("notification: " + n + " receipts on channel " + channel);
                }
            });
            List<String> statuses = receiptStatus.getOrDefault(id, List.of());
            if (!statuses.isEmpty() && !statuses.contains("DELIVERED")) {
                problems.add("notification: receipt not delivered " + statuses);
            }
            return problems;
        }
    }

    Snapshot snapshot() throws SQLException {
        return new Snapshot();
    }

    /** Waits (bounded) until no petition lacks anything; doubles never heal, so they do not hold up the wait. */
    Snapshot awaitComplete(Collection<String> ids, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            Snapshot snapshot = snapshot();
            long lacking = ids.stream().filter(snapshot::lacking).count();
            if (lacking == 0 || System.currentTimeMillis() > deadline) {
                if (lacking > 0) {
                    Args.log("still lacking something: %d petitions; giving up the wait", lacking);
                }
                return snapshot;
            }
            Args.log("%d of %d petitions still lack an outcome; waiting", lacking, ids.size());
            Thread.sleep(5_000);
        }
    }

    /** Messages and petition documents (parked steps live inside them) notification-service holds for these petition ids. */
    long notificationDocumentsFor(Collection<String> ids) {
        var db = mongo.getDatabase(args.get("mongo-db", "notification_bench"));
        List<String> list = List.copyOf(ids);
        return db.getCollection("messages").countDocuments(Filters.in("petitionId", list))
                + db.getCollection("petitions").countDocuments(Filters.in("_id", list));
    }

    // ---------------------------------------------------------------- dead-letter topics

    static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    /** topic-partition → end offset, now */
    static Map<TopicPartition, Long> endOffsets(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : dlqs(bootstrap)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** Every dead letter after the given offsets (from the beginning when null), with its reason. */
    static List<ObjectNode> deadLetters(String bootstrap, Map<TopicPartition, Long> from) {
        List<ObjectNode> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : dlqs(bootstrap)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, from == null ? 0L : from.getOrDefault(partition, 0L));
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    ObjectNode letter = Args.LINE.createObjectNode();
                    letter.put("dlq", record.topic());
                    letter.put("offset", record.offset());
                    letter.put("key", record.key());
                    letter.put("at", record.timestamp());
                    letter.put("fromTopic", Args.header(record, "dead-letter-topic"));
                    letter.put("ceType", Args.header(record, "ce_type"));
                    letter.put("ceId", Args.header(record, "ce_id"));
                    letter.put("reason", Args.header(record, "dead-letter-reason"));
                    letter.put("cause", Args.header(record, "dead-letter-cause"));
                    String value = record.value();
                    letter.put("value", value == null ? null : value.length() > 200 ? value.substring(0, 200) + "…" : value);
                    letters.add(letter);
                }
            }
        }
        return letters;
    }

    static Map<String, Object> tally(Collection<List<String>> problems) {
        Map<String, Object> tally = new LinkedHashMap<>();
        for (List<String> list : problems) {
            for (String p : list) {
                String kind = p.replaceAll("\\[.*]", "[…]");
                tally.merge(kind, 1, (x, y) -> (Integer) x + (Integer) y);
            }
        }
        return tally;
    }

    @Override
    public void close() {
        mongo.close();
    }
}

package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Strimzi resources against contracts/asyncapi.yaml: a KafkaTopic for every topic (with the
 * contract's partitions), and per service a KafkaUser whose ACLs let it write exactly the topics it
 * sends, read the topics it receives with its own consumer group, and nothing else.
 * <p>
 * One exception to "write ACLs name each topic": a Kafka Streams application (a service whose
 * application.properties set quarkus.kafka-streams.application-id) creates and writes its own
 * internal topics, &lt;application id&gt;-&lt;name&gt;-changelog / -repartition, whose names the
 * topology makes; so its KafkaUser may, and must, have a prefix topic ACL on exactly
 * "&lt;application id&gt;-", provided the application id is the service's name (= its group) and
 * no contract topic falls under that prefix. With exactly_once it also needs a transactionalId
 * ACL on the same prefix. Any other prefix, wildcard or other service's prefix stays a fault.
 */
final class KafkaTopology {

    private KafkaTopology() {
    }

    static List<String> check(List<Doc> docs) {
        List<String> problems = new ArrayList<>();
        Contract contract = Contract.get();
        List<Doc> kafkas = docs.stream().filter(d -> d.kind().equals("Kafka")).toList();
        if (kafkas.size() != 1) {
            problems.add("expected one Kafka resource, found " + kafkas.size());
            return problems;
        }
        Doc kafka = kafkas.get(0);
        String cluster = kafka.name();
        int brokers = docs.stream().filter(d -> d.kind().equals("KafkaNodePool"))
                .filter(d -> cluster.equals(d.node().path("metadata").path("labels").path("strimzi.io/cluster").asText()))
                .filter(d -> d.node().path("spec").path("roles").toString().contains("broker"))
                .mapToInt(d -> d.node().path("spec").path("replicas").asInt()).sum();
        if (brokers == 0) {
            problems.add("no KafkaNodePool with the broker role for Kafka " + cluster);
        }
        if (!kafka.node().path("spec").path("kafka").path("config").path("auto.create.topics.enable").asText("true").equals("false")) {
            problems.add("Kafka " + cluster + ": auto.create.topics.enable must be false (topics are KafkaTopic resources)");
        }

        // topics
        Map<String, Doc> topics = docs.stream().filter(d -> d.kind().equals("KafkaTopic"))
                .collect(Collectors.toMap(KafkaTopology::topicName, d -> d, (a, b) -> a));
        for (Map.Entry<String, Integer> t : contract.partitionsByTopic.entrySet()) {
            Doc topic = topics.get(t.getKey());
            if (topic == null) {
                problems.add("topic " + t.getKey() + " of contracts/asyncapi.yaml has no KafkaTopic");
                continue;
            }
            JsonNode spec = topic.node().path("spec");
            if (spec.path("partitions").asInt(-1) != t.getValue()) {
                problems.add("KafkaTopic " + t.getKey() + ": partitions " + spec.path("partitions") + ", the contract says " + t.getValue());
            }
            int replicas = spec.path("replicas").asInt(-1);
            int minIsr = spec.path("config").path("min.insync.replicas").asInt(-1);
            if (replicas < 1 || replicas > brokers) {
                problems.add("KafkaTopic " + t.getKey() + ": replicas " + replicas + " with " + brokers + " broker(s)");
            }
            if (minIsr < 1 || minIsr > replicas || (replicas > 1 && minIsr >= replicas)) {
                problems.add("KafkaTopic " + t.getKey() + ": min.insync.replicas " + minIsr + " with replicas " + replicas
                        + " (acks=all writes need min.insync.replicas below the replicas to survive a broker's loss)");
            }
            if (!spec.path("config").has("retention.ms")) {
                problems.add("KafkaTopic " + t.getKey() + ": no retention.ms");
            }
            if (!cluster.equals(topic.node().path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                problems.add("KafkaTopic " + t.getKey() + ": label strimzi.io/cluster is not " + cluster);
            }
        }
        for (String name : topics.keySet()) {
            if (!contract.topics().contains(name)) {
                problems.add("KafkaTopic " + name + " is no channel of contracts/asyncapi.yaml");
            }
        }

        // users and ACLs
        boolean authorization = kafka.node().path("spec").path("kafka").path("authorization").has("type");
        Map<String, Doc> users = docs.stream().filter(d -> d.kind().equals("KafkaUser"))
                .collect(Collectors.toMap(Doc::name, d -> d, (a, b) -> a));
        if (!users.isEmpty() && !authorization) {
            problems.add("Kafka " + cluster + " has no spec.kafka.authorization: the KafkaUsers' ACLs would not be enforced");
        }
        for (String service : Repo.SERVICES) {
            Doc user = users.get(service);
            if (user == null) {
                problems.add("no KafkaUser " + service);
                continue;
            }
            if (!cluster.equals(user.node().path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                problems.add("KafkaUser " + service + ": label strimzi.io/cluster is not " + cluster);
            }
            Set<String> writes = new TreeSet<>();
            Set<String> reads = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            String internalPrefix = internalTopicPrefix(service, contract, problems);
            Set<String> internalOperations = new TreeSet<>();
            Set<String> transactionalIdOperations = new TreeSet<>();
            for (JsonNode acl : user.node().path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String type = resource.path("type").asText();
                String name = resource.path("name").asText();
                Set<String> operations = new TreeSet<>();
                acl.path("operations").forEach(o -> operations.add(o.asText()));
                boolean literal = resource.path("patternType").asText("literal").equals("literal") && !name.equals("*");
                if (!acl.path("type").asText("allow").equals("allow")) {
                    continue;
                }
                boolean prefix = resource.path("patternType").asText("literal").equals("prefix");
                if (type.equals("topic") && prefix && name.equals(internalPrefix)) {
                    // the Kafka Streams application's own internal topics (see the class comment)
                    internalOperations.addAll(operations);
                    continue;
                }
                if (type.equals("transactionalId") && prefix && name.equals(internalPrefix)) {
                    transactionalIdOperations.addAll(operations);
                    continue;
                }
                if (type.equals("topic")) {
                    if (!literal && (operations.contains("Write") || operations.contains("All"))) {
                        problems.add("KafkaUser " + service + " may write topics matching '" + name + "': write ACLs must name each topic");
                    }
                    if (operations.contains("Write") || operations.contains("All")) {
                        writes.add(name);
                    }
                    if (operations.contains("Read") || operations.contains("All")) {
                        reads.add(name);
                    }
                } else if (type.equals("group") && (operations.contains("Read") || operations.contains("All"))) {
                    groups.add(name);
                } else if (type.equals("cluster") && (operations.contains("Alter") || operations.contains("All"))) {
                    problems.add("KafkaUser " + service + " may alter the cluster");
                }
            }
            Set<String> shouldWrite = contract.sends.get(service);
            for (String topic : writes) {
                if (!shouldWrite.contains(topic)) {
                    String owner = contract.producerOf(topic);
                    problems.add("KafkaUser " + service + " may write " + topic + ", which "
                            + (owner == null ? "no service sends" : "only " + owner + " sends") + " (contracts/asyncapi.yaml)");
                }
            }
            for (String topic : shouldWrite) {
                if (!writes.contains(topic)) {
                    problems.add("KafkaUser " + service + " may not write " + topic + ", which it sends");
                }
            }
            for (String topic : contract.receives.get(service)) {
                if (!reads.contains(topic)) {
                    problems.add("KafkaUser " + service + " may not read " + topic + ", which it receives");
                }
            }
            if (!contract.receives.get(service).isEmpty() && !groups.equals(Set.of(service))) {
                problems.add("KafkaUser " + service + ": consumer group ACLs " + groups + ", expected exactly [" + service + "]");
            }
            if (internalPrefix != null) {
                Set<String> missing = new TreeSet<>(KAFKA_STREAMS_INTERNAL_TOPIC_OPERATIONS);
                missing.removeAll(internalOperations);
                if (!internalOperations.contains("All") && !missing.isEmpty()) {
                    problems.add("KafkaUser " + service + " is a Kafka Streams application but may not " + missing
                            + " its internal topics (topic ACL, patternType prefix, name '" + internalPrefix + "')");
                }
                if (Repo.kafkaStreamsExactlyOnce(service) && !transactionalIdOperations.contains("All")
                        && !transactionalIdOperations.containsAll(Set.of("Write", "Describe"))) {
                    problems.add("KafkaUser " + service + " processes exactly once but may not use its transactional ids"
                            + " (transactionalId ACL Write, Describe, patternType prefix, name '" + internalPrefix + "')");
                }
            }
        }
        for (Doc user : users.values()) {
            if (Repo.SERVICES.contains(user.name())) {
                continue;
            }
            for (JsonNode acl : user.node().path("spec").path("authorization").path("acls")) {
                String operations = acl.path("operations").toString();
                if (acl.path("resource").path("type").asText().equals("topic") && (operations.contains("Write") || operations.contains("All"))) {
                    problems.add("KafkaUser " + user.name() + " is no service and may write " + acl.path("resource").path("name").asText()
                            + ": only a service writes its own topics");
                }
            }
        }
        return problems;
    }

    /** What Kafka Streams does with its internal topics: create, describe and restore, write, purge repartition topics. */
    static final Set<String> KAFKA_STREAMS_INTERNAL_TOPIC_OPERATIONS =
            Set.of("Create", "Read", "Write", "Describe", "DescribeConfigs", "Delete");

    /**
     * "&lt;application id&gt;-" for a service that is a Kafka Streams application whose application id
     * is its own name and covers no contract topic; null otherwise (no exception to the rules).
     */
    private static String internalTopicPrefix(String service, Contract contract, List<String> problems) {
        String applicationId = Repo.kafkaStreamsApplicationId(service).orElse(null);
        if (applicationId == null) {
            return null;
        }
        if (!applicationId.equals(service)) {
            problems.add(service + " is a Kafka Streams application with the application id '" + applicationId
                    + "': it must be the service's name, its consumer group and the prefix of its ACLs");
            return null;
        }
        String prefix = applicationId + "-";
        for (String topic : contract.topics()) {
            if (topic.startsWith(prefix)) {
                problems.add("contract topic " + topic + " falls under " + service + "'s internal-topic prefix '" + prefix + "'");
                return null;
            }
        }
        return prefix;
    }

    static String topicName(Doc topic) {
        return topic.node().path("spec").path("topicName").asText(topic.name());
    }
}

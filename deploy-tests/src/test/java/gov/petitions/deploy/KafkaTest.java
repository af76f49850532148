package gov.petitions.deploy;

import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Strimzi resources of deploy/base against the contract and against Strimzi's own CRD schemas. */
class KafkaTest {

    private static List<Doc> base() {
        return Kustomize.readWithoutRenderer(Repo.path("deploy/base")).docs();
    }

    @Test
    void everyTopicOfTheContractIsAKafkaTopicAndEveryServiceWritesOnlyItsOwn() {
        List<Doc> docs = base();
        assertEquals(List.of(), KafkaTopology.check(docs));
        assertEquals(Contract.get().topics().size(), OverlaysTest.of(docs, "KafkaTopic").size());
    }

    @Test
    void theLocalTopicListIsTheContractsToo() {
        assertEquals(new TreeMap<>(Contract.get().partitionsByTopic), ComposeChecks.topicsTxt(Repo.path("infra/kafka/topics.txt")));
    }

    @Test
    void strimziResourcesMatchStrimzisCrdSchemas() {
        Optional<Schemas.Closed> kafkaSchema = StrimziSchemas.schema("Kafka");
        if (kafkaSchema.isEmpty()) {
            Tools.missing(StrimziSchemas.unavailableReason());
        }
        int checked = 0;
        for (Doc doc : base()) {
            if (doc.apiVersion().startsWith("kafka.strimzi.io/")) {
                Schemas.Closed schema = StrimziSchemas.schema(doc.kind()).orElseThrow(() -> new AssertionError("no schema for " + doc.id()));
                assertEquals(List.of(), schema.validate(doc.node()), doc.id());
                checked++;
            }
        }
        assertEquals(2 + Contract.get().topics().size() + Repo.SERVICES.size() + 1, checked, "Kafka, node pool, topics, a user per service and the operators' user");
    }

    @Test
    void theCrdSchemasReportUnknownFieldsAndWrongTypes() {
        Optional<Schemas.Closed> topicSchema = StrimziSchemas.schema("KafkaTopic");
        if (topicSchema.isEmpty()) {
            Tools.missing(StrimziSchemas.unavailableReason());
        }
        Doc topic = Yaml.docs("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: t
                spec:
                  partitions: six
                  replicas: 3
                  retention: 7d
                  config:
                    any.broker.setting: 1
                """, "inline").get(0);
        List<String> messages = topicSchema.get().validate(topic.node());
        assertTrue(messages.stream().anyMatch(m -> m.contains("$.spec.partitions")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("retention")), messages.toString());
        assertFalse(messages.stream().anyMatch(m -> m.contains("any.broker.setting")), "topic config stays open: " + messages);
        assertEquals(2, messages.size(), messages.toString());
    }

    @Test
    void theOperatorsKafkaClientValidatesWithTheBase() {
        List<Doc> docs = new java.util.ArrayList<>(base());
        docs.addAll(Yaml.docs(Repo.path("deploy/ops/kafka-ops.yaml")));
        assertEquals(List.of(), ManifestValidator.validate(docs).problems());
        String peers = OverlaysTest.one(docs, "Kafka").node().path("spec").path("kafka").path("listeners").toString();
        assertTrue(peers.contains("petitions-kafka-ops"), "the brokers' NetworkPolicy admits the ops pod");
    }

    @Test
    void aclsFollowTheContract() {
        Map<String, Doc> users = new TreeMap<>();
        OverlaysTest.of(base(), "KafkaUser").forEach(u -> users.put(u.name(), u));
        assertEquals(new java.util.TreeSet<>(List.of("intake-service", "routing-service", "supervision-service",
                "notification-service", "insight-service", "petitions-ops")), users.keySet());
        // intake-service reads only what search's read model needs (the case's unit and state) and case.archived (the
        // petition's personal data removed), in its own group
        java.util.Set<String> intakeReads = new java.util.TreeSet<>();
        java.util.Set<String> intakeGroups = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode acl : users.get("intake-service").node().path("spec")
                .path("authorization").path("acls")) {
            String name = acl.path("resource").path("name").asText();
            if (acl.path("resource").path("type").asText().equals("group")) {
                intakeGroups.add(name);
            } else if (acl.path("operations").toString().contains("\"Read\"")) {
                intakeReads.add(name);
            }
        }
        assertEquals(java.util.Set.of("case.assigned", "case.status-changed", "case.archived"), intakeReads);
        assertEquals(java.util.Set.of("intake-service"), intakeGroups);
        // only the Kafka Streams application has prefix ACLs, on its own application id
        for (Doc user : users.values()) {
            String acls = user.node().path("spec").path("authorization").path("acls").toString();
            if (!user.name().equals("insight-service") && !user.name().equals("petitions-ops")) {
                assertFalse(acls.contains("\"prefix\""), user.name() + " has no prefix ACLs");
            }
        }
        assertEquals(java.util.Optional.of("insight-service"), Repo.kafkaStreamsApplicationId("insight-service"));
        assertEquals(java.util.Optional.empty(), Repo.kafkaStreamsApplicationId("routing-service"));
    }

    @Test
    void onlyAKafkaStreamsApplicationsOwnPrefixMayBeWritten() {
        List<Doc> docs = new java.util.ArrayList<>(base());
        // the prefix of the Kafka Streams application widened to a neighbour's, and a prefix write ACL for a service that is none
        docs.replaceAll(d -> d.kind().equals("KafkaUser") && d.name().equals("insight-service")
                ? Yaml.docs(d.node().toString().replace("\"name\":\"insight-service-\"", "\"name\":\"insight-\""), "edited").get(0)
                : d.kind().equals("KafkaUser") && d.name().equals("routing-service")
                ? Yaml.docs(d.node().toString().replace("{\"resource\":{\"type\":\"group\"",
                        "{\"resource\":{\"type\":\"topic\",\"name\":\"routing-service-\",\"patternType\":\"prefix\"},\"operations\":[\"Write\"]},"
                                + "{\"resource\":{\"type\":\"group\""), "edited").get(0)
                : d);
        List<String> problems = KafkaTopology.check(docs);
        assertTrue(problems.contains("KafkaUser insight-service may write topics matching 'insight-': write ACLs must name each topic"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("KafkaUser insight-service is a Kafka Streams application but may not")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("KafkaUser insight-service processes exactly once but may not use its transactional ids")), problems.toString());
        assertTrue(problems.contains("KafkaUser routing-service may write topics matching 'routing-service-': write ACLs must name each topic"), problems.toString());
    }
}

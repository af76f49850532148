package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both overlays of deploy/, rendered and validated (README of deploy/, "Validation"). */
class OverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayFilesHoldTogether(String overlay) {
        assertEquals(List.of(), Kustomize.checkStructure(Repo.path("deploy/overlays/" + overlay)),
                "every resource, base, patch target and image override of the " + overlay + " overlay must exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayValidates(String overlay) {
        Kustomize.Rendering rendering = Kustomize.render(Repo.path("deploy/overlays/" + overlay));
        if (!rendering.full()) {
            Tools.note("overlay " + overlay + ": full rendering SKIPPED (neither kubectl nor kustomize on the PATH); "
                    + "validating the base and the overlay's own resources unpatched, patch targets checked on the files");
        }
        assertEquals(List.of(), rendering.problems());
        ManifestValidator.Report report = ManifestValidator.validate(rendering.docs());
        report.notes().forEach(n -> Tools.note("overlay " + overlay + ": " + n));
        assertEquals(List.of(), report.problems(), "problems in the " + overlay + " overlay");
    }

    @Test
    void devIsSmallAndSingle() {
        List<Doc> docs = rendered("dev");
        for (Doc doc : of(docs, "Deployment")) {
            assertEquals(1, doc.node().path("spec").path("replicas").asInt(), doc.id());
        }
        assertEquals(1, one(docs, "KafkaNodePool").node().path("spec").path("replicas").asInt());
        for (Doc topic : of(docs, "KafkaTopic")) {
            assertEquals(1, topic.node().path("spec").path("replicas").asInt(), topic.id());
        }
        for (Doc cluster : of(docs, "Cluster")) {
            assertEquals(1, cluster.node().path("spec").path("instances").asInt(), cluster.id());
        }
        assertTrue(of(docs, "HorizontalPodAutoscaler").isEmpty(), "no autoscaling in dev");
        assertNamespace(docs, "petitions-dev");
    }

    @Test
    void prodIsReplicatedAutoscaledAndBackedUp() {
        List<Doc> docs = rendered("prod");
        assertEquals(3, one(docs, "KafkaNodePool").node().path("spec").path("replicas").asInt());
        for (Doc topic : of(docs, "KafkaTopic")) {
            assertEquals(3, topic.node().path("spec").path("replicas").asInt(), topic.id());
            assertEquals(2, topic.node().path("spec").path("config").path("min.insync.replicas").asInt(), topic.id());
        }
        for (String service : Repo.APPLICATIONS) {
            Doc deployment = named(docs, "Deployment", service);
            assertTrue(deployment.node().path("spec").path("replicas").asInt() >= 2, service + " replicas");
            Doc hpa = named(docs, "HorizontalPodAutoscaler", service);
            JsonNode metrics = hpa.node().path("spec").path("metrics");
            assertTrue(metrics.toString().contains("\"cpu\""), service + " HPA on CPU");
            boolean consumer = !Contract.get().receives.getOrDefault(service, java.util.Set.of()).isEmpty();
            assertEquals(consumer, metrics.toString().contains("kafka_consumergroup_lag"), service + " HPA on consumer lag iff it consumes");
            assertTrue(hpa.node().path("spec").path("maxReplicas").asInt()
                    <= Contract.get().partitionsByTopic.values().stream().mapToInt(Integer::intValue).max().orElse(1),
                    service + ": more replicas than partitions would idle");
            named(docs, "PodDisruptionBudget", service);
        }
        for (Doc cluster : of(docs, "Cluster")) {
            assertTrue(cluster.node().path("spec").path("instances").asInt() >= 3, cluster.id());
            assertTrue(cluster.node().path("spec").path("plugins").toString().contains("isWALArchiver"), cluster.id() + " archives WAL");
            assertTrue(of(docs, "ScheduledBackup").stream().anyMatch(b ->
                    b.node().path("spec").path("cluster").path("name").asText().equals(cluster.name())), cluster.id() + " has a ScheduledBackup");
        }
        assertTrue(of(docs, "CronJob").stream().anyMatch(c -> c.name().equals("notification-mongodb-backup")), "MongoDB backup");
        assertNamespace(docs, "petitions");
    }

    private static List<Doc> rendered(String overlay) {
        if (Kustomize.renderer().isEmpty()) {
            Tools.missing("the " + overlay + " overlay's patched values: neither kubectl nor kustomize is on the PATH to render it");
        }
        Kustomize.Rendering rendering = Kustomize.render(Path.of(Repo.path("deploy/overlays/" + overlay).toString()));
        assertEquals(List.of(), rendering.problems());
        return rendering.docs();
    }

    private static void assertNamespace(List<Doc> docs, String namespace) {
        for (Doc doc : docs) {
            if (!doc.kind().equals("Namespace")) {
                assertEquals(namespace, doc.node().path("metadata").path("namespace").asText(), doc.id());
            }
        }
        assertFalse(of(docs, "Namespace").isEmpty());
    }

    static List<Doc> of(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    static Doc one(List<Doc> docs, String kind) {
        List<Doc> found = of(docs, kind);
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    static Doc named(List<Doc> docs, String kind, String name) {
        Optional<Doc> doc = of(docs, kind).stream().filter(d -> d.name().equals(name)).findFirst();
        assertTrue(doc.isPresent(), "no " + kind + " " + name);
        return doc.get();
    }
}

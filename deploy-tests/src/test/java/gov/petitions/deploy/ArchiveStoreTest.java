package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * supervision-service's archive store (docs/archiving.md): the directory the retention job writes the archives to is
 * on persistent storage the service's user (185, read-only root file system) can write, in compose and in Kubernetes,
 * and the job can reach intake (its URL is set; RequiredConfig requires it and the identity, ServiceCalls the network).
 */
class ArchiveStoreTest {

    private static final String SUPERVISION = "supervision-service";
    private static final String DIRECTORY = "SUPERVISION_RETENTION_ARCHIVE_DIRECTORY";

    @Test
    void composeKeepsTheArchiveOnANamedVolumeTheServiceCanWrite() {
        JsonNode compose = Yaml.tree(Repo.path("docker-compose.yml"));
        JsonNode services = compose.path("services");
        JsonNode supervision = services.path(SUPERVISION);
        Map<String, String> env = ComposeChecks.environment(supervision.path("environment"));
        assertEquals("http://intake-service:8081", env.get("SUPERVISION_RETENTION_INTAKE_URL"));
        String directory = env.get(DIRECTORY);
        assertNotNull(directory, DIRECTORY);
        assertTrue(supervision.path("read_only").asBoolean(false), "the premise: a read-only root file system");
        String volume = namedVolumeAt(supervision, directory);
        assertNotNull(volume, "the archive directory " + directory + " is on a volume: " + supervision.path("volumes"));
        assertTrue(compose.path("volumes").has(volume), volume + " is a named volume (kept by `down`), not a bind mount");

        // a new named volume belongs to root: a one-off job hands it to the service's user before the service starts
        String user = supervision.path("user").asText();
        boolean handedOver = false;
        for (var it = services.fields(); it.hasNext(); ) {
            var init = it.next();
            String mountedAt = namedVolumePath(init.getValue(), volume);
            if (init.getKey().equals(SUPERVISION) || mountedAt == null) {
                continue;
            }
            String command = init.getValue().path("entrypoint").toString() + init.getValue().path("command").toString();
            if (command.contains("chown " + user + ":" + user + " " + mountedAt)
                    && "service_completed_successfully".equals(supervision.path("depends_on").path(init.getKey()).path("condition").asText())
                    && "no".equals(init.getValue().path("restart").asText())) {
                handedOver = true;
            }
        }
        assertTrue(handedOver, "a one-off service chowns volume " + volume + " to " + user + " and supervision-service waits for it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesKeepsTheArchiveOnAPersistentVolumeEveryReplicaMounts(String overlay) {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/" + overlay)).docs();
        Doc deployment = doc(docs, "Deployment", SUPERVISION);
        Map<String, String> config = ServiceCalls.configuration(docs, deployment);
        assertEquals("http://intake-service:8081", config.get("SUPERVISION_RETENTION_INTAKE_URL"));
        String directory = config.get(DIRECTORY);
        assertNotNull(directory, DIRECTORY);
        JsonNode pod = ManifestValidator.podSpec(deployment);
        String volumeName = null;
        for (JsonNode mount : pod.path("containers").path(0).path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(directory)) {
                assertTrue(!mount.path("readOnly").asBoolean(false), "the archive mount is writable");
                volumeName = mount.path("name").asText();
            }
        }
        assertNotNull(volumeName, "the archive directory " + directory + " is mounted");
        String claim = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(volumeName)) {
                claim = v.path("persistentVolumeClaim").path("claimName").asText(null);
            }
        }
        assertNotNull(claim, "the archive volume " + volumeName + " is a PersistentVolumeClaim, not an emptyDir");
        assertEquals(185, pod.path("securityContext").path("fsGroup").asInt(), "fsGroup makes the volume writable for user 185");
        Doc pvc = doc(docs, "PersistentVolumeClaim", claim);
        String modes = pvc.node().path("spec").path("accessModes").toString();
        // replicas on several nodes share one archive: ReadWriteOnce would leave the pods of other nodes Pending
        boolean replicated = deployment.node().path("spec").path("replicas").asInt(1) > 1
                || docs.stream().anyMatch(d -> d.kind().equals("HorizontalPodAutoscaler")
                        && d.node().path("spec").path("scaleTargetRef").path("name").asText().equals(SUPERVISION)
                        && d.node().path("spec").path("maxReplicas").asInt() > 1);
        assertTrue(replicated ? modes.contains("ReadWriteMany") : modes.contains("ReadWriteOnce") || modes.contains("ReadWriteMany"),
                overlay + ": " + claim + " " + modes + (replicated ? " for replicas on several nodes" : ""));
    }

    /** The named volume mounted at the path ("name:/path[:mode]" or the long syntax), or null. */
    private static String namedVolumeAt(JsonNode service, String path) {
        for (JsonNode v : service.path("volumes")) {
            String source = v.isObject() ? v.path("source").asText() : v.asText().split(":")[0];
            String target = v.isObject() ? v.path("target").asText() : v.asText().split(":").length > 1 ? v.asText().split(":")[1] : "";
            if (target.equals(path) && !source.startsWith(".") && !source.startsWith("/")) {
                return source;
            }
        }
        return null;
    }

    private static String namedVolumePath(JsonNode service, String volume) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (!v.isObject() && parts.length > 1 && parts[0].equals(volume)) {
                return parts[1];
            }
            if (v.isObject() && v.path("source").asText().equals(volume)) {
                return v.path("target").asText();
            }
        }
        return null;
    }

    private static Doc doc(List<Doc> docs, String kind, String name) {
        return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }
}

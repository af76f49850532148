package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #21: intake scans every material (材料), and supervision every case document, with ClamAV's clamd before anyone
 * may download it, so clamd runs as its own container wherever the platform runs, and both are wired to it (each
 * check below is made for each of the two {@link #CLIENTS}, with its own variables). INTAKE_CLAMD_HOST has a default
 * (127.0.0.1, right only for ./petitions), so RequiredConfig does not demand it: these checks do. In compose: a clamd
 * service of the official image with a health check, no published port, intake waiting for it healthy and pointed at
 * it, and the clamd.conf it mounts taking streams larger than intake's largest material. In Kubernetes (both overlays
 * rendered): a clamd Deployment whose readiness asks PING on 3310, a Service of the name intake is given on the port
 * it is given, a NetworkPolicy that admits intake alone, intake's own policy letting it out to clamd, and intake's
 * upload work directory on a volume sized for the per-file limit times the uploads a pod takes at once.
 * Each check is also run against a deliberately broken copy, so that it can fail.
 */
class ClamdTest {

    private static final Path COMPOSE = Repo.path("docker-compose.yml");
    static final String INTAKE = "intake-service";
    static final String SUPERVISION = "supervision-service";

    /** A service that scans its uploads with clamd: its name and the prefix of its variables (X_CLAMD_HOST, ...). */
    record Client(String service, String prefix, String workDirVar, String maxFileVar) {
        String host() {
            return prefix + "_CLAMD_HOST";
        }

        String port() {
            return prefix + "_CLAMD_PORT";
        }
    }

    static final List<Client> CLIENTS = List.of(
            new Client(INTAKE, "INTAKE", "INTAKE_MATERIALS_WORK_DIR", "INTAKE_MATERIALS_MAX_FILE_SIZE"),
            new Client(SUPERVISION, "SUPERVISION", "SUPERVISION_DOCUMENTS_WORK_DIR", "SUPERVISION_DOCUMENTS_MAX_FILE_SIZE"));
    static final int CLAMD_PORT = 3310;
    /** intake.materials.max-file-size's default (MaterialConfig), when a deployment does not set its own. */
    static final long DEFAULT_MAX_FILE_SIZE = 20L * 1024 * 1024;
    /**
     * What one upload may hold in the work directory at once: the file as received and an image's re-encoded copy,
     * which can grow to a few times the original; and how many uploads a pod is sized to take at once
     * (deploy/base/intake-service/deployment.yaml, volume materials-work).
     */
    static final int WORK_FILES_PER_UPLOAD = 3;
    static final int UPLOADS_AT_ONCE = 16;

    // ------------------------------------------------------------------ compose

    @Test
    void composeRunsClamdAndIntakeWaitsForItAndScansWithIt() {
        assertEquals(List.of(), compose(Yaml.tree(COMPOSE)));
    }

    @Test
    void composeChecksCatchAMissingOrMiswiredClamd() {
        ObjectNode broken = (ObjectNode) Yaml.tree(COMPOSE);
        ObjectNode services = (ObjectNode) broken.path("services");
        ((ObjectNode) services.path(INTAKE).path("environment")).put("INTAKE_CLAMD_HOST", "127.0.0.1");
        ((ObjectNode) services.path(INTAKE).path("depends_on")).remove("clamd");
        ((ObjectNode) services.path(SUPERVISION).path("environment")).remove("SUPERVISION_CLAMD_HOST");
        ((ObjectNode) services.path("clamd")).remove("healthcheck");
        ((ObjectNode) services.path("clamd")).putArray("ports").add("3310:3310");
        List<String> problems = compose(broken);
        assertHas(problems, "intake-service: INTAKE_CLAMD_HOST is 127.0.0.1, not the clamd service");
        assertHas(problems, "intake-service: does not wait for clamd to be healthy");
        assertHas(problems, "supervision-service: SUPERVISION_CLAMD_HOST is null, not the clamd service");
        assertHas(problems, "clamd: has no healthcheck");
        assertHas(problems, "clamd: publishes 3310:3310");

        ObjectNode none = (ObjectNode) Yaml.tree(COMPOSE);
        ((ObjectNode) none.path("services")).remove("clamd");
        assertHas(compose(none), "no service runs clamav/clamav");
    }

    static List<String> compose(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        JsonNode services = compose.path("services");
        String clamd = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            if (s.getValue().path("image").asText().startsWith("clamav/clamav")) {
                clamd = s.getKey();
            }
        }
        if (clamd == null) {
            problems.add("no service runs clamav/clamav: intake's materials would wait PENDING for ever");
            return problems;
        }
        JsonNode scanner = services.path(clamd);
        String check = scanner.path("healthcheck").path("test").toString();
        if (!check.contains("clamdcheck") && !check.contains("PING")) {
            problems.add(clamd + ": has no healthcheck that asks clamd for PONG (clamdcheck.sh)");
        }
        for (JsonNode port : scanner.path("ports")) {
            problems.add(clamd + ": publishes " + port.asText() + "; intake and supervision are its only clients, on compose's network");
        }
        Optional<String> conf = Optional.empty();
        for (JsonNode volume : scanner.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals("/etc/clamav/clamd.conf")) {
                conf = Optional.of(parts[0]);
            }
        }
        for (Client client : CLIENTS) {
            Map<String, String> env = ComposeChecks.environment(services.path(client.service()).path("environment"));
            if (!clamd.equals(env.get(client.host()))) {
                problems.add(client.service() + ": " + client.host() + " is " + env.get(client.host()) + ", not the clamd service " + clamd);
            }
            if (!"service_healthy".equals(services.path(client.service()).path("depends_on").path(clamd).path("condition").asText())) {
                problems.add(client.service() + ": does not wait for " + clamd + " to be healthy");
            }
            if (conf.isEmpty()) {
                problems.add(clamd + ": mounts no clamd.conf of the repository (/etc/clamav/clamd.conf): the image's defaults are not " + client.service() + "'s rules");
            } else {
                problems.addAll(clamdConf(clamd, Yaml.read(Repo.root().resolve(conf.get()).normalize()), env, client));
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ Kubernetes

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesRunsClamdAndOnlyIntakeAndSupervisionReachIt(String overlay) {
        assertEquals(List.of(), kubernetes(rendered(overlay)));
    }

    @Test
    void kubernetesChecksCatchAMissingOrMiswiredClamd() {
        List<Doc> docs = rendered("dev");
        doc(docs, "ConfigMap", "intake-service-config").node().with("data").put("INTAKE_CLAMD_PORT", "3311");
        ObjectNode policy = doc(docs, "NetworkPolicy", "clamd").node();
        ((ArrayNode) policy.with("spec").withArray("ingress").get(0).withArray("from")).addObject()
                .putObject("namespaceSelector").putObject("matchLabels").put("kubernetes.io/metadata.name", "default");
        ArrayNode egress = doc(docs, "NetworkPolicy", INTAKE).node().with("spec").withArray("egress");
        for (int i = egress.size() - 1; i >= 0; i--) {
            if (egress.get(i).toString().contains("\"clamd\"")) {
                egress.remove(i);
            }
        }
        ArrayNode supervisionEgress = doc(docs, "NetworkPolicy", SUPERVISION).node().with("spec").withArray("egress");
        for (int i = supervisionEgress.size() - 1; i >= 0; i--) {
            if (supervisionEgress.get(i).toString().contains("\"clamd\"")) {
                supervisionEgress.remove(i);
            }
        }
        doc(docs, "ConfigMap", "supervision-service-config").node().with("data").remove("SUPERVISION_DOCUMENTS_WORK_DIR");
        ObjectNode clamd = (ObjectNode) ManifestValidator.podSpec(doc(docs, "Deployment", "clamd")).path("containers").get(0);
        clamd.remove("readinessProbe");
        for (JsonNode volume : ManifestValidator.podSpec(doc(docs, "Deployment", INTAKE)).path("volumes")) {
            if (volume.path("name").asText().equals("materials-work")) {
                ((ObjectNode) volume.path("emptyDir")).put("sizeLimit", "64Mi");
            }
        }
        List<String> problems = kubernetes(docs);
        assertHas(problems, "Service clamd has no port 3311");
        assertHas(problems, "NetworkPolicy/clamd admits more than intake-service and supervision-service");
        assertHas(problems, "NetworkPolicy/intake-service does not let intake-service out to clamd on 3310");
        assertHas(problems, "NetworkPolicy/supervision-service does not let supervision-service out to clamd on 3310");
        assertHas(problems, "Deployment/supervision-service: SUPERVISION_DOCUMENTS_WORK_DIR is not set");
        assertHas(problems, "Deployment/clamd: container clamd has no readinessProbe that asks PING");
        assertHas(problems, "Deployment/intake-service: the work directory /var/lib/intake/materials is on volume materials-work of 64Mi");

        List<Doc> without = new ArrayList<>(rendered("dev").stream().filter(d -> !d.name().equals("clamd")).toList());
        assertHas(kubernetes(without), "no Deployment clamd");
    }

    static List<String> kubernetes(List<Doc> docs) {
        List<String> problems = new ArrayList<>();
        Doc clamd = find(docs, "Deployment", "clamd").orElse(null);
        if (clamd == null) {
            problems.add("no Deployment clamd: intake's materials and supervision's documents would wait PENDING for ever");
            return problems;
        }

        // the scanner: its image, its port, a readiness that asks clamd itself
        JsonNode pod = ManifestValidator.podSpec(clamd);
        JsonNode scanner = null;
        for (JsonNode c : pod.path("containers")) {
            if (c.path("image").asText().startsWith("clamav/clamav:") && c.path("ports").toString().contains("\"containerPort\":" + CLAMD_PORT)) {
                scanner = c;
            }
        }
        if (scanner == null) {
            problems.add("Deployment/clamd: no container of clamav/clamav declares port " + CLAMD_PORT);
            return problems;
        }
        String where = "Deployment/clamd: container " + scanner.path("name").asText();
        String readiness = scanner.path("readinessProbe").toString();
        if (!readiness.contains("PING") && !readiness.contains("clamdcheck")) {
            problems.add(where + " has no readinessProbe that asks PING on " + CLAMD_PORT + " (a bound port is not a loaded database)");
        } else if (readiness.contains("PING") && !readiness.contains(String.valueOf(CLAMD_PORT))) {
            problems.add(where + ": its readinessProbe does not ask port " + CLAMD_PORT);
        }
        Optional<String> confText = mountedConf(docs, pod, scanner);

        // only the scanning services reach clamd
        List<Doc> clamdPolicies = docs.stream().filter(d -> d.kind().equals("NetworkPolicy")
                && selects(d.node().path("spec").path("podSelector").path("matchLabels"), podLabels(clamd))).toList();
        if (clamdPolicies.isEmpty()) {
            problems.add("no NetworkPolicy selects the clamd pods: any pod could send clamd its commands");
        }
        List<String> clients = CLIENTS.stream().map(Client::service).toList();
        for (Doc policy : clamdPolicies) {
            if (!policy.node().path("spec").path("policyTypes").toString().contains("Ingress")) {
                problems.add(policy.id() + " does not restrict ingress");
            }
            for (JsonNode rule : policy.node().path("spec").path("ingress")) {
                boolean onlyClients = rule.path("from").size() > 0;
                for (JsonNode from : rule.path("from")) {
                    JsonNode labels = from.path("podSelector").path("matchLabels");
                    onlyClients &= from.size() == 1 && labels.size() == 1 && clients.contains(labels.path("app.kubernetes.io/name").asText());
                }
                if (!onlyClients) {
                    problems.add(policy.id() + " admits more than " + String.join(" and ", clients) + ": " + rule.path("from"));
                }
            }
        }

        for (Client client : CLIENTS) {
            Doc service = find(docs, "Deployment", client.service()).orElse(null);
            if (service == null) {
                problems.add("no Deployment " + client.service());
                continue;
            }
            problems.addAll(client(docs, clamd, service, client, confText));
        }
        return problems;
    }

    /** One scanning service: it finds clamd by name and port, may reach it, and has a work directory sized for its uploads. */
    private static List<String> client(List<Doc> docs, Doc clamd, Doc deployment, Client client, Optional<String> confText) {
        List<String> problems = new ArrayList<>();
        String name = client.service();
        Map<String, String> env = environment(docs, deployment);
        String host = env.getOrDefault(client.host(), "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault(client.port(), String.valueOf(CLAMD_PORT)));
        if (confText.isEmpty()) {
            problems.add("Deployment/clamd is not started with a clamd.conf of a ConfigMap of these manifests");
        } else {
            problems.addAll(clamdConf("ConfigMap clamd.conf", confText.get(), env, client));
        }

        Optional<Doc> service = find(docs, "Service", host);
        if (service.isEmpty()) {
            problems.add(name + "'s " + client.host() + " " + host + " is no Service of these manifests");
        } else {
            boolean portFound = false;
            for (JsonNode p : service.get().node().path("spec").path("ports")) {
                if (p.path("port").asInt() == port) {
                    portFound = true;
                }
            }
            if (!portFound) {
                problems.add("Service " + host + " has no port " + port + " (" + name + "'s " + client.port() + ")");
            }
            if (!selects(service.get().node().path("spec").path("selector"), podLabels(clamd))) {
                problems.add("Service " + host + " does not select the clamd pods");
            }
        }

        boolean out = false;
        for (Doc policy : docs.stream().filter(d -> d.kind().equals("NetworkPolicy")
                && selects(d.node().path("spec").path("podSelector").path("matchLabels"), podLabels(deployment))).toList()) {
            if (!policy.node().path("spec").path("policyTypes").toString().contains("Egress")) {
                out = true;
                continue;
            }
            for (JsonNode rule : policy.node().path("spec").path("egress")) {
                boolean toClamd = false;
                for (JsonNode to : rule.path("to")) {
                    toClamd |= !to.has("namespaceSelector") && selects(to.path("podSelector").path("matchLabels"), podLabels(clamd));
                }
                boolean onPort = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    onPort |= p.path("port").asText().equals(String.valueOf(CLAMD_PORT)) || p.path("port").asText().equals("clamd");
                }
                out |= toClamd && onPort;
            }
            if (!out) {
                problems.add(policy.id() + " does not let " + name + " out to clamd on " + CLAMD_PORT);
            }
        }

        // the upload work directory: on a volume of its own, sized for the uploads a pod takes at once
        String workDir = env.get(client.workDirVar());
        long maxFile = env.containsKey(client.maxFileVar()) ? bytes(env.get(client.maxFileVar())) : DEFAULT_MAX_FILE_SIZE;
        long needed = maxFile * WORK_FILES_PER_UPLOAD * UPLOADS_AT_ONCE;
        if (workDir == null) {
            problems.add("Deployment/" + name + ": " + client.workDirVar() + " is not set: uploads would share /tmp with everything else");
        } else {
            JsonNode servicePod = ManifestValidator.podSpec(deployment);
            String volumeName = null;
            String mountPath = "";
            for (JsonNode m : servicePod.path("containers").get(0).path("volumeMounts")) {
                String path = m.path("mountPath").asText();
                if ((workDir.equals(path) || workDir.startsWith(path.endsWith("/") ? path : path + "/")) && path.length() > mountPath.length()) {
                    volumeName = m.path("name").asText();
                    mountPath = path;
                }
            }
            JsonNode volume = null;
            for (JsonNode v : servicePod.path("volumes")) {
                if (v.path("name").asText().equals(volumeName)) {
                    volume = v;
                }
            }
            if (volume == null) {
                problems.add("Deployment/" + name + ": the work directory " + workDir + " is on no volume (the root file system is read-only)");
            } else if (volume.has("emptyDir")) {
                String limit = volume.path("emptyDir").path("sizeLimit").asText("");
                if (limit.isEmpty() || bytes(limit) < needed) {
                    problems.add("Deployment/" + name + ": the work directory " + workDir + " is on volume " + volumeName + " of "
                            + (limit.isEmpty() ? "no size limit" : limit) + "; " + UPLOADS_AT_ONCE + " uploads at once of "
                            + WORK_FILES_PER_UPLOAD + " × " + maxFile + " bytes need " + needed);
                }
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ clamd.conf

    /** The rules a client relies on: the port, streams above its largest upload, unreadable content reported. */
    static List<String> clamdConf(String where, String text, Map<String, String> intakeEnv, Client client) {
        List<String> problems = new ArrayList<>();
        Map<String, String> conf = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] kv = l.split("\\s+", 2);
            conf.put(kv[0], kv.length > 1 ? kv[1].trim() : "");
        }
        String port = intakeEnv.getOrDefault(client.port(), String.valueOf(CLAMD_PORT));
        if (!port.equals(conf.get("TCPSocket"))) {
            problems.add(where + ": TCPSocket " + conf.get("TCPSocket") + " is not " + client.service() + "'s " + client.port() + " " + port);
        }
        if (conf.containsKey("TCPAddr") && conf.get("TCPAddr").startsWith("127.")) {
            problems.add(where + ": TCPAddr " + conf.get("TCPAddr") + " listens on the container's loopback only");
        }
        long maxFile = intakeEnv.containsKey(client.maxFileVar())
                ? bytes(intakeEnv.get(client.maxFileVar())) : DEFAULT_MAX_FILE_SIZE;
        long stream = bytes(conf.getOrDefault("StreamMaxLength", "25M"));
        if (stream <= maxFile) {
            problems.add(where + ": StreamMaxLength " + conf.getOrDefault("StreamMaxLength", "25M (default)")
                    + " is not above " + client.service() + "'s largest upload (" + maxFile + " bytes): a large upload would be quarantined as Unscannable");
        }
        for (String alert : List.of("AlertEncrypted", "AlertExceedsMax")) {
            if (!"yes".equalsIgnoreCase(conf.get(alert))) {
                problems.add(where + ": " + alert + " is not yes: content clamd cannot look into would be served as clean");
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ helpers

    private static Optional<String> mountedConf(List<Doc> docs, JsonNode pod, JsonNode container) {
        List<String> words = new ArrayList<>();
        container.path("command").forEach(w -> words.add(w.asText()));
        container.path("args").forEach(w -> words.add(w.asText()));
        Optional<String> given = words.stream().filter(w -> w.startsWith("--config-file=")).findFirst();
        if (given.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(given.get().substring("--config-file=".length()));
        for (JsonNode mount : container.path("volumeMounts")) {
            if (!file.startsWith(mount.path("mountPath").asText())) {
                continue;
            }
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("name").asText().equals(mount.path("name").asText()) && v.has("configMap")) {
                    Optional<Doc> cm = find(docs, "ConfigMap", v.path("configMap").path("name").asText());
                    String key = file.getFileName().toString();
                    if (cm.isPresent() && cm.get().node().path("data").has(key)) {
                        return Optional.of(cm.get().node().path("data").path(key).asText());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A service's environment: its ConfigMaps (envFrom) and its own env values. */
    private static Map<String, String> environment(List<Doc> docs, Doc deployment) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode c : ManifestValidator.podSpec(deployment).path("containers")) {
            for (JsonNode from : c.path("envFrom")) {
                find(docs, "ConfigMap", from.path("configMapRef").path("name").asText())
                        .ifPresent(cm -> cm.node().path("data").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText())));
            }
            c.path("env").forEach(e -> {
                if (e.has("value")) {
                    env.put(e.path("name").asText(), e.path("value").asText());
                }
            });
        }
        return env;
    }

    /** A Kubernetes quantity or a Quarkus/clamd size (20M, 1Gi, 64Mi, 100M) in bytes; M and Mi alike, as both programs read them. */
    static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)\\s*([KMG]?)(i?)B?", Pattern.CASE_INSENSITIVE).matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> n * 1024;
            case "M" -> n * 1024 * 1024;
            case "G" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    private static JsonNode podLabels(Doc deployment) {
        return deployment.node().path("spec").path("template").path("metadata").path("labels");
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Doc> find(List<Doc> docs, String kind, String name) {
        return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst();
    }

    private static Doc doc(List<Doc> docs, String kind, String name) {
        return find(docs, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static List<Doc> rendered(String overlay) {
        Kustomize.Rendering rendering = Kustomize.render(Repo.path("deploy/overlays/" + overlay));
        if (!rendering.full()) {
            Tools.note("overlay " + overlay + ": clamd checked on the base unpatched (neither kubectl nor kustomize on the PATH)");
        }
        assertEquals(List.of(), rendering.problems());
        return rendering.docs();
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem containing '" + expected + "' in " + problems);
    }
}

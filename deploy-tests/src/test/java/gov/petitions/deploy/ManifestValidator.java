package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;
import io.fabric8.kubernetes.api.model.KubernetesResource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates a set of manifests (a rendered overlay): every document against its kind's schema or
 * typed model, the platform's rules for workloads (probes, resources, security contexts, secrets
 * only by reference), the references between documents, each service's configuration, and the
 * Kafka topology of contracts/. Problems are sentences naming the document; none = valid.
 */
final class ManifestValidator {

    /**
     * Secrets that no resource here makes and the operators create by hand (deploy/README.md lists
     * them; RunbookTest checks that it does). Every other Secret a manifest refers to must be made
     * by an operator from a resource of the same rendering (KafkaUser, Kafka, Cluster, MongoDBCommunity).
     */
    static final Set<String> MANUAL_SECRETS = Set.of(
            "intake-pii-key", "intake-query-code-key", "keycloak-client-secrets", "notification-mongodb-password",
            "petitions-backup-s3", "petitions-test-users");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|JAAS|TOKEN|CONNECTION_STRING).*");
    private static final Set<String> WORKLOADS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");

    record Report(List<String> problems, List<String> notes) {
    }

    private final List<Doc> docs;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();

    private ManifestValidator(List<Doc> docs) {
        this.docs = docs;
    }

    static Report validate(List<Doc> docs) {
        ManifestValidator v = new ManifestValidator(docs);
        v.run();
        return new Report(v.problems, List.copyOf(v.notes));
    }

    private void run() {
        Set<String> ids = new HashSet<>();
        for (Doc doc : docs) {
            if (doc.apiVersion().isEmpty() || doc.kind().isEmpty() || doc.name().isEmpty()) {
                problem(doc, "needs apiVersion, kind and metadata.name");
                continue;
            }
            if (!ids.add(doc.apiVersion() + " " + doc.id() + " " + doc.node().path("metadata").path("namespace").asText())) {
                problem(doc, "is defined twice");
            }
            schemaOrModel(doc);
            if ("Secret".equals(doc.kind()) && (doc.node().path("data").size() > 0 || doc.node().path("stringData").size() > 0)) {
                problem(doc, "carries secret values: secrets are created by the operators or by operators' tools, never committed");
            }
            if (WORKLOADS.contains(doc.kind())) {
                workload(doc);
            }
        }
        references();
        ManagementPort.check(docs, this::problem);
        ServiceCalls.check(docs, this::problem);
        serviceConfiguration();
        KafkaTopology.check(docs).forEach(problems::add);
    }

    // ------------------------------------------------------------------ schemas and models

    private void schemaOrModel(Doc doc) {
        if (doc.apiVersion().startsWith("kafka.strimzi.io/")) {
            if (!StrimziSchemas.API_VERSION.equals(doc.apiVersion()) || !StrimziSchemas.MODELS.containsKey(doc.kind())) {
                problem(doc, "is no kind of " + StrimziSchemas.API_VERSION + " this project uses (" + StrimziSchemas.MODELS.keySet() + ")");
                return;
            }
            Optional<Schemas.Closed> schema = StrimziSchemas.schema(doc.kind());
            if (schema.isEmpty()) {
                notes.add("not checked against a CRD schema: " + StrimziSchemas.unavailableReason());
                return;
            }
            schema.get().validate(doc.node()).forEach(m -> problem(doc, m + " [" + schema.get().label() + "]"));
            return;
        }
        Optional<Schemas.Closed> subset = Schemas.operatorSubset(doc.apiVersion(), doc.kind());
        if (subset.isPresent()) {
            subset.get().validate(doc.node()).forEach(m -> problem(doc, m + " [" + subset.get().label() + "]"));
            return;
        }
        Class<? extends KubernetesResource> model = TypedModels.modelOf(doc);
        if (model == null || model.getSimpleName().equals("GenericKubernetesResource")) {
            problem(doc, "has no schema or typed model to check it against (" + doc.apiVersion() + ")");
            return;
        }
        TypedModels.check(doc, model).forEach(m -> problem(doc, m));
    }

    // ------------------------------------------------------------------ workloads

    private void workload(Doc doc) {
        JsonNode pod = podSpec(doc);
        boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
        boolean podSeccomp = "RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText());
        if (pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false)) {
            problem(doc, "uses the host's network or PIDs");
        }
        List<JsonNode> containers = new ArrayList<>();
        List<JsonNode> initContainers = new ArrayList<>();
        pod.path("initContainers").forEach(initContainers::add);
        containers.addAll(initContainers);
        pod.path("containers").forEach(containers::add);
        if (pod.path("containers").isEmpty()) {
            problem(doc, "has no containers");
        }
        boolean service = isService(doc);
        for (JsonNode c : containers) {
            String where = "container " + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            if (!podNonRoot && !sc.path("runAsNonRoot").asBoolean(false)) {
                problem(doc, where + ": runAsNonRoot is not true (pod or container securityContext)");
            }
            if (!podSeccomp && !"RuntimeDefault".equals(sc.path("seccompProfile").path("type").asText())) {
                problem(doc, where + ": no RuntimeDefault seccomp profile");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                problem(doc, where + ": securityContext.allowPrivilegeEscalation must be false");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                problem(doc, where + ": securityContext.readOnlyRootFilesystem must be true");
            }
            if (sc.path("privileged").asBoolean(false)) {
                problem(doc, where + ": is privileged");
            }
            Set<String> dropped = new TreeSet<>();
            sc.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
            if (!dropped.contains("ALL")) {
                problem(doc, where + ": securityContext.capabilities.drop must contain ALL");
            }
            if (sc.path("capabilities").path("add").size() > 0) {
                problem(doc, where + ": adds capabilities " + sc.path("capabilities").path("add"));
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (!c.path("resources").path(kind).hasNonNull(resource)) {
                        problem(doc, where + ": no resources." + kind + "." + resource);
                    }
                }
            }
            String image = c.path("image").asText();
            String tag = image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest") || tag.endsWith("SNAPSHOT")) {
                problem(doc, where + ": image " + image + " has no fixed release tag");
            }
            if ("Never".equals(c.path("imagePullPolicy").asText())) {
                problem(doc, where + ": imagePullPolicy Never depends on a locally built image");
            }
            for (JsonNode env : c.path("env")) {
                String name = env.path("name").asText();
                if (SECRET_NAME.matcher(name).matches() && !name.endsWith("_LOCATION") && !name.endsWith("_TYPE")
                        && !name.endsWith("_MECHANISM") && !name.endsWith("_ENDPOINT") && env.has("value")) {
                    problem(doc, where + ": " + name + " is given as a literal value; secrets come from a Secret (valueFrom.secretKeyRef)");
                }
            }
            if (service) {
                probes(doc, c, where);
            } else if (doc.kind().equals("Deployment") && !initContainers.contains(c)) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (c.path(probe).isMissingNode()) {
                        problem(doc, where + ": no " + probe);
                    }
                }
            }
        }
        if (service) {
            String expected = "ghcr.io/petitions/" + doc.name() + ":";
            for (JsonNode c : pod.path("containers")) {
                if (!c.path("image").asText().startsWith(expected)) {
                    problem(doc, "container " + c.path("name").asText() + ": image " + c.path("image").asText()
                            + " is not the service's published image " + expected + "<release>");
                }
            }
            if (pod.path("automountServiceAccountToken").asBoolean(true)) {
                problem(doc, "mounts a service account token it does not need (automountServiceAccountToken: false)");
            }
        }
    }

    private void probes(Doc doc, JsonNode container, String where) {
        Set<String> ports = new HashSet<>();
        for (JsonNode p : container.path("ports")) {
            ports.add(p.path("name").asText());
            ports.add(p.path("containerPort").asText());
        }
        Map<String, String> expected = Map.of(
                "startupProbe", "/q/health/started", "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");
        for (Map.Entry<String, String> probe : expected.entrySet()) {
            JsonNode p = container.path(probe.getKey());
            if (p.isMissingNode()) {
                problem(doc, where + ": no " + probe.getKey() + " (smallrye-health " + probe.getValue() + ")");
                continue;
            }
            if (!probe.getValue().equals(p.path("httpGet").path("path").asText())) {
                problem(doc, where + ": " + probe.getKey() + " does not ask " + probe.getValue());
            }
            if (!ports.contains(p.path("httpGet").path("port").asText())) {
                problem(doc, where + ": " + probe.getKey() + " asks port " + p.path("httpGet").path("port") + ", which the container does not declare");
            }
        }
    }

    // ------------------------------------------------------------------ references between documents

    private void references() {
        Set<String> configMaps = names("ConfigMap");
        Set<String> madeSecrets = operatorMadeSecrets();
        for (Doc doc : docs) {
            for (JsonNode ref : doc.node().findValues("configMapRef")) {
                requireConfigMap(doc, configMaps, ref.path("name").asText());
            }
            for (JsonNode ref : doc.node().findValues("configMapKeyRef")) {
                requireConfigMap(doc, configMaps, ref.path("name").asText());
            }
            for (String secret : referencedSecrets(doc)) {
                if (!madeSecrets.contains(secret) && !MANUAL_SECRETS.contains(secret)) {
                    problem(doc, "refers to Secret " + secret + ", which no operator makes from these resources and which is not one of "
                            + "the Secrets deploy/README.md tells the operators to create " + new TreeSet<>(MANUAL_SECRETS));
                }
            }
        }
        List<Doc> pods = docs.stream().filter(d -> WORKLOADS.contains(d.kind())).toList();
        for (Doc doc : docs) {
            switch (doc.kind()) {
                case "Service" -> {
                    JsonNode selector = doc.node().path("spec").path("selector");
                    Optional<Doc> target = pods.stream().filter(p -> selects(selector, podLabels(p))).findFirst();
                    if (target.isEmpty()) {
                        problem(doc, "selects no pods of these manifests");
                    } else {
                        Set<String> ports = containerPorts(target.get());
                        for (JsonNode port : doc.node().path("spec").path("ports")) {
                            if (!ports.contains(port.path("targetPort").asText(port.path("port").asText()))) {
                                problem(doc, "port " + port.path("name").asText() + " targets " + port.path("targetPort") + ", which " + target.get().id() + " does not declare");
                            }
                        }
                    }
                }
                case "ServiceMonitor" -> {
                    JsonNode selector = doc.node().path("spec").path("selector").path("matchLabels");
                    Optional<Doc> svc = docs.stream().filter(d -> d.kind().equals("Service"))
                            .filter(d -> selects(selector, d.node().path("metadata").path("labels"))).findFirst();
                    if (svc.isEmpty()) {
                        problem(doc, "selects no Service");
                    } else {
                        Set<String> portNames = new HashSet<>();
                        svc.get().node().path("spec").path("ports").forEach(p -> portNames.add(p.path("name").asText()));
                        doc.node().path("spec").path("endpoints").forEach(e -> {
                            if (!portNames.contains(e.path("port").asText())) {
                                problem(doc, "scrapes port " + e.path("port") + ", which " + svc.get().id() + " does not name");
                            }
                        });
                    }
                }
                case "PodMonitor" -> {
                    JsonNode selector = doc.node().path("spec").path("selector").path("matchLabels");
                    Optional<Doc> target = pods.stream().filter(p -> selects(selector, podLabels(p))).findFirst();
                    if (target.isEmpty()) {
                        // pods an operator makes (Strimzi's Kafka exporter) are not in the manifests; ours are named so
                        if (selector.has("app.kubernetes.io/name")) {
                            problem(doc, "selects no pods of these manifests");
                        }
                    } else {
                        Set<String> ports = containerPorts(target.get());
                        doc.node().path("spec").path("podMetricsEndpoints").forEach(e -> {
                            if (e.has("port") && !ports.contains(e.path("port").asText())) {
                                problem(doc, "scrapes port " + e.path("port") + ", which " + target.get().id() + " does not declare");
                            }
                        });
                    }
                }
                case "NetworkPolicy", "PodDisruptionBudget" -> {
                    String field = doc.kind().equals("NetworkPolicy") ? "podSelector" : "selector";
                    JsonNode selector = doc.node().path("spec").path(field).path("matchLabels");
                    if (pods.stream().noneMatch(p -> selects(selector, podLabels(p)))) {
                        problem(doc, "selects no pods of these manifests");
                    }
                }
                case "HorizontalPodAutoscaler" -> {
                    JsonNode target = doc.node().path("spec").path("scaleTargetRef");
                    if (docs.stream().noneMatch(d -> d.kind().equals(target.path("kind").asText()) && d.name().equals(target.path("name").asText()))) {
                        problem(doc, "scales " + target.path("kind").asText() + "/" + target.path("name").asText() + ", which does not exist");
                    }
                    if (doc.node().path("spec").path("minReplicas").asInt(1) > doc.node().path("spec").path("maxReplicas").asInt()) {
                        problem(doc, "minReplicas is above maxReplicas");
                    }
                }
                default -> {
                }
            }
        }
    }

    private void requireConfigMap(Doc doc, Set<String> configMaps, String name) {
        if (!configMaps.contains(name)) {
            problem(doc, "refers to ConfigMap " + name + ", which these manifests do not define");
        }
    }

    /** Secrets the operators make from resources here: Strimzi users and CAs, CloudNativePG's app users, MongoDB's users. */
    private Set<String> operatorMadeSecrets() {
        Set<String> made = new TreeSet<>();
        for (Doc doc : docs) {
            switch (doc.kind()) {
                case "KafkaUser" -> made.add(doc.name());
                case "Kafka" -> {
                    made.add(doc.name() + "-cluster-ca-cert");
                    made.add(doc.name() + "-clients-ca-cert");
                }
                case "Cluster" -> made.add(doc.name() + "-app");
                case "MongoDBCommunity" -> doc.node().path("spec").path("users").forEach(u -> {
                    made.add(u.path("connectionStringSecretName").asText(
                            doc.name() + "-" + u.path("db").asText() + "-" + u.path("name").asText()));
                    made.add(u.path("scramCredentialsSecretName").asText() + "-scram-credentials");
                });
                default -> {
                }
            }
        }
        return made;
    }

    private static Set<String> referencedSecrets(Doc doc) {
        Set<String> secrets = new TreeSet<>();
        collectSecrets(doc.node(), secrets);
        return secrets;
    }

    private static final Set<String> SECRET_REFS = Set.of("secretKeyRef", "passwordSecretRef", "usernameSecret",
            "passwordSecret", "accessKeyId", "secretAccessKey", "secret", "tlsSecret");

    private static void collectSecrets(JsonNode node, Set<String> out) {
        if (node.isArray()) {
            node.forEach(n -> collectSecrets(n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (SECRET_REFS.contains(e.getKey()) && v.isObject()) {
                if (v.hasNonNull("secretName")) {
                    out.add(v.path("secretName").asText());
                } else if (v.hasNonNull("name")) {
                    out.add(v.path("name").asText());
                }
            }
            if (e.getKey().equals("secretName") && v.isTextual()) {
                out.add(v.asText());
            }
            if (!e.getKey().equals("realm")) { // a realm representation names no Kubernetes Secrets
                collectSecrets(v, out);
            }
        }
    }

    // ------------------------------------------------------------------ each service's configuration

    private void serviceConfiguration() {
        for (String service : Repo.APPLICATIONS) {
            Optional<Doc> deployment = docs.stream().filter(d -> d.kind().equals("Deployment") && d.name().equals(service)).findFirst();
            if (deployment.isEmpty()) {
                problems.add("no Deployment " + service);
                continue;
            }
            Set<String> env = new TreeSet<>();
            Map<String, String> values = new java.util.HashMap<>();
            Map<String, JsonNode> secretRefs = new java.util.HashMap<>();
            for (JsonNode c : podSpec(deployment.get()).path("containers")) {
                for (JsonNode from : c.path("envFrom")) {
                    String cm = from.path("configMapRef").path("name").asText(null);
                    docs.stream().filter(d -> d.kind().equals("ConfigMap") && d.name().equals(cm)).findFirst()
                            .ifPresent(d -> d.node().path("data").fields().forEachRemaining(f -> {
                                env.add(f.getKey());
                                values.put(f.getKey(), f.getValue().asText());
                            }));
                }
                c.path("env").forEach(e -> {
                    env.add(e.path("name").asText());
                    if (e.has("value")) {
                        values.put(e.path("name").asText(), e.path("value").asText());
                    }
                    if (e.path("valueFrom").has("secretKeyRef")) {
                        secretRefs.put(e.path("name").asText(), e.path("valueFrom").path("secretKeyRef"));
                    }
                });
            }
            // a Kafka Streams application's id is its consumer group and the prefix its KafkaUser's ACLs allow
            String applicationId = values.get("QUARKUS_KAFKA_STREAMS_APPLICATION_ID");
            if (applicationId != null && !applicationId.equals(service)) {
                problem(deployment.get(), "sets QUARKUS_KAFKA_STREAMS_APPLICATION_ID " + applicationId
                        + ", but its KafkaUser's group and internal-topic ACLs are for " + service);
            }
            for (String required : RequiredConfig.required(service)) {
                if (!env.contains(required)) {
                    problem(deployment.get(), "does not set " + required + ", which docs/configuration.md's configuration table requires for " + service);
                }
            }
            RequiredConfig.policy(service, values, env).forEach(p -> problem(deployment.get(), p));
            identity(deployment.get(), service, values, secretRefs);
            for (String variable : env) {
                if (!RequiredConfig.known(service, variable) && !RequiredConfig.STATIC_SERVICE_TOKENS.contains(variable)) {
                    problem(deployment.get(), "sets " + variable + ", which docs/configuration.md does not document for " + service);
                }
            }
        }
    }

    /**
     * A service's own Keycloak client: its secret comes from a Secret by reference, and the realm import gives that
     * client the same Secret and key (a placeholder), so that the client-credentials grant works after the import.
     */
    private void identity(Doc deployment, String service, Map<String, String> values, Map<String, JsonNode> secretRefs) {
        if (!values.containsKey(RequiredConfig.IDENTITY_CLIENT_ID) && !secretRefs.containsKey(RequiredConfig.IDENTITY_CLIENT_SECRET)) {
            return;
        }
        JsonNode ref = secretRefs.get(RequiredConfig.IDENTITY_CLIENT_SECRET);
        if (ref == null) {
            problem(deployment, RequiredConfig.IDENTITY_CLIENT_SECRET + " does not come from a Secret (valueFrom.secretKeyRef)");
            return;
        }
        if (ref.path("optional").asBoolean(false)) {
            problem(deployment, RequiredConfig.IDENTITY_CLIENT_SECRET + " is optional: without it the service could not call others; it must wait for its Secret");
        }
        String clientId = values.getOrDefault(RequiredConfig.IDENTITY_CLIENT_ID, service);
        List<Doc> imports = docs.stream().filter(d -> d.kind().equals("KeycloakRealmImport")).toList();
        if (imports.isEmpty()) {
            problem(deployment, "has a Keycloak client identity, but no KeycloakRealmImport is rendered with it");
            return;
        }
        for (Doc realmImport : imports) {
            JsonNode client = null;
            for (JsonNode c : realmImport.node().path("spec").path("realm").path("clients")) {
                if (c.path("clientId").asText().equals(clientId)) {
                    client = c;
                }
            }
            if (client == null) {
                problem(deployment, "its client " + clientId + " is not in " + realmImport.id());
                continue;
            }
            java.util.regex.Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(client.path("secret").asText());
            JsonNode source = placeholder.matches()
                    ? realmImport.node().path("spec").path("placeholders").path(placeholder.group(1)).path("secret") : null;
            if (source == null || !ref.path("name").asText().equals(source.path("name").asText())
                    || !ref.path("key").asText().equals(source.path("key").asText())) {
                problem(deployment, "takes its client secret from Secret " + ref.path("name").asText() + " key " + ref.path("key").asText()
                        + ", but " + realmImport.id() + " gives client " + clientId + " "
                        + (source == null ? "a secret Keycloak generates" : "Secret " + source.path("name").asText() + " key " + source.path("key").asText()));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static boolean isService(Doc doc) {
        return doc.kind().equals("Deployment")
                && ("service".equals(doc.node().path("metadata").path("labels").path("app.kubernetes.io/component").asText())
                || Repo.APPLICATIONS.contains(doc.name()));
    }

    static JsonNode podSpec(Doc doc) {
        JsonNode spec = doc.node().path("spec");
        if (doc.kind().equals("Pod")) {
            return spec;
        }
        if (doc.kind().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("spec");
    }

    private static JsonNode podLabels(Doc doc) {
        if (doc.kind().equals("Pod")) {
            return doc.node().path("metadata").path("labels");
        }
        JsonNode spec = doc.node().path("spec");
        if (doc.kind().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("metadata").path("labels");
    }

    private static Set<String> containerPorts(Doc doc) {
        Set<String> ports = new HashSet<>();
        for (JsonNode c : podSpec(doc).path("containers")) {
            for (JsonNode p : c.path("ports")) {
                ports.add(p.path("name").asText());
                ports.add(p.path("containerPort").asText());
            }
        }
        return ports;
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

    private Set<String> names(String kind) {
        Set<String> names = new TreeSet<>();
        docs.stream().filter(d -> d.kind().equals(kind)).forEach(d -> names.add(d.name()));
        return names;
    }

    private void problem(Doc doc, String message) {
        problems.add(doc.id() + " (" + doc.origin() + "): " + message);
    }
}

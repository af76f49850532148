package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #17 item 10: every service and the console serve {@code /q/*} (health, metrics) only on Quarkus' management
 * interface, port 9000 (platform-support's and the console's {@code quarkus.management.enabled=true}); the API port
 * answers none of it. So every probe and every scrape must ask the management port, and nothing may carry it beyond
 * the cluster or the compose network: no Service exposes it (hence no Ingress can route to it), only the monitoring
 * namespace may reach it through a NetworkPolicy, and compose publishes it on no interface.
 */
final class ManagementPort {

    /** Quarkus' default quarkus.management.port, which neither the images nor the deployments change. */
    static final int PORT = 9000;
    /** The container port's name the probes and the PodMonitors refer to. */
    static final String NAME = "management";
    static final String METRICS_PATH = "/q/metrics";
    static final String READINESS_PATH = "/q/health/ready";
    /** The namespace Prometheus runs in (deploy/README.md, operators). */
    static final String MONITORING_NAMESPACE = "monitoring";

    private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

    private ManagementPort() {
    }

    // ------------------------------------------------------------------ Kubernetes

    /** The problems of a rendering, each reported against the document it is in. */
    static void check(List<Doc> docs, BiConsumer<Doc, String> problem) {
        List<Doc> applications = docs.stream().filter(ManifestValidator::isService).toList();
        for (Doc app : applications) {
            probes(app, problem);
        }
        for (Doc doc : docs) {
            switch (doc.kind()) {
                case "Service" -> service(doc, applications, problem);
                case "Ingress" -> ingress(doc, docs, problem);
                case "PodMonitor" -> podMonitor(doc, applications, problem);
                case "ServiceMonitor" -> serviceMonitor(doc, docs, applications, problem);
                case "NetworkPolicy" -> networkPolicy(doc, applications, problem);
                default -> {
                }
            }
        }
        for (Doc app : applications) {
            if (Repo.SERVICES.contains(app.name()) && !scraped(app, docs)) {
                problem.accept(app, "is scraped by no PodMonitor (or ServiceMonitor) on its management port ("
                        + NAME + ", " + PORT + ", " + METRICS_PATH + "): Prometheus would not see it");
            }
            if (docs.stream().noneMatch(d -> d.kind().equals("NetworkPolicy") && restrictsIngress(d) && selectsPod(d, app))) {
                problem.accept(app, "no NetworkPolicy restricts who reaches its pods: its management port " + PORT
                        + " would be open to every pod of the cluster");
            }
        }
    }

    /** Every probe of the application's containers asks the container port management (9000), never the API port. */
    private static void probes(Doc app, BiConsumer<Doc, String> problem) {
        for (JsonNode c : ManifestValidator.podSpec(app).path("containers")) {
            String where = "container " + c.path("name").asText();
            boolean declared = false;
            for (JsonNode p : c.path("ports")) {
                if (NAME.equals(p.path("name").asText()) && p.path("containerPort").asInt() == PORT) {
                    declared = true;
                }
            }
            if (!declared) {
                problem.accept(app, where + ": declares no container port " + NAME + " (" + PORT + "), where it serves /q/*");
            }
            for (String probe : PROBES) {
                JsonNode p = c.path(probe);
                if (p.isMissingNode()) {
                    continue; // reported by ManifestValidator
                }
                JsonNode port = p.path("httpGet").path("port");
                if (!isManagement(port)) {
                    problem.accept(app, where + ": " + probe + " asks port " + (port.isMissingNode() ? "(none)" : port.asText())
                            + ", not the management port (" + NAME + ", " + PORT + "): the API port serves no /q/*");
                }
            }
        }
    }

    /** No Service carries an application's management port: a Service is what an Ingress or another workload would use. */
    private static void service(Doc svc, List<Doc> applications, BiConsumer<Doc, String> problem) {
        JsonNode selector = svc.node().path("spec").path("selector");
        Optional<Doc> app = applications.stream().filter(a -> selects(selector, podLabels(a))).findFirst();
        if (app.isEmpty()) {
            return;
        }
        for (JsonNode port : svc.node().path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            if (isManagement(target) || port.path("port").asInt() == PORT) {
                problem.accept(svc, "exposes the management port of " + app.get().name() + " (port " + port.path("name").asText()
                        + " -> " + target.asText() + "): /q/* would be reachable through the Service and any Ingress to it; "
                        + "Prometheus scrapes the pods (PodMonitor)");
            }
        }
    }

    /** No Ingress routes to a management port, whether by number, by name, or through a Service port that targets it. */
    private static void ingress(Doc ingress, List<Doc> docs, BiConsumer<Doc, String> problem) {
        List<JsonNode> backends = new ArrayList<>();
        JsonNode spec = ingress.node().path("spec");
        if (spec.has("defaultBackend")) {
            backends.add(spec.path("defaultBackend"));
        }
        for (JsonNode rule : spec.path("rules")) {
            rule.path("http").path("paths").forEach(p -> backends.add(p.path("backend")));
        }
        for (JsonNode backend : backends) {
            JsonNode service = backend.path("service");
            if (service.isMissingNode()) {
                continue;
            }
            String name = service.path("name").asText();
            JsonNode port = service.path("port");
            String shown = "Service " + name + " port " + (port.has("number") ? port.path("number").asText() : port.path("name").asText());
            if (port.path("number").asInt() == PORT || NAME.equals(port.path("name").asText())) {
                problem.accept(ingress, "routes to " + shown + ", the management port (/q/*): it never leaves the cluster");
                continue;
            }
            docs.stream().filter(d -> d.kind().equals("Service") && d.name().equals(name)).findFirst().ifPresent(svc -> {
                for (JsonNode p : svc.node().path("spec").path("ports")) {
                    boolean same = port.has("number") ? p.path("port").asInt() == port.path("number").asInt()
                            : p.path("name").asText().equals(port.path("name").asText());
                    if (same && isManagement(p.has("targetPort") ? p.path("targetPort") : p.path("port"))) {
                        problem.accept(ingress, "routes to " + shown + ", which targets the management port (/q/*): it never leaves the cluster");
                    }
                }
            });
        }
    }

    private static void podMonitor(Doc monitor, List<Doc> applications, BiConsumer<Doc, String> problem) {
        JsonNode selector = monitor.node().path("spec").path("selector").path("matchLabels");
        Optional<Doc> app = applications.stream().filter(a -> selects(selector, podLabels(a))).findFirst();
        if (app.isEmpty()) {
            return;
        }
        for (JsonNode e : monitor.node().path("spec").path("podMetricsEndpoints")) {
            JsonNode port = e.has("port") ? e.path("port") : e.has("portNumber") ? e.path("portNumber") : e.path("targetPort");
            if (!isManagement(port)) {
                problem.accept(monitor, "scrapes port " + port.asText() + " of " + app.get().name() + ", not the management port ("
                        + NAME + ", " + PORT + "): the API port serves no /q/metrics");
            }
            if (!METRICS_PATH.equals(e.path("path").asText())) {
                problem.accept(monitor, "scrapes path " + e.path("path").asText("/metrics") + ", not " + METRICS_PATH);
            }
        }
    }

    private static void serviceMonitor(Doc monitor, List<Doc> docs, List<Doc> applications, BiConsumer<Doc, String> problem) {
        JsonNode selector = monitor.node().path("spec").path("selector").path("matchLabels");
        Optional<Doc> svc = docs.stream().filter(d -> d.kind().equals("Service"))
                .filter(d -> selects(selector, d.node().path("metadata").path("labels"))).findFirst();
        if (svc.isEmpty() || applications.stream().noneMatch(a -> selects(svc.get().node().path("spec").path("selector"), podLabels(a)))) {
            return;
        }
        for (JsonNode e : monitor.node().path("spec").path("endpoints")) {
            String portName = e.path("port").asText();
            boolean management = false;
            for (JsonNode p : svc.get().node().path("spec").path("ports")) {
                if (p.path("name").asText().equals(portName) && isManagement(p.has("targetPort") ? p.path("targetPort") : p.path("port"))) {
                    management = true;
                }
            }
            if (!management) {
                problem.accept(monitor, "scrapes port " + portName + " of " + svc.get().id() + ", not the management port ("
                        + NAME + ", " + PORT + "): the API port serves no /q/metrics");
            }
            if (!METRICS_PATH.equals(e.path("path").asText())) {
                problem.accept(monitor, "scrapes path " + e.path("path").asText("/metrics") + ", not " + METRICS_PATH);
            }
        }
    }

    /** Whether some monitor scrapes the application's pods on the management port at /q/metrics. */
    private static boolean scraped(Doc app, List<Doc> docs) {
        for (Doc d : docs) {
            if (d.kind().equals("PodMonitor") && selects(d.node().path("spec").path("selector").path("matchLabels"), podLabels(app))) {
                for (JsonNode e : d.node().path("spec").path("podMetricsEndpoints")) {
                    if (isManagement(e.has("port") ? e.path("port") : e.path("portNumber")) && METRICS_PATH.equals(e.path("path").asText())) {
                        return true;
                    }
                }
            }
            if (d.kind().equals("ServiceMonitor")) {
                JsonNode selector = d.node().path("spec").path("selector").path("matchLabels");
                for (Doc svc : docs) {
                    if (!svc.kind().equals("Service") || !selects(selector, svc.node().path("metadata").path("labels"))
                            || !selects(svc.node().path("spec").path("selector"), podLabels(app))) {
                        continue;
                    }
                    for (JsonNode e : d.node().path("spec").path("endpoints")) {
                        for (JsonNode p : svc.node().path("spec").path("ports")) {
                            if (p.path("name").asText().equals(e.path("port").asText())
                                    && isManagement(p.has("targetPort") ? p.path("targetPort") : p.path("port"))
                                    && METRICS_PATH.equals(e.path("path").asText())) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * A NetworkPolicy over an application's pods admits only the monitoring namespace to the management port (the kubelet's
     * probes come from the pod's own node, which policies always admit); over a service's pods it admits the monitoring
     * namespace there, or Prometheus could not scrape it.
     */
    private static void networkPolicy(Doc policy, List<Doc> applications, BiConsumer<Doc, String> problem) {
        List<Doc> selected = applications.stream().filter(a -> selectsPod(policy, a)).toList();
        if (selected.isEmpty()) {
            return;
        }
        boolean monitoringAdmitted = false;
        for (JsonNode rule : policy.node().path("spec").path("ingress")) {
            if (!admitsManagementPort(rule.path("ports"))) {
                continue;
            }
            JsonNode from = rule.path("from");
            if (from.isMissingNode() || from.isEmpty()) {
                problem.accept(policy, "admits every source to the management port " + PORT + " (an ingress rule without 'from'"
                        + (rule.path("ports").isEmpty() ? " and without 'ports'" : "") + "): only the " + MONITORING_NAMESPACE
                        + " namespace may reach it");
                continue;
            }
            for (JsonNode peer : from) {
                if (isMonitoring(peer)) {
                    monitoringAdmitted = true;
                } else {
                    problem.accept(policy, "admits " + peer + " to the management port " + PORT
                            + (rule.path("ports").isEmpty() ? " (a rule without 'ports' admits every port)" : "")
                            + ": only the " + MONITORING_NAMESPACE + " namespace may reach it");
                }
            }
        }
        boolean restricts = restrictsIngress(policy);
        for (Doc app : selected) {
            if (restricts && Repo.SERVICES.contains(app.name()) && !monitoringAdmitted) {
                problem.accept(policy, "does not admit the " + MONITORING_NAMESPACE + " namespace to the management port " + PORT
                        + " of " + app.name() + ": Prometheus could not scrape it");
            }
        }
    }

    private static boolean restrictsIngress(Doc policy) {
        JsonNode types = policy.node().path("spec").path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return true; // Kubernetes' default: Ingress (plus Egress when egress rules exist)
        }
        for (JsonNode t : types) {
            if (t.asText().equals("Ingress")) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsManagementPort(JsonNode ports) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.has("port")) {
                return true; // every port of the protocol
            }
            JsonNode port = p.path("port");
            if (isManagement(port)) {
                return true;
            }
            if (port.canConvertToInt() && p.has("endPort") && port.asInt() <= PORT && PORT <= p.path("endPort").asInt()) {
                return true;
            }
        }
        return false;
    }

    /** A peer that is the monitoring namespace (all of it, or some of its pods), and nothing else. */
    private static boolean isMonitoring(JsonNode peer) {
        if (peer.has("ipBlock") || !peer.has("namespaceSelector")) {
            return false;
        }
        JsonNode ns = peer.path("namespaceSelector");
        return ns.path("matchExpressions").isEmpty() && ns.path("matchLabels").size() == 1
                && MONITORING_NAMESPACE.equals(ns.path("matchLabels").path("kubernetes.io/metadata.name").asText());
    }

    private static boolean selectsPod(Doc policy, Doc app) {
        JsonNode selector = policy.node().path("spec").path("podSelector");
        if (selector.path("matchExpressions").size() > 0) {
            return true; // not evaluated here: assume it may select the pods
        }
        JsonNode labels = selector.path("matchLabels");
        if (labels.isMissingNode() || labels.isEmpty()) {
            return true; // {} selects every pod of the namespace
        }
        return selects(labels, podLabels(app));
    }

    /** A port (a name or a number) that is the management port. */
    static boolean isManagement(JsonNode port) {
        String text = port == null ? "" : port.asText("");
        return NAME.equals(text) || String.valueOf(PORT).equals(text);
    }

    // ------------------------------------------------------------------ compose

    /**
     * docker-compose.yml: no service publishes a port 9000 (the services' and the console's management port, and
     * Keycloak's too), every application's healthcheck asks /q/health/ready on 9000, and the Prometheus the file runs
     * scrapes each service's /q/metrics at &lt;service&gt;:9000.
     */
    static void compose(Path composeFile, JsonNode services, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            for (JsonNode port : entry.getValue().path("ports")) {
                if (publishesManagementPort(port)) {
                    problems.add(entry.getKey() + ": publishes " + (port.isTextual() ? port.asText() : port.toString())
                            + ", the management port " + PORT + " (/q/*): it stays on compose's network, on no interface");
                }
            }
        }
        for (String app : Repo.APPLICATIONS) {
            JsonNode service = services.path(app);
            if (service.isMissingNode()) {
                continue; // reported by ComposeChecks
            }
            String test = healthcheckText(service.path("healthcheck").path("test"));
            Map<String, String> env = ComposeChecks.environment(service.path("environment"));
            if (test.isEmpty()) {
                problems.add(app + ": no healthcheck (" + READINESS_PATH + " on the management port " + PORT + ")");
            } else if (!test.contains(READINESS_PATH) || !Pattern.compile("(?<![0-9])" + PORT + "(?![0-9])").matcher(test).find()
                    || test.contains("QUARKUS_HTTP_PORT") || env.containsKey("QUARKUS_HTTP_PORT")
                    && Pattern.compile("(?<![0-9])" + Pattern.quote(env.get("QUARKUS_HTTP_PORT")) + "(?![0-9])").matcher(test).find()) {
                problems.add(app + ": its healthcheck does not ask " + READINESS_PATH + " on the management port " + PORT
                        + " (the API port serves no /q/*): " + test);
            }
        }
        prometheus(composeFile, services, problems);
    }

    /** The Prometheus of the compose file (the service that mounts /etc/prometheus/prometheus.yml), if it has one. */
    private static void prometheus(Path composeFile, JsonNode services, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            for (JsonNode volume : entry.getValue().path("volumes")) {
                String[] parts = volume.asText().split(":");
                if (parts.length >= 2 && parts[1].equals("/etc/prometheus/prometheus.yml")) {
                    Path file = composeFile.getParent().resolve(parts[0]).normalize();
                    if (!file.toFile().isFile()) {
                        problems.add(entry.getKey() + ": mounts " + parts[0] + ", which does not exist");
                    } else {
                        scrapeConfigs(Repo.root().relativize(file.toAbsolutePath()).toString(), Yaml.tree(file), problems);
                    }
                }
            }
        }
    }

    static void scrapeConfigs(String where, JsonNode config, List<String> problems) {
        Set<String> scraped = new TreeSet<>();
        Pattern target = Pattern.compile("([A-Za-z0-9.-]+):(\\d+)");
        for (JsonNode job : config.path("scrape_configs")) {
            String jobName = job.path("job_name").asText();
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode t : sc.path("targets")) {
                    Matcher m = target.matcher(t.asText());
                    if (!m.matches() || !Repo.APPLICATIONS.contains(m.group(1))) {
                        continue;
                    }
                    String host = m.group(1);
                    if (Integer.parseInt(m.group(2)) != PORT) {
                        problems.add(where + ": job " + jobName + " scrapes " + t.asText() + ", not the management port " + host + ":" + PORT);
                    } else if (!METRICS_PATH.equals(job.path("metrics_path").asText())) {
                        problems.add(where + ": job " + jobName + " scrapes " + job.path("metrics_path").asText("/metrics") + ", not " + METRICS_PATH);
                    } else if (jobName.equals(host)) {
                        scraped.add(host);
                    } else {
                        problems.add(where + ": job " + jobName + " scrapes " + host + ": the job is the service's name, as in Kubernetes");
                    }
                }
            }
        }
        for (String service : Repo.SERVICES) {
            if (!scraped.contains(service)) {
                problems.add(where + ": no job " + service + " scrapes " + service + ":" + PORT + METRICS_PATH);
            }
        }
    }

    private static String healthcheckText(JsonNode test) {
        if (test.isArray()) {
            List<String> parts = new ArrayList<>();
            test.forEach(p -> parts.add(p.asText()));
            return String.join(" ", parts);
        }
        return test.asText("");
    }

    /** Whether a compose ports entry (short or long syntax) publishes container port 9000, alone or in a range. */
    static boolean publishesManagementPort(JsonNode port) {
        String container;
        if (port.isObject()) {
            container = port.path("target").asText();
        } else {
            String text = port.asText();
            if (text.startsWith("[")) { // [::1]:HOST:CONTAINER
                text = text.substring(text.indexOf(']') + 2);
            }
            String[] parts = text.split(":");
            container = parts[parts.length - 1];
        }
        container = container.replaceAll("/(tcp|udp|sctp)$", "");
        String[] range = container.split("-");
        try {
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            return from <= PORT && PORT <= to;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ helpers

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
}

package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.deploy.Yaml.Doc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every call a service's configuration makes to another workload of the rendering (an http URL naming a Service, e.g.
 * INTAKE_SUPERVISION_URL, SUPERVISION_RETENTION_INTAKE_URL; the token endpoint of its own identity) is let through by
 * the NetworkPolicies: the caller's policies let it out to the callee's pods on the callee's container port, and the
 * callee's policies (if any select it) admit the caller there. A call the policies drop fails only at run time, and for
 * a nightly job (retention) only once cases are due: so the wiring is checked here.
 */
final class ServiceCalls {

    private static final Pattern URL = Pattern.compile("https?://([a-z0-9-]+)(?::(\\d+))?(/.*)?");

    private ServiceCalls() {
    }

    /** A callee: the labels of its pods and the port its pods listen on. */
    record Callee(String name, JsonNode podLabels, int port) {
    }

    static void check(List<Doc> docs, BiConsumer<Doc, String> problem) {
        for (Doc caller : docs) {
            if (!ManifestValidator.isService(caller)) {
                continue;
            }
            JsonNode callerLabels = podLabels(caller);
            for (Map.Entry<String, String> e : configuration(docs, caller).entrySet()) {
                Optional<Callee> callee = callee(docs, e.getValue());
                if (callee.isEmpty() || selects(callee.get().podLabels(), callerLabels)) {
                    continue;
                }
                Callee c = callee.get();
                List<Doc> callerPolicies = policies(docs, callerLabels, "Egress");
                if (!callerPolicies.isEmpty() && callerPolicies.stream().noneMatch(p -> admits(p, "egress", "to", c.podLabels(), c.port()))) {
                    problem.accept(callerPolicies.get(0), "does not let " + caller.name() + " out to " + c.name() + " on " + c.port()
                            + ", which it calls (" + e.getKey() + " " + e.getValue() + ")");
                }
                List<Doc> calleePolicies = policies(docs, c.podLabels(), "Ingress");
                if (!calleePolicies.isEmpty() && calleePolicies.stream().noneMatch(p -> admits(p, "ingress", "from", callerLabels, c.port()))) {
                    problem.accept(calleePolicies.get(0), "does not admit " + caller.name() + " to " + c.name() + " on " + c.port()
                            + ", which " + caller.name() + " calls (" + e.getKey() + " " + e.getValue() + ")");
                }
            }
        }
    }

    /** The environment of a service's first container: its ConfigMaps' data and its literal env values. */
    static Map<String, String> configuration(List<Doc> docs, Doc deployment) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode container = ManifestValidator.podSpec(deployment).path("containers").path(0);
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText(null);
            docs.stream().filter(d -> d.kind().equals("ConfigMap") && d.name().equals(cm)).findFirst()
                    .ifPresent(d -> d.node().path("data").fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText())));
        }
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                values.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return values;
    }

    /**
     * What an URL points at: a Service of the rendering (its selector, the container port its port targets), or the
     * Service the Keycloak operator makes for a Keycloak resource (<name>-service, pods labelled app: keycloak).
     */
    static Optional<Callee> callee(List<Doc> docs, String value) {
        Matcher m = URL.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String host = m.group(1);
        Integer urlPort = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        for (Doc keycloak : docs) {
            if (keycloak.kind().equals("Keycloak") && host.equals(keycloak.name() + "-service")) {
                ObjectNode labels = Yaml.JSON.createObjectNode().put("app", "keycloak");
                return Optional.of(new Callee(host, labels, urlPort == null ? 8080 : urlPort));
            }
        }
        Optional<Doc> service = docs.stream().filter(d -> d.kind().equals("Service") && d.name().equals(host)).findFirst();
        if (service.isEmpty()) {
            return Optional.empty();
        }
        JsonNode selector = service.get().node().path("spec").path("selector");
        Optional<Doc> pods = docs.stream().filter(d -> ManifestValidator.podSpec(d).has("containers"))
                .filter(d -> selects(selector, podLabels(d))).findFirst();
        if (pods.isEmpty()) {
            return Optional.empty(); // reported by ManifestValidator
        }
        for (JsonNode port : service.get().node().path("spec").path("ports")) {
            if (urlPort != null && port.path("port").asInt() != urlPort) {
                continue;
            }
            JsonNode target = port.path("targetPort").isMissingNode() ? port.path("port") : port.path("targetPort");
            for (JsonNode c : ManifestValidator.podSpec(pods.get()).path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    if (target.isInt() ? p.path("containerPort").asInt() == target.asInt() : p.path("name").asText().equals(target.asText())) {
                        return Optional.of(new Callee(host, podLabels(pods.get()), p.path("containerPort").asInt()));
                    }
                }
            }
            if (target.isInt()) {
                return Optional.of(new Callee(host, podLabels(pods.get()), target.asInt()));
            }
        }
        return Optional.empty();
    }

    /** The NetworkPolicies that select the pods and restrict the direction (Ingress, or Egress). */
    static List<Doc> policies(List<Doc> docs, JsonNode podLabels, String direction) {
        List<Doc> policies = new ArrayList<>();
        for (Doc d : docs) {
            if (!d.kind().equals("NetworkPolicy")) {
                continue;
            }
            JsonNode spec = d.node().path("spec");
            JsonNode types = spec.path("policyTypes");
            boolean restricts = types.isArray() && !types.isEmpty()
                    ? types.toString().contains("\"" + direction + "\"")
                    : direction.equals("Ingress") || spec.has("egress");
            boolean selectsPods = matches(spec.path("podSelector"), podLabels);
            if (restricts && selectsPods) {
                policies.add(d);
            }
        }
        return policies;
    }

    /** Whether a rule of the policy lets the peer's pods (of the same namespace) through on the port. */
    static boolean admits(Doc policy, String rules, String peers, JsonNode peerLabels, int port) {
        for (JsonNode rule : policy.node().path("spec").path(rules)) {
            boolean portOk = !rule.has("ports") || rule.path("ports").isEmpty();
            for (JsonNode p : rule.path("ports")) {
                JsonNode number = p.path("port");
                int end = p.path("endPort").asInt(number.asInt());
                if (number.isMissingNode() || number.isInt() && number.asInt() <= port && port <= end) {
                    portOk = true;
                }
            }
            if (!portOk) {
                continue;
            }
            if (!rule.has(peers) || rule.path(peers).isEmpty()) {
                return true;
            }
            for (JsonNode peer : rule.path(peers)) {
                if (peer.has("namespaceSelector") || peer.has("ipBlock")) {
                    continue; // other namespaces or addresses; the services talk within their own namespace
                }
                if (matches(peer.path("podSelector"), peerLabels)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A LabelSelector (matchLabels and matchExpressions; empty = every pod) against a pod's labels. */
    static boolean matches(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.path("matchLabels");
        if (!matchLabels.isEmpty() && !selects(matchLabels, labels)) {
            return false;
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode podLabels(Doc doc) {
        JsonNode spec = doc.node().path("spec");
        if (doc.kind().equals("Pod")) {
            return doc.node().path("metadata").path("labels");
        }
        if (doc.kind().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("metadata").path("labels");
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
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

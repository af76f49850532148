package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What docker-compose.yml must hold beyond a valid syntax: health-gated start-up (every
 * service_healthy dependency has a healthcheck, every service waits on conditions), images pulled
 * rather than built, each service's environment covering its required configuration with secrets
 * only from the env file, topics created from the contract's list with auto-creation off, every
 * published port but the console's bound to 127.0.0.1, the management port (9000) published nowhere and asked by
 * every healthcheck and by Prometheus, Swagger UI off, no static service token, and each service that calls another
 * one with its own Keycloak client, whose secret the realm import shares.
 */
final class ComposeChecks {

    private static final Pattern SECRETISH = Pattern.compile(".*(PASSWORD|SECRET|_KEY|TOKEN).*");

    private ComposeChecks() {
    }

    static List<String> check(Path composeFile) {
        List<String> problems = new ArrayList<>();
        JsonNode compose = Yaml.tree(composeFile);
        JsonNode services = compose.path("services");
        if (!services.isObject() || services.isEmpty()) {
            problems.add("no services");
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            if (service.has("build")) {
                problems.add(name + ": builds an image; the compose file runs published images only");
            }
            String image = service.path("image").asText();
            if (image.isEmpty() || !image.contains(":") || image.endsWith(":latest")) {
                problems.add(name + ": image '" + image + "' has no fixed tag");
            }
            dependencies(name, service, services, problems);
            ports(name, service, problems);
            Map<String, String> env = environment(service.path("environment"));
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (SECRETISH.matcher(e.getKey()).matches() && !e.getKey().endsWith("_ENDPOINT") && !e.getValue().contains("${")) {
                    problems.add(name + ": " + e.getKey() + " is a literal; secrets come from the env file (${" + e.getKey() + ":?...})");
                }
            }
            if (Repo.APPLICATIONS.contains(name)) {
                for (String required : RequiredConfig.required(name)) {
                    if (!env.containsKey(required)) {
                        problems.add(name + ": does not set " + required + ", which docs/configuration.md's table requires");
                    }
                }
                RequiredConfig.policy(name, env, env.keySet()).forEach(p -> problems.add(name + ": " + p));
                for (String variable : env.keySet()) {
                    if (!RequiredConfig.known(name, variable) && !RequiredConfig.STATIC_SERVICE_TOKENS.contains(variable)) {
                        problems.add(name + ": sets " + variable + ", which docs/configuration.md does not document for it");
                    }
                }
                String applicationId = env.get("QUARKUS_KAFKA_STREAMS_APPLICATION_ID");
                if (applicationId != null && !applicationId.equals(name)) {
                    problems.add(name + ": QUARKUS_KAFKA_STREAMS_APPLICATION_ID " + applicationId
                            + " is not the service's name (its consumer group and internal-topic prefix)");
                }
                if (!service.has("depends_on")) {
                    problems.add(name + ": starts without waiting for its dependencies (depends_on with conditions)");
                }
            }
        }
        for (String service : Repo.APPLICATIONS) {
            if (!services.has(service)) {
                problems.add("no service " + service);
            }
        }
        topics(composeFile, services, problems);
        identities(composeFile, services, problems);
        ManagementPort.compose(composeFile, services, problems);
        return problems;
    }

    /** Only the console is for other machines; everything else is published on this host's loopback only. */
    static final String LOOPBACK = "127.0.0.1";

    private static void ports(String name, JsonNode service, List<String> problems) {
        for (JsonNode port : service.path("ports")) {
            String hostIp = hostIp(port);
            if (!LOOPBACK.equals(hostIp) && !Repo.CONSOLE.equals(name)) {
                problems.add(name + ": publishes " + (port.isTextual() ? port.asText() : port.toString())
                        + " on every interface; bind it to " + LOOPBACK + " (\"" + LOOPBACK + ":HOST:CONTAINER\"): only the console is for other machines");
            }
        }
    }

    /** The host address a published port binds to ("127.0.0.1:8081:8081", or host_ip in the long syntax), or null for all. */
    static String hostIp(JsonNode port) {
        if (port.isObject()) {
            return port.path("host_ip").asText(null);
        }
        String text = port.asText();
        if (text.startsWith("[")) { // [::1]:8081:8081
            return text.substring(1, text.indexOf(']'));
        }
        String[] parts = text.split(":");
        return parts.length == 3 ? parts[0] : null;
    }

    /**
     * A service with its own identity (PETITIONS_SERVICE_IDENTITY_*) gets its tokens from Keycloak with its client's
     * secret: the realm the keycloak service imports must have that client, with the same ${VAR} for its secret, and
     * the keycloak service must be given VAR.
     */
    private static void identities(Path composeFile, JsonNode services, List<String> problems) {
        Map<String, JsonNode> realms = new LinkedHashMap<>();
        Map<String, String> keycloakEnv = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            for (JsonNode volume : entry.getValue().path("volumes")) {
                String[] parts = volume.asText().split(":");
                if (parts.length >= 2 && parts[1].startsWith("/opt/keycloak/data/import/") && parts[0].endsWith(".json")) {
                    Path file = composeFile.getParent().resolve(parts[0]).normalize();
                    if (file.toFile().isFile()) {
                        try {
                            realms.put(entry.getKey(), Yaml.JSON.readTree(file.toFile()));
                        } catch (java.io.IOException e) {
                            problems.add(entry.getKey() + ": the realm " + parts[0] + " is no JSON: " + e.getMessage());
                            continue;
                        }
                        keycloakEnv.putAll(environment(entry.getValue().path("environment")));
                    }
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Map<String, String> env = environment(entry.getValue().path("environment"));
            String clientId = env.get(RequiredConfig.IDENTITY_CLIENT_ID);
            String secret = env.get(RequiredConfig.IDENTITY_CLIENT_SECRET);
            if (clientId == null || secret == null) {
                continue;
            }
            String name = entry.getKey();
            if (realms.isEmpty()) {
                problems.add(name + ": has a Keycloak client identity, but no service imports a realm (/opt/keycloak/data/import)");
                continue;
            }
            java.util.regex.Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[?-].*)?}").matcher(secret);
            if (!variable.matches()) {
                continue; // reported as a literal secret above
            }
            String var = variable.group(1);
            for (JsonNode realm : realms.values()) {
                JsonNode client = null;
                for (JsonNode c : realm.path("clients")) {
                    if (c.path("clientId").asText().equals(clientId)) {
                        client = c;
                    }
                }
                if (client == null) {
                    problems.add(name + ": its client " + clientId + " is not in the imported realm");
                } else if (!("${" + var + "}").equals(client.path("secret").asText())) {
                    problems.add(name + ": its client secret ${" + var + "} is not the one the realm gives client " + clientId
                            + " (" + (client.has("secret") ? client.path("secret").asText() : "generated by Keycloak") + ")");
                }
            }
            if (!keycloakEnv.containsKey(var)) {
                problems.add(name + ": Keycloak is not given " + var + ", which the realm's client " + clientId + " needs as its secret");
            }
        }
    }

    private static void dependencies(String name, JsonNode service, JsonNode services, List<String> problems) {
        JsonNode dependsOn = service.path("depends_on");
        if (dependsOn.isArray() && !dependsOn.isEmpty()) {
            problems.add(name + ": depends_on without conditions starts it before its dependencies are ready");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = dependsOn.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> dep = it.next();
            JsonNode target = services.path(dep.getKey());
            String condition = dep.getValue().path("condition").asText("service_started");
            if (target.isMissingNode()) {
                problems.add(name + ": depends on " + dep.getKey() + ", which is no service");
                continue;
            }
            switch (condition) {
                case "service_healthy" -> {
                    JsonNode healthcheck = target.path("healthcheck");
                    if (healthcheck.isMissingNode() || healthcheck.path("disable").asBoolean(false) || healthcheck.path("test").isMissingNode()) {
                        problems.add(name + ": waits for " + dep.getKey() + " to be healthy, but " + dep.getKey() + " has no healthcheck");
                    }
                }
                case "service_completed_successfully" -> {
                    String restart = target.path("restart").asText("no");
                    if (!restart.equals("no") && !restart.equals("on-failure")) {
                        problems.add(name + ": waits for " + dep.getKey() + " to complete, but it restarts " + restart);
                    }
                }
                default -> problems.add(name + ": depends on " + dep.getKey() + " with condition " + condition
                        + "; use service_healthy (or service_completed_successfully for a one-off job)");
            }
        }
    }

    /** The topics: auto-creation off on the broker, and created from infra/kafka/topics.txt, which matches the contract. */
    private static void topics(Path composeFile, JsonNode services, List<String> problems) {
        boolean autoCreateOff = false;
        boolean topicsCreated = false;
        for (JsonNode service : services) {
            Map<String, String> env = environment(service.path("environment"));
            if ("false".equals(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
                autoCreateOff = true;
            }
            for (JsonNode volume : service.path("volumes")) {
                if (volume.asText().startsWith("./infra/kafka/topics.txt:") && service.toString().contains("kafka-topics.sh")) {
                    topicsCreated = true;
                }
            }
        }
        if (!autoCreateOff) {
            problems.add("the Kafka broker does not set KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
        }
        if (!topicsCreated) {
            problems.add("no init service creates the topics of infra/kafka/topics.txt with kafka-topics.sh");
        }
        Map<String, Integer> listed = topicsTxt(composeFile.getParent().resolve("infra/kafka/topics.txt"));
        if (!listed.equals(new TreeMap<>(Contract.get().partitionsByTopic))) {
            problems.add("infra/kafka/topics.txt " + listed + " differs from the channels of contracts/asyncapi.yaml "
                    + new TreeMap<>(Contract.get().partitionsByTopic));
        }
    }

    static Map<String, Integer> topicsTxt(Path file) {
        Map<String, Integer> topics = new TreeMap<>();
        if (!file.toFile().isFile()) {
            return topics;
        }
        for (String line : Yaml.read(file).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            topics.put(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
        }
        return topics;
    }

    static Map<String, String> environment(JsonNode environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        } else if (environment.isArray()) {
            for (JsonNode item : environment) {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    /** Every ${VAR} the file interpolates, for running docker-compose config without the real env file. */
    static Set<String> interpolatedVariables(String composeText) {
        Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(composeText);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

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
 * only from the env file, and topics created from the contract's list with auto-creation off.
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
            Map<String, String> env = environment(service.path("environment"));
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (SECRETISH.matcher(e.getKey()).matches() && !e.getValue().contains("${")) {
                    problems.add(name + ": " + e.getKey() + " is a literal; secrets come from the env file (${" + e.getKey() + ":?...})");
                }
            }
            if (Repo.APPLICATIONS.contains(name)) {
                for (String required : RequiredConfig.required(name)) {
                    if (!env.containsKey(required)) {
                        problems.add(name + ": does not set " + required + ", which README.md's configuration table requires");
                    }
                }
                for (String variable : env.keySet()) {
                    if (!RequiredConfig.known(name, variable)) {
                        problems.add(name + ": sets " + variable + ", which README.md does not document for it");
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
        return problems;
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

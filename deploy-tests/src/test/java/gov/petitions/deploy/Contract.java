package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What contracts/asyncapi.yaml says about the topics: each channel's address and partitions, and
 * which service sends or receives on it (operations are named after the service, e.g.
 * routingReceivesPetitionRegistered).
 */
final class Contract {

    private static Contract instance;

    final Map<String, Integer> partitionsByTopic = new LinkedHashMap<>();
    final Map<String, Set<String>> sends = new LinkedHashMap<>();
    final Map<String, Set<String>> receives = new LinkedHashMap<>();

    private Contract() {
        JsonNode api = Yaml.tree(Repo.path("contracts/asyncapi.yaml"));
        Map<String, String> addressByChannel = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> channel = it.next();
            String address = channel.getValue().path("address").asText();
            addressByChannel.put(channel.getKey(), address);
            partitionsByTopic.put(address, channel.getValue().path("x-partitions").asInt(1));
        }
        for (String service : Repo.SERVICES) {
            sends.put(service, new TreeSet<>());
            receives.put(service, new TreeSet<>());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("operations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> operation = it.next();
            String service = serviceOf(operation.getKey());
            String ref = operation.getValue().path("channel").path("$ref").asText();
            String topic = addressByChannel.get(ref.substring(ref.lastIndexOf('/') + 1));
            String action = operation.getValue().path("action").asText();
            // a service of the contract that these manifests do not deploy (not in Repo.SERVICES) is still
            // the producer of its topics, so no deployed service may write them
            ("send".equals(action) ? sends : receives).computeIfAbsent(service, s -> new TreeSet<>()).add(topic);
        }
    }

    /** insightSendsHotspotDetected → insight-service: operations are named after their service. */
    private static String serviceOf(String operation) {
        int end = 0;
        while (end < operation.length() && Character.isLowerCase(operation.charAt(end))) {
            end++;
        }
        if (end == 0 || end == operation.length()) {
            throw new IllegalStateException("operation " + operation + " names no service");
        }
        return operation.substring(0, end) + "-service";
    }

    static synchronized Contract get() {
        if (instance == null) {
            instance = new Contract();
        }
        return instance;
    }

    Set<String> topics() {
        return partitionsByTopic.keySet();
    }

    /** The service that sends on the topic, if exactly one does. */
    String producerOf(String topic) {
        return sends.entrySet().stream().filter(e -> e.getValue().contains(topic)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}

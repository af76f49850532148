package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML through SnakeYAML (it resolves the merge keys docker-compose.yml uses), then into Jackson
 * trees, which fabric8's models and the JSON Schema validator take.
 */
final class Yaml {

    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    /** One manifest: a YAML document and where it came from, for messages. */
    record Doc(ObjectNode node, String origin) {

        String apiVersion() {
            return node.path("apiVersion").asText("");
        }

        String kind() {
            return node.path("kind").asText("");
        }

        String name() {
            return node.path("metadata").path("name").asText("");
        }

        String id() {
            return kind() + "/" + name();
        }

        String group() {
            String v = apiVersion();
            return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
        }
    }

    static List<Doc> docs(Path file) {
        return docs(read(file), file.toString());
    }

    static List<Doc> docs(String text, String origin) {
        List<Doc> docs = new ArrayList<>();
        int index = 0;
        for (Object doc : snake().loadAll(text)) {
            index++;
            if (doc == null) {
                continue;
            }
            JsonNode node = JSON.valueToTree(doc);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException(origin + " document " + index + " is not a mapping");
            }
            docs.add(new Doc(object, origin));
        }
        return docs;
    }

    static JsonNode tree(Path file) {
        Object doc = snake().load(read(file));
        return JSON.valueToTree(doc);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static org.yaml.snakeyaml.Yaml snake() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        options.setCodePointLimit(20 * 1024 * 1024);
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
    }
}

package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CRD schemas (OpenAPI v3, as in a CustomResourceDefinition) turned into JSON Schemas that report
 * unknown fields: the API server would silently prune them, which is how a typo in a manifest goes
 * unnoticed until production. Objects with declared properties are closed unless the CRD says
 * x-kubernetes-preserve-unknown-fields; the x-kubernetes-* and OpenAPI-only keywords are dropped.
 */
final class Schemas {

    /** A closed schema and what it is, for messages. */
    record Closed(JsonSchema schema, String label) {

        List<String> validate(JsonNode document) {
            Set<ValidationMessage> messages = schema.validate(document);
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        }
    }

    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "definitions");
    private static final Set<String> SCHEMA_LISTS = Set.of("oneOf", "anyOf", "allOf");
    private static final Set<String> SCHEMA_VALUES = Set.of("items", "additionalProperties", "not");
    private static final Set<String> DROPPED = Set.of("nullable", "format", "example", "externalDocs");

    private Schemas() {
    }

    static Closed fromOpenApi(JsonNode openApiV3Schema, String label) {
        ObjectNode schema = (ObjectNode) close(openApiV3Schema);
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        return new Closed(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema), label);
    }

    /**
     * The schema of a kind no Maven artifact describes (the operators' CRDs of CloudNativePG, the
     * MongoDB community operator, Keycloak): written from their reference documentation in
     * src/test/resources/schemas/GROUP/KIND.yaml, the subset of fields we use, closed the same way.
     */
    static Optional<Closed> operatorSubset(String group, String kind) {
        Path file = Repo.root().resolve("deploy-tests/src/test/resources/schemas").resolve(group).resolve(kind + ".yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(fromOpenApi(Yaml.tree(file), kind + " (" + group + ", subset schema " + Repo.root().relativize(file) + ")"));
    }

    static JsonNode close(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = Yaml.JSON.createObjectNode();
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("x-kubernetes-") || DROPPED.contains(key)) {
                continue;
            }
            if (SCHEMA_MAPS.contains(key) && value.isObject()) {
                ObjectNode map = copy.putObject(key);
                value.fields().forEachRemaining(p -> map.set(p.getKey(), close(p.getValue())));
            } else if (SCHEMA_LISTS.contains(key) && value.isArray()) {
                ArrayNode list = copy.putArray(key);
                value.forEach(v -> list.add(close(v)));
            } else if (SCHEMA_VALUES.contains(key)) {
                copy.set(key, close(value));
            } else {
                copy.set(key, value);
            }
        }
        if (schema.has("properties") && !preserveUnknown && !schema.has("additionalProperties")) {
            copy.put("additionalProperties", false);
        }
        return copy;
    }
}

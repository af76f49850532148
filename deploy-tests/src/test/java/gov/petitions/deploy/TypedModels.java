package gov.petitions.deploy;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import com.fasterxml.jackson.annotation.JsonProperty;
import gov.petitions.deploy.Yaml.Doc;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Built-in kinds (and the Prometheus operator's) parsed into fabric8's typed models. Those models
 * keep what they do not know in additionalProperties instead of failing, so after parsing every
 * object of the graph is asked for its additionalProperties: anything there is a field Kubernetes
 * does not have (a typo, a wrong indentation) and is reported with its path. Quantities are parsed
 * too, so '512MB' or '1 cpu' fail here and not at admission.
 */
final class TypedModels {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private TypedModels() {
    }

    /** The model class of the document's apiVersion and kind, or null when fabric8 has none. */
    static Class<? extends KubernetesResource> modelOf(Doc doc) {
        return SERIALIZATION.getRegisteredKubernetesResource(doc.apiVersion(), doc.kind());
    }

    static List<String> check(Doc doc, Class<? extends KubernetesResource> model) {
        List<String> problems = new ArrayList<>();
        Object typed;
        try {
            typed = SERIALIZATION.convertValue(doc.node(), model);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            problems.add("does not parse as " + model.getSimpleName() + ": " + cause.getMessage().lines().findFirst().orElse(""));
            return problems;
        }
        walk(typed, "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    private static void walk(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value.getClass().isEnum() || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                Quantity.getAmountInBytes(quantity);
            } catch (RuntimeException e) {
                problems.add((path.isEmpty() ? "." : path) + ": '" + quantity + "' is not a quantity");
            }
            return;
        }
        try {
            Method additional = value.getClass().getMethod("getAdditionalProperties");
            Object unknown = additional.invoke(value);
            if (unknown instanceof Map<?, ?> map && !map.isEmpty()) {
                for (Object key : map.keySet()) {
                    problems.add((path.isEmpty() ? "" : path) + "." + key + ": unknown field (not in "
                            + value.getClass().getSimpleName() + ")");
                }
            }
        } catch (NoSuchMethodException e) {
            // a model class without an escape hatch for unknown fields: Jackson would have failed already
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getName().equals("additionalProperties")) {
                    continue;
                }
                JsonProperty json = field.getAnnotation(JsonProperty.class);
                String name = json != null && !json.value().isEmpty() ? json.value() : field.getName();
                try {
                    field.setAccessible(true);
                    walk(field.get(value), path + "." + name, problems, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + "." + field.getName(), e);
                }
            }
        }
    }
}

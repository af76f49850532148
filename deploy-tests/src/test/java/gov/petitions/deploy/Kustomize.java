package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.deploy.Yaml.Doc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a kustomization with {@code kubectl kustomize} (or a standalone {@code kustomize}) when one
 * is on the PATH. Without one, {@link #readWithoutRenderer} still reads what the overlay is made of
 * (its bases' resources and its own, unpatched) and {@link #checkStructure} checks every patch
 * against the resources it must apply to: that much holds without a renderer.
 */
final class Kustomize {

    /** The documents of a kustomization; full = rendered by kustomize, patches applied. */
    record Rendering(List<Doc> docs, boolean full, List<String> problems) {
    }

    private Kustomize() {
    }

    static Optional<List<String>> renderer() {
        Optional<Path> kubectl = Tools.onPath("kubectl");
        if (kubectl.isPresent()) {
            return Optional.of(List.of(kubectl.get().toString(), "kustomize"));
        }
        return Tools.onPath("kustomize").map(k -> List.of(k.toString(), "build"));
    }

    static Rendering render(Path dir) {
        Optional<List<String>> renderer = renderer();
        if (renderer.isEmpty()) {
            return readWithoutRenderer(dir);
        }
        List<String> command = new ArrayList<>(renderer.get());
        command.add(dir.toString());
        Tools.Result result = Tools.run(command, null, Repo.root(), 120);
        if (result.exitCode() != 0) {
            return new Rendering(List.of(), true,
                    List.of(Repo.root().relativize(dir) + ": kustomize failed: " + result.stderr().strip()));
        }
        return new Rendering(Yaml.docs(result.stdout(), "rendered " + Repo.root().relativize(dir)), true, List.of());
    }

    /** The resources the kustomization is made of, unpatched, with its namespace: no renderer here. */
    static Rendering readWithoutRenderer(Path dir) {
        List<String> problems = new ArrayList<>();
        List<Doc> docs = collect(dir, problems);
        return new Rendering(docs, false, problems);
    }

    /**
     * What a renderer would refuse, and more: every resource file and base exists, every patch
     * applies to a resource that exists (by kind and name, or by its target's kind, name and
     * labels), every image override names an image in use. Checked on the files, for every
     * kustomization under dir's chain of bases.
     */
    static List<String> checkStructure(Path dir) {
        List<String> problems = new ArrayList<>();
        collect(dir, problems);
        return problems;
    }

    private static List<Doc> collect(Path dir, List<String> problems) {
        Path file = kustomizationFile(dir);
        String where = Repo.root().relativize(dir).toString();
        if (file == null) {
            problems.add(where + ": no kustomization.yaml");
            return List.of();
        }
        JsonNode k = Yaml.tree(file);
        List<Doc> docs = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            String ref = entry.asText();
            if (ref.contains("://")) {
                problems.add(where + ": remote resource " + ref + " (everything must be in the repository)");
                continue;
            }
            Path target = dir.resolve(ref).normalize();
            if (Files.isDirectory(target)) {
                docs.addAll(collect(target, problems));
            } else if (Files.isRegularFile(target)) {
                docs.addAll(Yaml.docs(target));
            } else {
                problems.add(where + ": resource " + ref + " does not exist");
            }
        }
        for (JsonNode generator : k.path("configMapGenerator")) {
            ObjectNode cm = Yaml.JSON.createObjectNode();
            cm.put("apiVersion", "v1").put("kind", "ConfigMap");
            cm.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = cm.putObject("data");
            for (JsonNode f : generator.path("files")) {
                Path source = dir.resolve(f.asText()).normalize();
                if (!Files.isRegularFile(source)) {
                    problems.add(where + ": configMapGenerator file " + f.asText() + " does not exist");
                } else {
                    data.put(source.getFileName().toString(), Yaml.read(source));
                }
            }
            docs.add(new Yaml.Doc(cm, where + " configMapGenerator"));
        }
        checkPatches(dir, where, k, docs, problems);
        checkImages(where, k, docs, problems);
        if (k.hasNonNull("namespace")) {
            String namespace = k.path("namespace").asText();
            for (Doc doc : docs) {
                if (!"Namespace".equals(doc.kind())) {
                    ((ObjectNode) doc.node().path("metadata")).put("namespace", namespace);
                }
            }
        }
        return docs;
    }

    private static void checkPatches(Path dir, String where, JsonNode k, List<Doc> docs, List<String> problems) {
        List<JsonNode> patches = new ArrayList<>();
        k.path("patches").forEach(patches::add);
        k.path("patchesJson6902").forEach(patches::add);
        for (JsonNode p : k.path("patchesStrategicMerge")) {
            patches.add(Yaml.JSON.createObjectNode().put("path", p.asText()));
        }
        for (JsonNode patch : patches) {
            String body = null;
            String label;
            if (patch.hasNonNull("path")) {
                Path file = dir.resolve(patch.path("path").asText()).normalize();
                label = patch.path("path").asText();
                if (!Files.isRegularFile(file)) {
                    problems.add(where + ": patch " + label + " does not exist");
                    continue;
                }
                body = Yaml.read(file);
            } else {
                body = patch.path("patch").asText(null);
                label = "inline patch on " + patch.path("target");
            }
            if (patch.has("target")) {
                JsonNode target = patch.path("target");
                if (docs.stream().noneMatch(d -> matches(target, d))) {
                    problems.add(where + ": " + label + " targets " + target + ", which matches no resource of the base");
                }
                if (body != null) {
                    checkJsonPatchPaths(where, label, body, docs.stream().filter(d -> matches(target, d)).toList(), problems);
                }
            } else if (body != null) {
                for (Doc doc : Yaml.docs(body, label)) {
                    if (docs.stream().noneMatch(d -> d.kind().equals(doc.kind()) && d.name().equals(doc.name()))) {
                        problems.add(where + ": " + label + " patches " + doc.id() + ", which is no resource of the base");
                    }
                }
            }
        }
    }

    /** A JSON 6902 'replace' or 'remove' needs its path to exist in each resource it applies to. */
    private static void checkJsonPatchPaths(String where, String label, String body, List<Doc> targets, List<String> problems) {
        Object parsed = new org.yaml.snakeyaml.Yaml().load(body);
        if (!(parsed instanceof List<?> operations)) {
            return; // a strategic merge patch with a target
        }
        for (Object o : operations) {
            JsonNode op = Yaml.JSON.valueToTree(o);
            String kind = op.path("op").asText();
            if (!"replace".equals(kind) && !"remove".equals(kind) && !"test".equals(kind)) {
                continue;
            }
            String pointer = op.path("path").asText();
            for (Doc doc : targets) {
                if (doc.node().at(pointer).isMissingNode()) {
                    problems.add(where + ": " + label + " " + kind + "s " + pointer + ", which " + doc.id() + " does not have");
                }
            }
        }
    }

    private static boolean matches(JsonNode target, Doc doc) {
        if (target.hasNonNull("kind") && !target.path("kind").asText().equals(doc.kind())) {
            return false;
        }
        if (target.hasNonNull("name") && !target.path("name").asText().equals(doc.name())) {
            return false;
        }
        if (target.hasNonNull("group") && !target.path("group").asText().equals(doc.group())) {
            return false;
        }
        if (target.hasNonNull("labelSelector")) {
            JsonNode labels = doc.node().path("metadata").path("labels");
            for (String term : target.path("labelSelector").asText().split(",")) {
                String[] kv = term.split("=", 2);
                if (kv.length != 2 || !kv[1].trim().equals(labels.path(kv[0].trim()).asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void checkImages(String where, JsonNode k, List<Doc> docs, List<String> problems) {
        Set<String> inUse = new TreeSet<>();
        for (Doc doc : docs) {
            doc.node().findValues("image").forEach(i -> {
                String image = i.asText();
                int at = image.lastIndexOf(':');
                inUse.add(at > image.lastIndexOf('/') ? image.substring(0, at) : image);
            });
        }
        for (JsonNode image : k.path("images")) {
            if (!inUse.contains(image.path("name").asText())) {
                problems.add(where + ": images entry " + image.path("name").asText() + " matches no container image");
            }
        }
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    /** Documents by kind/name, for lookups. */
    static Map<String, Doc> index(List<Doc> docs) {
        Map<String, Doc> byId = new LinkedHashMap<>();
        docs.forEach(d -> byId.put(d.id(), d));
        return byId;
    }
}

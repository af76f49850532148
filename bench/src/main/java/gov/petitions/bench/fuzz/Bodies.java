package gov.petitions.bench.fuzz;

import gov.petitions.bench.Workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Request bodies from an OpenAPI schema: a valid-looking one, then one of the mutations below. Everything is drawn
 * from the {@link Random} it is given, so one seed, endpoint and index always give the same bytes (replayable).
 */
final class Bodies {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** the body limit the services are configured with (quarkus.http.limits.max-body-size) */
    static final int LIMIT = 256 * 1024;

    enum Mutation {
        VALID, TYPE_SWAP, DUPLICATE_KEY, UNKNOWN_FIELD, NULLS, MISSING_REQUIRED, EMPTY_STRINGS, HUGE_STRING,
        DEEP_NESTING, HUGE_NUMBER, NEGATIVE_NUMBER, INVISIBLE_CHARS, SURROGATE_HALF, BROKEN_UTF8, TRUNCATED,
        NON_JSON_CONTENT_TYPE, WRONG_CONTENT_TYPE, WRONG_TOP_LEVEL, LAX_JSON, COMBINED
    }

    /** one request body: the bytes, the Content-Type header (null: none) and what was done to it */
    record Body(byte[] bytes, String contentType, String mutation) {
    }

    private final JsonNode components;
    private final Workload.Place place;

    /** @param place the province under test and one of its counties: the codes valid-looking bodies carry */
    Bodies(JsonNode openApi, Workload.Place place) {
        this.components = openApi.path("components").path("schemas");
        this.place = place;
    }

    JsonNode resolve(JsonNode schema) {
        int guard = 0;
        while (schema != null && schema.has("$ref") && guard++ < 20) {
            String ref = schema.get("$ref").asText();
            schema = components.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema != null && schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema == null ? F.objectNode() : schema;
    }

    // ------------------------------------------------------------------ valid-looking values

    JsonNode valid(JsonNode schema, String name, Random rnd, int depth) {
        schema = resolve(schema);
        if (schema.has("oneOf") || schema.has("anyOf")) {
            JsonNode options = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
            if (options.size() > 0) return valid(options.get(rnd.nextInt(options.size())), name, rnd, depth);
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            JsonNode e = schema.get("enum");
            // a staff registration's channel: online ones belong to the public endpoint, letters need a letter
            for (JsonNode x : e) if ("WALK_IN".equals(x.asText())) return x;
            return e.get(rnd.nextInt(e.size()));
        }
        String type = type(schema);
        switch (type) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                if (depth > 6) return o;
                // the required fields only (where the schema names them): optional parts often come in pairs that
                // must agree (a letter only for letters), and a valid-looking body should mostly be accepted
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                Iterator<String> names = schema.path("properties").fieldNames();
                while (names.hasNext()) {
                    String p = names.next();
                    JsonNode ps = schema.path("properties").get(p);
                    if (resolve(ps).path("readOnly").asBoolean(false)) continue;
                    if (!required.isEmpty() && !required.contains(p)) continue;
                    o.set(p, valid(ps, p, rnd, depth + 1));
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                int n = Math.max(1, schema.path("minItems").asInt(1));
                for (int i = 0; i < n; i++) a.add(valid(schema.path("items"), singular(name), rnd, depth + 1));
                return a;
            }
            case "integer" -> {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : 1;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : Math.max(min, 5);
                return F.numberNode(min + (max > min ? Math.floorMod(rnd.nextLong(), Math.min(max - min + 1, 10)) : 0));
            }
            case "number" -> {
                double min = schema.has("minimum") ? schema.get("minimum").asDouble() : 1;
                return F.numberNode(min + 1);
            }
            case "boolean" -> {
                return F.booleanNode(rnd.nextBoolean());
            }
            default -> {
                return TextNode.valueOf(text(schema, name, rnd));
            }
        }
    }

    private static String type(JsonNode schema) {
        JsonNode t = schema.get("type");
        if (t != null && t.isArray()) {
            for (JsonNode x : t) if (!"null".equals(x.asText())) return x.asText();
        }
        if (t != null) return t.asText();
        if (schema.has("properties")) return "object";
        if (schema.has("items")) return "array";
        return "string";
    }

    private static String singular(String name) {
        return name != null && name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    private static final String[] NAMES = {"王建国", "李秀英", "张伟", "刘洋", "陈静"};
    private static final String[] SUMMARIES = {"农民工工资拖欠", "征地补偿款未到位", "小区噪音扰民长期未解决", "医保报销被拒", "拆迁安置房质量问题"};

    /** a string the services would take: by format, then by the field's name, then by its length limits */
    private String text(JsonNode schema, String name, Random rnd) {
        String format = schema.path("format").asText("");
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        switch (format) {
            case "uuid" -> {
                return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            }
            case "date" -> {
                return LocalDate.of(2026, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)).toString();
            }
            case "date-time" -> {
                return OffsetDateTime.of(2026, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28), 9, 0, 0, 0, ZoneOffset.ofHours(8)).toString();
            }
            case "email" -> {
                return "fuzz" + rnd.nextInt(1000) + "@example.org";
            }
            case "uri", "url" -> {
                return "https://agency.example.org/hook/" + rnd.nextInt(1000);
            }
            default -> { }
        }
        String s;
        if (n.contains("phone") || n.contains("mobile")) s = "13" + (800000000 + rnd.nextInt(99999999));
        else if (n.contains("email")) s = "fuzz" + rnd.nextInt(1000) + "@example.org";
        else if (n.contains("url") || n.contains("webhook")) s = "https://agency.example.org/hook/" + rnd.nextInt(1000);
        else if (n.equals("categorycode") || n.equals("category")) s = "labour-wages";
        else if (n.contains("locationcode") || n.contains("divisioncode") || n.equals("location")) s = place.county();
        else if (n.contains("unitcode") || n.equals("unit") || n.contains("targetunit")) s = place.bureau();
        else if (n.contains("jurisdiction")) s = place.province();
        else if (n.contains("trackingnumber")) s = "XF" + LocalDate.of(2026, 12, 4).toString().replace("-", "") + String.format("%09d", rnd.nextInt(1_000_000_000));
        else if (n.contains("querycode")) s = String.format("%012d", Math.floorMod(rnd.nextLong(), 1_000_000_000_000L));
        else if (n.contains("idnumber") || n.contains("idcard")) s = place.county() + "19800101" + String.format("%04d", rnd.nextInt(10000));
        else if (n.contains("name")) s = NAMES[rnd.nextInt(NAMES.length)];
        else if (n.contains("summary") || n.contains("text") || n.contains("content") || n.contains("reason")
                || n.contains("note") || n.contains("comment") || n.contains("body") || n.contains("reply")) s = SUMMARIES[rnd.nextInt(SUMMARIES.length)];
        else if (n.contains("date")) s = LocalDate.of(2026, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)).toString();
        else if (n.endsWith("id")) s = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        else s = "值" + rnd.nextInt(1000);
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        StringBuilder b = new StringBuilder(s);
        while (b.length() < min) b.append('x');
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    // ------------------------------------------------------------------ mutations

    Body generate(JsonNode schema, Random rnd) {
        Mutation m = pick(rnd);
        JsonNode valid = valid(schema, "", rnd, 0);
        return mutate(m, valid, resolve(schema), rnd, 0);
    }

    private static Mutation pick(Random rnd) {
        // one in eight valid: enough 2xx for the event accounting, most of the budget on hostile input
        if (rnd.nextInt(8) == 0) return Mutation.VALID;
        Mutation[] all = Mutation.values();
        return all[1 + rnd.nextInt(all.length - 1)];
    }

    private Body mutate(Mutation m, JsonNode valid, JsonNode schema, Random rnd, int level) {
        String json = "application/json";
        switch (m) {
            case VALID -> {
                return new Body(bytes(valid), json, "valid");
            }
            case TYPE_SWAP -> {
                JsonNode copy = valid.deepCopy();
                String where = replaceRandomLeaf(copy, rnd, leaf -> swapType(leaf, rnd));
                return new Body(bytes(copy), json, "type swap at " + where);
            }
            case DUPLICATE_KEY -> {
                if (!(valid instanceof ObjectNode o) || o.isEmpty()) return new Body("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8), json, "duplicate key a");
                List<String> keys = new ArrayList<>();
                o.fieldNames().forEachRemaining(keys::add);
                String key = keys.get(rnd.nextInt(keys.size()));
                JsonNode other = rnd.nextBoolean() ? o.get(key) : swapType(o.get(key), rnd);
                String text = new String(bytes(o), StandardCharsets.UTF_8);
                String dup = quote(key) + ":" + new String(bytes(other), StandardCharsets.UTF_8);
                // before or after the original: first-wins and last-wins parsers both see a duplicate
                String out = rnd.nextBoolean() ? "{" + dup + "," + text.substring(1) : text.substring(0, text.length() - 1) + "," + dup + "}";
                return new Body(out.getBytes(StandardCharsets.UTF_8), json, "duplicate key " + key);
            }
            case UNKNOWN_FIELD -> {
                JsonNode copy = valid.deepCopy();
                String field = rnd.nextInt(4) == 0 ? "__proto__" : rnd.nextInt(3) == 0 ? "id" : "unexpected" + rnd.nextInt(100);
                ObjectNode target = randomObject(copy, rnd);
                if (target == null) return new Body(bytes(copy), json, "unknown field (no object)");
                target.set(field, rnd.nextBoolean() ? TextNode.valueOf("x") : F.objectNode().put("admin", true));
                return new Body(bytes(copy), json, "unknown field " + field);
            }
            case NULLS -> {
                if (rnd.nextInt(5) == 0) return new Body("null".getBytes(StandardCharsets.UTF_8), json, "null body");
                JsonNode copy = valid.deepCopy();
                String where = replaceRandomLeaf(copy, rnd, leaf -> F.nullNode());
                return new Body(bytes(copy), json, "null at " + where);
            }
            case MISSING_REQUIRED -> {
                JsonNode copy = valid.deepCopy();
                if (copy instanceof ObjectNode o && !o.isEmpty()) {
                    List<String> required = new ArrayList<>();
                    schema.path("required").forEach(r -> required.add(r.asText()));
                    if (required.isEmpty()) o.fieldNames().forEachRemaining(required::add);
                    if (rnd.nextInt(4) == 0) {
                        o.remove(required);
                        return new Body(bytes(o), json, "all required missing");
                    }
                    String k = required.get(rnd.nextInt(required.size()));
                    o.remove(k);
                    return new Body(bytes(o), json, "missing " + k);
                }
                return new Body("{}".getBytes(StandardCharsets.UTF_8), json, "missing everything");
            }
            case EMPTY_STRINGS -> {
                JsonNode copy = valid.deepCopy();
                if (rnd.nextBoolean()) {
                    String where = replaceRandomLeaf(copy, rnd, leaf -> TextNode.valueOf(rnd.nextBoolean() ? "" : "   "));
                    return new Body(bytes(copy), json, "empty string at " + where);
                }
                mapStrings(copy, s -> "");
                return new Body(bytes(copy), json, "every string empty");
            }
            case HUGE_STRING -> {
                int[] sizes = {4_096, 65_536, LIMIT - 200, LIMIT - 1, LIMIT, LIMIT + 1, 300_000, 1_048_576, 3_000_000};
                int size = sizes[rnd.nextInt(sizes.length)];
                JsonNode copy = valid.deepCopy();
                String fill = rnd.nextBoolean() ? "a" : "诉";
                int chars = fill.equals("a") ? size : size / 3;
                String where = replaceRandomLeaf(copy, rnd, leaf -> TextNode.valueOf(fill.repeat(Math.max(1, chars))));
                return new Body(bytes(copy), json, "huge string (" + size + " bytes) at " + where);
            }
            case DEEP_NESTING -> {
                int[] depths = {64, 500, 1_001, 5_000, 100_000};
                int d = depths[rnd.nextInt(depths.length)];
                boolean arrays = rnd.nextBoolean();
                String open = arrays ? "[" : "{\"a\":";
                String close = arrays ? "]" : "}";
                String nest = open.repeat(d) + "1" + close.repeat(d);
                String text = new String(bytes(valid), StandardCharsets.UTF_8);
                String out;
                if (valid instanceof ObjectNode o && !o.isEmpty() && rnd.nextBoolean()) {
                    String k = o.fieldNames().next();
                    out = "{" + quote(k) + ":" + nest + "," + text.substring(1);
                } else {
                    out = nest;
                }
                return new Body(out.getBytes(StandardCharsets.UTF_8), json, "nesting depth " + d + (arrays ? " (arrays)" : " (objects)"));
            }
            case HUGE_NUMBER -> {
                String[] numbers = {"1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808",
                        "2147483648", "1.7976931348623157E309", "0.0000000000000000000000000000001e-400", "1" + "0".repeat(5000),
                        "1e999999999"};
                String n = numbers[rnd.nextInt(numbers.length)];
                return rawLeaf(valid, rnd, n, "huge number " + (n.length() > 40 ? n.substring(0, 20) + "…" : n));
            }
            case NEGATIVE_NUMBER -> {
                String[] numbers = {"-1", "0", "-0", "-2147483649", "-9223372036854775809", "-0.5", "-1e3"};
                String n = numbers[rnd.nextInt(numbers.length)];
                return rawLeaf(valid, rnd, n, "negative number " + n);
            }
            case INVISIBLE_CHARS -> {
                String[] chars = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u202E", "\u202A", "\u2066", "\u2069",
                        "\u061C", "\u00AD", "\u180E", new String(Character.toChars(0xE0041)), new String(Character.toChars(0xE007F)),
                        "\uE000", new String(Character.toChars(0xF0000)), "\u0000", "\u001B", "\u0085", "\u2028"};
                String c = chars[rnd.nextInt(chars.length)];
                JsonNode copy = valid.deepCopy();
                boolean only = rnd.nextInt(4) == 0;
                String where = replaceRandomString(copy, rnd, s -> only ? c.repeat(3) : insertAt(s, c, rnd));
                return new Body(bytes(copy), json, String.format("invisible U+%04X%s at %s", c.codePointAt(0), only ? " only" : "", where));
            }
            case SURROGATE_HALF -> {
                String[] halves = {"\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d"};
                String h = halves[rnd.nextInt(halves.length)];
                return rawString(valid, rnd, h, "surrogate half " + h);
            }
            case BROKEN_UTF8 -> {
                byte[][] broken = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xE8, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
                byte[] b = broken[rnd.nextInt(broken.length)];
                String marker = "\u0001MARK\u0001";
                JsonNode copy = valid.deepCopy();
                String where = replaceRandomString(copy, rnd, s -> insertAt(s, marker, rnd));
                byte[] text = bytes(copy);
                byte[] needle = bytes(TextNode.valueOf(marker));
                byte[] inner = java.util.Arrays.copyOfRange(needle, 1, needle.length - 1);
                return new Body(replace(text, inner, b), json, "broken UTF-8 " + hex(b) + " at " + where);
            }
            case TRUNCATED -> {
                byte[] text = bytes(valid);
                int cut = text.length <= 1 ? 0 : rnd.nextInt(text.length - 1);
                return new Body(java.util.Arrays.copyOf(text, cut), json, "truncated at " + cut + "/" + text.length);
            }
            case NON_JSON_CONTENT_TYPE -> {
                return switch (rnd.nextInt(5)) {
                    case 0 -> new Body("summary=x&categoryCode=labour-wages".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", "form body");
                    case 1 -> new Body("<petition><summary>x</summary></petition>".getBytes(StandardCharsets.UTF_8), "application/xml", "XML body");
                    case 2 -> new Body(("--b\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\nx\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8),
                            "multipart/form-data; boundary=b", "multipart body");
                    case 3 -> {
                        byte[] r = new byte[1 + rnd.nextInt(2048)];
                        rnd.nextBytes(r);
                        yield new Body(r, "application/octet-stream", "random bytes");
                    }
                    default -> new Body("just text".getBytes(StandardCharsets.UTF_8), "text/plain", "plain text");
                };
            }
            case WRONG_CONTENT_TYPE -> {
                String[] types = {null, "text/plain", "application/xml", "application/json; charset=ISO-8859-1", "application/json; charset=UTF-16",
                        "application/problem+json", "application/json-patch+json", "*/*", "a/b/c", "application/x-www-form-urlencoded", ""};
                String t = types[rnd.nextInt(types.length)];
                return new Body(bytes(valid), t, "valid JSON as Content-Type " + t);
            }
            case WRONG_TOP_LEVEL -> {
                String[] tops = {"[]", "[" + new String(bytes(valid), StandardCharsets.UTF_8) + "]", "\"x\"", "42", "true", "", " ", "{}", "{}{}",
                        new String(bytes(valid), StandardCharsets.UTF_8) + " trailing"};
                String t = tops[rnd.nextInt(tops.length)];
                return new Body(t.getBytes(StandardCharsets.UTF_8), json, "top level " + (t.length() > 20 ? t.substring(0, 20) + "…" : t));
            }
            case LAX_JSON -> {
                String text = new String(bytes(valid), StandardCharsets.UTF_8);
                return switch (rnd.nextInt(6)) {
                    case 0 -> new Body(("/* c */" + text).getBytes(StandardCharsets.UTF_8), json, "comment");
                    case 1 -> new Body(text.replace('"', '\'').getBytes(StandardCharsets.UTF_8), json, "single quotes");
                    case 2 -> new Body((text.length() > 2 ? text.substring(0, text.length() - 1) + ",}" : "{,}").getBytes(StandardCharsets.UTF_8), json, "trailing comma");
                    case 3 -> new Body(concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)), json, "BOM prefix");
                    case 4 -> rawLeaf(valid, rnd, rnd.nextBoolean() ? "NaN" : "Infinity", "NaN/Infinity literal");
                    default -> new Body(text.replaceFirst("\"([A-Za-z]+)\":", "$1:").getBytes(StandardCharsets.UTF_8), json, "unquoted key");
                };
            }
            case COMBINED -> {
                Mutation[] inner = {Mutation.TYPE_SWAP, Mutation.UNKNOWN_FIELD, Mutation.NULLS, Mutation.MISSING_REQUIRED,
                        Mutation.EMPTY_STRINGS, Mutation.INVISIBLE_CHARS};
                JsonNode copy = valid;
                StringBuilder what = new StringBuilder("combined:");
                for (int i = 0; i < 2 + rnd.nextInt(2); i++) {
                    Mutation x = inner[rnd.nextInt(inner.length)];
                    Body b = mutate(x, copy, schema, rnd, level + 1);
                    try {
                        copy = JSON.readTree(b.bytes());
                    } catch (Exception e) {
                        break;
                    }
                    what.append(' ').append(b.mutation()).append(';');
                }
                return new Body(bytes(copy), json, what.toString());
            }
            default -> throw new IllegalStateException(m.name());
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return new String(bytes(TextNode.valueOf(s)), StandardCharsets.UTF_8);
    }

    private static JsonNode swapType(JsonNode leaf, Random rnd) {
        if (leaf == null) return F.numberNode(1);
        if (leaf.isTextual()) return rnd.nextBoolean() ? F.numberNode(123) : rnd.nextBoolean() ? F.booleanNode(true) : F.arrayNode().add(leaf);
        if (leaf.isNumber()) return rnd.nextBoolean() ? TextNode.valueOf(leaf.asText()) : F.objectNode();
        if (leaf.isBoolean()) return rnd.nextBoolean() ? TextNode.valueOf("yes") : F.numberNode(1);
        if (leaf.isArray()) return rnd.nextBoolean() ? TextNode.valueOf("[]") : F.objectNode();
        if (leaf.isObject()) return rnd.nextBoolean() ? TextNode.valueOf("{}") : F.arrayNode();
        return TextNode.valueOf("x");
    }

    interface LeafFn {
        JsonNode apply(JsonNode leaf);
    }

    interface StrFn {
        String apply(String s);
    }

    /** replaces one value somewhere in the tree (or the root's first field); returns its JSON path */
    private static String replaceRandomLeaf(JsonNode root, Random rnd, LeafFn fn) {
        List<Object[]> slots = new ArrayList<>();
        collect(root, "$", slots, false);
        if (slots.isEmpty()) return "(none)";
        Object[] slot = slots.get(rnd.nextInt(slots.size()));
        JsonNode parent = (JsonNode) slot[0];
        if (parent instanceof ObjectNode o) o.set((String) slot[1], fn.apply(o.get((String) slot[1])));
        else ((ArrayNode) parent).set((Integer) slot[1], fn.apply(parent.get((Integer) slot[1])));
        return (String) slot[2];
    }

    private static String replaceRandomString(JsonNode root, Random rnd, StrFn fn) {
        List<Object[]> slots = new ArrayList<>();
        collect(root, "$", slots, true);
        if (slots.isEmpty()) {
            if (root instanceof ObjectNode o) {
                o.put("text", fn.apply("x"));
                return "$.text (added)";
            }
            return "(none)";
        }
        Object[] slot = slots.get(rnd.nextInt(slots.size()));
        JsonNode parent = (JsonNode) slot[0];
        if (parent instanceof ObjectNode o) o.put((String) slot[1], fn.apply(o.get((String) slot[1]).asText()));
        else ((ArrayNode) parent).set((Integer) slot[1], TextNode.valueOf(fn.apply(parent.get((Integer) slot[1]).asText())));
        return (String) slot[2];
    }

    private static void collect(JsonNode node, String path, List<Object[]> out, boolean stringsOnly) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                String p = path + "." + e.getKey();
                if (!stringsOnly || e.getValue().isTextual()) out.add(new Object[]{o, e.getKey(), p});
                collect(e.getValue(), p, out, stringsOnly);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                if (!stringsOnly || a.get(i).isTextual()) out.add(new Object[]{a, i, p});
                collect(a.get(i), p, out, stringsOnly);
            }
        }
    }

    private static ObjectNode randomObject(JsonNode root, Random rnd) {
        List<ObjectNode> objects = new ArrayList<>();
        objects(root, objects);
        return objects.isEmpty() ? null : objects.get(rnd.nextInt(objects.size()));
    }

    private static void objects(JsonNode n, List<ObjectNode> out) {
        if (n instanceof ObjectNode o) out.add(o);
        n.elements().forEachRemaining(c -> objects(c, out));
    }

    private static void mapStrings(JsonNode n, StrFn fn) {
        if (n instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (o.get(k).isTextual()) o.put(k, fn.apply(o.get(k).asText()));
                else mapStrings(o.get(k), fn);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(fn.apply(a.get(i).asText())));
                else mapStrings(a.get(i), fn);
            }
        }
    }

    private static String insertAt(String s, String c, Random rnd) {
        int at = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
        // never between the halves of a pair already in the string
        if (at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))) at--;
        return s.substring(0, at) + c + s.substring(at);
    }

    /** a raw JSON token (a number Jackson would not write) in place of one value */
    private Body rawLeaf(JsonNode valid, Random rnd, String token, String what) {
        String marker = "\u0001RAW\u0001";
        JsonNode copy = valid.deepCopy();
        String where = replaceRandomLeaf(copy, rnd, leaf -> TextNode.valueOf(marker));
        String text = new String(bytes(copy), StandardCharsets.UTF_8);
        String q = quote(marker);
        text = text.contains(q) ? text.replace(q, token) : token;
        return new Body(text.getBytes(StandardCharsets.UTF_8), "application/json", what + " at " + where);
    }

    /** a raw escape sequence inside one string value */
    private Body rawString(JsonNode valid, Random rnd, String escape, String what) {
        String marker = "\u0001ESC\u0001";
        JsonNode copy = valid.deepCopy();
        String where = replaceRandomString(copy, rnd, s -> insertAt(s, marker, rnd));
        String text = new String(bytes(copy), StandardCharsets.UTF_8);
        String q = quote(marker);
        String inner = q.substring(1, q.length() - 1);
        text = text.contains(inner) ? text.replace(inner, escape) : "\"" + escape + "\"";
        return new Body(text.getBytes(StandardCharsets.UTF_8), "application/json", what + " at " + where);
    }

    private static byte[] replace(byte[] text, byte[] needle, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + with.length);
        int i = 0;
        boolean done = false;
        while (i < text.length) {
            if (!done && i + needle.length <= text.length && java.util.Arrays.equals(text, i, i + needle.length, needle, 0, needle.length)) {
                out.write(with, 0, with.length);
                i += needle.length;
                done = true;
            } else {
                out.write(text[i++]);
            }
        }
        if (!done) return concat(text, with);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02X", x & 0xff));
        return s.toString();
    }
}

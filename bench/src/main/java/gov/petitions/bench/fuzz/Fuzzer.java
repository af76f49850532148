package gov.petitions.bench.fuzz;

import gov.petitions.bench.Workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./petitions fuzz}: every POST and PUT of every service, found in the services' OpenAPI documents (management
 * port, {@code /q/openapi?format=json}), gets {@code --per-endpoint} generated bodies ({@link Bodies}), each from
 * {@code Random(seed, endpoint, index)} so that a seed replays the same bytes. Checks: no 5xx, no dropped connection,
 * no answer slower than {@code --time-limit-ms}, every 4xx an RFC 9457 problem+json, and per endpoint the events on
 * the topics before and after (a refused request publishes nothing; a registration publishes exactly one
 * petition.registered). Writes {@code <out>.json} and {@code <out>.md}; exits 1 on any failure.
 */
public final class Fuzzer {

    private static final List<String> ROLES = List.of("clerk", "handler", "supervisor", "leader", "admin", "auditor", "service");
    /** The province of the county file (--counties, by default the default deployment's) and one of its counties. */
    private final Workload.Place place;

    private final Map<String, String> opt;
    private final long seed;
    private final int perEndpoint;
    private final int concurrency;
    private final long timeLimitMs;
    private final long maxSecondsPerEndpoint;
    private final HttpClient http;
    private final Tokens tokens;
    private final List<String> petitionIds = new ArrayList<>();
    /** petition id → the unit it was assigned to (case.assigned), for the handler's token */
    private final Map<String, String> unitOf = new HashMap<>();

    private Fuzzer(Map<String, String> opt) throws Exception {
        this.opt = opt;
        this.seed = opt.containsKey("seed") ? Long.parseLong(opt.get("seed")) : new Random().nextLong() & 0xFFFF_FFFFL;
        this.perEndpoint = Integer.parseInt(opt.getOrDefault("per-endpoint", "10000"));
        this.concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "8"));
        this.timeLimitMs = Long.parseLong(opt.getOrDefault("time-limit-ms", "10000"));
        this.maxSecondsPerEndpoint = Long.parseLong(opt.getOrDefault("max-seconds-per-endpoint", "600"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2)).build();
        this.tokens = new Tokens(Path.of(opt.get("sign-key")), opt.get("issuer"));
        this.place = Workload.Place.of(Workload.counties(Workload.countiesFile(opt.get("counties"))));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        System.exit(new Fuzzer(opt).run());
    }

    // ------------------------------------------------------------------ endpoints from OpenAPI

    /** one POST or PUT of one service */
    static final class Endpoint {
        String service;
        int port;
        String method;
        String path;
        Bodies bodies;
        JsonNode schema;
        List<String> declaredRoles = new ArrayList<>();
        List<JsonNode> pathParams = new ArrayList<>();
        List<JsonNode> queryParams = new ArrayList<>();
        boolean secured;
        String role;
        String roleNote = "";
        String url;

        String key() {
            return service + " " + method + " " + path;
        }
    }

    private List<Endpoint> discover(String service, int port) throws Exception {
        int management = port + 1000;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/openapi?format=json"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(service + ": OpenAPI answered " + r.statusCode());
        JsonNode doc = Bodies.JSON.readTree(r.body());
        Bodies bodies = new Bodies(doc, place);
        List<Endpoint> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (String method : List.of("post", "put")) {
                JsonNode op = p.getValue().get(method);
                if (op == null) continue;
                Endpoint e = new Endpoint();
                e.service = service;
                e.port = port;
                e.method = method.toUpperCase();
                e.path = p.getKey();
                e.bodies = bodies;
                JsonNode content = op.path("requestBody").path("content");
                JsonNode media = content.has("application/json") ? content.get("application/json")
                        : content.fields().hasNext() ? content.fields().next().getValue() : null;
                e.schema = media == null ? Bodies.JSON.createObjectNode().put("type", "object") : media.path("schema");
                List<JsonNode> params = new ArrayList<>();
                p.getValue().path("parameters").forEach(params::add);
                op.path("parameters").forEach(params::add);
                for (JsonNode param : params) {
                    if ("path".equals(param.path("in").asText())) e.pathParams.add(param);
                    if ("query".equals(param.path("in").asText()) && param.path("required").asBoolean(false)) e.queryParams.add(param);
                }
                JsonNode security = op.has("security") ? op.get("security") : doc.path("security");
                for (JsonNode requirement : security) {
                    requirement.fields().forEachRemaining(s -> s.getValue().forEach(role -> e.declaredRoles.add(role.asText())));
                    if (requirement.size() > 0) e.secured = true;
                }
                out.add(e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ setup: a few real petitions

    private String sample() {
        return "{\"channel\":\"WALK_IN\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"" + place.county() + "\","
                + "\"summary\":\"农民工工资拖欠（fuzz setup）\",\"personCount\":1,\"petitioner\":{\"name\":\"王建国\",\"phone\":\"13812345678\"}}";
    }

    private void registerSeedPetitions(int intakePort, String bootstrap) throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intakePort + "/petitions"))
                    .header("Authorization", "Bearer " + tokens.bearer("clerk", null, place.province()))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(sample())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException("setup registration answered " + r.statusCode() + ": " + r.body());
            JsonNode body = Bodies.JSON.readTree(r.body());
            String id = body.hasNonNull("id") ? body.get("id").asText() : body.path("petitionId").asText(null);
            if (id == null) id = r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElseThrow();
            petitionIds.add(id);
        }
        // the handler's unit is the one routing assigned: wait for case.assigned of each
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = partitions(c, List.of("case.assigned"));
            c.assign(tps);
            c.seekToBeginning(tps);
            long until = System.currentTimeMillis() + 90_000;
            while (unitOf.size() < petitionIds.size() && System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(500))) {
                    JsonNode ev = Bodies.JSON.readTree(rec.value());
                    String pid = ev.path("petitionId").asText();
                    if (petitionIds.contains(pid)) unitOf.put(pid, ev.path("unit").path("code").asText(place.bureau()));
                }
            }
        }
        // supervision opens the case from case.assigned: give it a moment to be there for the case endpoints
        Thread.sleep(3000);
        log("setup: petitions " + petitionIds + ", assigned to " + unitOf);
    }

    private String unit() {
        return petitionIds.isEmpty() ? place.bureau() : unitOf.getOrDefault(petitionIds.get(0), place.bureau());
    }

    private String bearer(String role) {
        // the handler acts for the unit the cases went to; the others for the province's jurisdiction (and unit)
        if (role == null) return null;
        return switch (role) {
            case "handler" -> tokens.bearer(role, unit(), null);
            case "service" -> tokens.bearer(role, null, null);
            default -> tokens.bearer(role, unit(), place.province());
        };
    }

    private void resolveUrl(Endpoint e) {
        Random rnd = new Random(seed ^ e.key().hashCode());
        String path = e.path;
        for (JsonNode p : e.pathParams) {
            String name = p.path("name").asText();
            JsonNode schema = e.bodies.resolve(p.path("schema"));
            String value;
            if (name.toLowerCase().contains("petition") && !petitionIds.isEmpty()) value = petitionIds.get(0);
            else if ("uuid".equals(schema.path("format").asText())) value = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            else value = e.bodies.valid(schema, name, rnd, 0).asText();
            path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        StringBuilder q = new StringBuilder();
        for (JsonNode p : e.queryParams) {
            String name = p.path("name").asText();
            String value = e.bodies.valid(p.path("schema"), name, rnd, 0).asText();
            q.append(q.isEmpty() ? "?" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        e.url = "http://127.0.0.1:" + e.port + path + q;
    }

    /** the declared roles, else the first role whose valid body is not refused with 401/403 */
    private void chooseRole(Endpoint e) throws Exception {
        List<String> candidates = new ArrayList<>(e.declaredRoles);
        candidates.retainAll(ROLES);
        if (!candidates.isEmpty()) {
            e.role = candidates.get(0);
            e.roleNote = "from OpenAPI " + e.declaredRoles;
            return;
        }
        Random rnd = new Random(seed);
        byte[] body = Bodies.bytes(e.bodies.valid(e.schema, "", rnd, 0));
        int anonymous = send(e, null, body, "application/json").status;
        if (anonymous != 401 && anonymous != 403) {
            e.role = null;
            e.roleNote = "public (answered " + anonymous + " without a token)";
            return;
        }
        for (String role : ROLES) {
            int s = send(e, role, body, "application/json").status;
            if (s != 401 && s != 403) {
                e.role = role;
                e.roleNote = "tried: " + role + " answered " + s;
                return;
            }
        }
        e.role = "admin";
        e.roleNote = "no role admitted (every role 401/403); fuzzed as admin";
    }

    // ------------------------------------------------------------------ sending

    record Outcome(int status, long ms, String contentType, byte[] body, String error, boolean timeout) {
    }

    private Outcome send(Endpoint e, String role, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.url)).timeout(Duration.ofMillis(timeLimitMs))
                .method(e.method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        String token = bearer(role);
        if (token != null) b.header("Authorization", "Bearer " + token);
        b.header("Accept", "application/json, application/problem+json");
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Outcome(r.statusCode(), (System.nanoTime() - t0) / 1_000_000, r.headers().firstValue("Content-Type").orElse(""),
                    r.body(), null, false);
        } catch (HttpTimeoutException ex) {
            return new Outcome(-1, (System.nanoTime() - t0) / 1_000_000, "", new byte[0], "timeout: " + ex.getMessage(), true);
        } catch (IOException ex) {
            return new Outcome(-1, (System.nanoTime() - t0) / 1_000_000, "", new byte[0], ex.getClass().getSimpleName() + ": " + ex.getMessage(), false);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, 0, "", new byte[0], "interrupted", false);
        }
    }

    /** the body of request {@code index} to {@code e}: the same bytes for the same seed, whatever else ran */
    Bodies.Body bodyOf(Endpoint e, int index) {
        long h = seed;
        for (char ch : e.key().toCharArray()) h = h * 1_000_003L + ch;
        return e.bodies.generate(e.schema, new Random(h * 31 + index));
    }

    static final class Stats {
        final AtomicInteger sent = new AtomicInteger();
        final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger c4xx = new AtomicInteger();
        final AtomicInteger c429 = new AtomicInteger();
        final AtomicInteger c5xx = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger overLimit = new AtomicInteger();
        final AtomicInteger notProblem = new AtomicInteger();
        final AtomicLong slowestMs = new AtomicLong();
        volatile String slowest = "";
        volatile String validSample;
        final Map<String, AtomicInteger> okByMutation = new ConcurrentHashMap<>();
        final List<ObjectNode> failures = new ArrayList<>();
        final Map<String, AtomicInteger> failureKinds = new ConcurrentHashMap<>();
        long seconds;
    }

    private Stats fuzz(Endpoint e) throws InterruptedException {
        Stats st = new Stats();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.currentTimeMillis() + maxSecondsPerEndpoint * 1000;
        long t0 = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < perEndpoint && System.currentTimeMillis() < deadline) {
                    try {
                        Bodies.Body body = bodyOf(e, i);
                        Outcome o = send(e, e.role, body.bytes(), body.contentType());
                        record(e, st, i, body, o);
                    } catch (RuntimeException ex) {
                        synchronized (st.failures) {
                            if (st.failures.size() < 10) st.failures.add(Bodies.JSON.createObjectNode().put("kind", "fuzzer error")
                                    .put("index", i).put("error", String.valueOf(ex)));
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(maxSecondsPerEndpoint + 120, TimeUnit.SECONDS);
        st.seconds = Math.max(1, (System.currentTimeMillis() - t0) / 1000);
        return st;
    }

    private void record(Endpoint e, Stats st, int index, Bodies.Body body, Outcome o) {
        st.sent.incrementAndGet();
        if (o.ms > st.slowestMs.get()) {
            st.slowestMs.set(o.ms);
            st.slowest = "#" + index + " " + body.mutation() + " (" + body.bytes().length + " bytes)";
        }
        String failure = null;
        if (body.mutation().equals("valid") && st.validSample == null) {
            st.validSample = o.status + " " + preview(o.body, 200);
        }
        if (o.error != null) {
            if (o.timeout) st.overLimit.incrementAndGet();
            else st.dropped.incrementAndGet();
            failure = o.timeout ? "over time limit" : "dropped";
        } else {
            st.byStatus.computeIfAbsent(o.status, k -> new AtomicInteger()).incrementAndGet();
            if (o.ms > timeLimitMs) {
                st.overLimit.incrementAndGet();
                failure = "over time limit";
            }
            if (o.status / 100 == 2) {
                st.ok.incrementAndGet();
                if (o.status == 201) st.created.incrementAndGet();
                String family = body.mutation().split(" ")[0];
                st.okByMutation.computeIfAbsent(family, k -> new AtomicInteger()).incrementAndGet();
            } else if (o.status == 429) {
                st.c429.incrementAndGet();
                if (!isProblem(o)) {
                    st.notProblem.incrementAndGet();
                    failure = "4xx not problem+json";
                }
            } else if (o.status / 100 == 4) {
                st.c4xx.incrementAndGet();
                if (!isProblem(o)) {
                    st.notProblem.incrementAndGet();
                    failure = "4xx not problem+json";
                }
            } else if (o.status / 100 == 5) {
                st.c5xx.incrementAndGet();
                failure = "5xx";
            }
        }
        if (failure == null) return;
        int n = st.failureKinds.computeIfAbsent(failure + " / " + body.mutation().split(" ")[0], k -> new AtomicInteger()).incrementAndGet();
        synchronized (st.failures) {
            // a few of each kind and mutation family: the report names a replayable body, not thousands of them
            if (n <= 3 && st.failures.size() < 40) {
                ObjectNode f = Bodies.JSON.createObjectNode();
                f.put("kind", failure).put("index", index).put("mutation", body.mutation())
                        .put("requestContentType", body.contentType()).put("requestBytes", body.bytes().length)
                        .put("requestPreview", preview(body.bytes(), 300)).put("status", o.status).put("ms", o.ms)
                        .put("responseContentType", o.contentType).put("responsePreview", preview(o.body, 300));
                if (o.error != null) f.put("error", o.error);
                f.put("replay", "./petitions fuzz --seed " + seed + " --only " + e.service + " --show '" + e.method + " " + e.path + "#" + index + "'");
                st.failures.add(f);
            }
        }
    }

    private static boolean isProblem(Outcome o) {
        if (!o.contentType.toLowerCase().startsWith("application/problem+json")) return false;
        try {
            JsonNode p = Bodies.JSON.readTree(o.body);
            return p.isObject() && (!p.has("status") || p.get("status").asInt() == o.status)
                    && (p.has("title") || p.has("type") || p.has("detail"));
        } catch (Exception ex) {
            return false;
        }
    }

    static String preview(byte[] b, int max) {
        String s = new String(b, 0, Math.min(b.length, max * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(max).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || Character.getType(cp) == Character.FORMAT || cp == 0xFFFD
                    || Character.getType(cp) == Character.PRIVATE_USE || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format("\\u{%X}", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (b.length > max) out.append("…(").append(b.length).append(" bytes)");
        return out.toString();
    }

    // ------------------------------------------------------------------ events

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, List<String> topics) {
        List<TopicPartition> out = new ArrayList<>();
        Map<String, List<PartitionInfo>> all = c.listTopics(Duration.ofSeconds(10));
        for (String t : topics) for (PartitionInfo pi : all.getOrDefault(t, List.of())) out.add(new TopicPartition(t, pi.partition()));
        return out;
    }

    /** the topics a refusal must leave alone, and the dead-letter topics nothing of ours may reach */
    static boolean watched(String topic) {
        return topic.equals("petition.registered") || topic.equals("case.assigned") || topic.equals("case.status-changed")
                || topic.equals("case.escalation-requested") || topic.startsWith("notification.") || deadLetter(topic);
    }

    static boolean deadLetter(String topic) {
        String t = topic.toLowerCase();
        return t.contains("dlq") || t.contains("dead-letter") || t.contains("deadletter");
    }

    /** events per watched topic (end offsets; a transaction's marker counts too, equally before and after) */
    private Map<String, Long> counts(KafkaConsumer<byte[], byte[]> c) {
        List<String> topics = c.listTopics(Duration.ofSeconds(10)).keySet().stream().filter(Fuzzer::watched).sorted().toList();
        Map<TopicPartition, Long> ends = c.endOffsets(partitions(c, topics), Duration.ofSeconds(10));
        Map<String, Long> out = new TreeMap<>();
        for (String t : topics) out.put(t, 0L);
        ends.forEach((tp, off) -> out.merge(tp.topic(), off, Long::sum));
        return out;
    }

    /** the counts once nothing has moved for 4 s (the outbox and the cascades downstream have caught up) */
    private Map<String, Long> settled(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        Map<String, Long> last = counts(c);
        long stableSince = System.currentTimeMillis();
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            Thread.sleep(1000);
            Map<String, Long> now = counts(c);
            if (!now.equals(last)) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince >= 4000) {
                break;
            }
        }
        return last;
    }

    /** endpoints whose 201 is a new petition: exactly one petition.registered each */
    static boolean registers(Endpoint e) {
        return e.service.equals("intake") && e.method.equals("POST")
                && (e.path.equals("/petitions") || e.path.equals("/public/petitions") || e.path.endsWith("/registration"));
    }

    // ------------------------------------------------------------------ the run

    private int run() throws Exception {
        String bootstrap = opt.get("bootstrap");
        Map<String, Integer> services = new LinkedHashMap<>();
        for (String s : opt.get("services").split(",")) services.put(s.split(":")[0], Integer.parseInt(s.split(":")[1]));
        String only = opt.get("only");
        log("seed " + seed + " (replay: --seed " + seed + "), " + perEndpoint + " bodies per endpoint, " + concurrency + " in flight");

        List<Endpoint> endpoints = new ArrayList<>();
        ObjectNode report = Bodies.JSON.createObjectNode();
        for (Map.Entry<String, Integer> s : services.entrySet()) {
            if (only != null && !only.equals(s.getKey())) continue;
            List<Endpoint> found = discover(s.getKey(), s.getValue());
            log(s.getKey() + ": " + found.size() + " POST/PUT endpoints in its OpenAPI document");
            endpoints.addAll(found);
        }
        String show = opt.get("show");
        if (show != null) return show(endpoints, show);

        registerSeedPetitions(services.get("intake"), bootstrap);
        for (Endpoint e : endpoints) {
            resolveUrl(e);
            chooseRole(e);
        }

        String started = Instant.now().toString();
        ArrayNode rows = Bodies.JSON.createArrayNode();
        List<String> problems = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            Map<String, Long> before = settled(c);
            Map<String, Long> runStart = before;
            for (Endpoint e : endpoints) {
                log(String.format("%-12s %-4s %-60s as %s (%s)", e.service, e.method, e.path, e.role == null ? "anonymous" : e.role, e.roleNote));
                Stats st = fuzz(e);
                Map<String, Long> after = settled(c);
                ObjectNode row = row(e, st, before, after, problems);
                rows.add(row);
                log(String.format("  sent %d in %d s: 2xx %d, 4xx %d, 429 %d, 5xx %d, dropped %d, over limit %d, not problem+json %d, slowest %d ms; events %s",
                        st.sent.get(), st.seconds, st.ok.get(), st.c4xx.get(), st.c429.get(), st.c5xx.get(), st.dropped.get(),
                        st.overLimit.get(), st.notProblem.get(), st.slowestMs.get(), row.get("events").toString()));
                before = after;
            }
            report.set("eventsTotal", delta(runStart, before));
        }
        report.put("seed", seed).put("command", opt.getOrDefault("command", "")).put("perEndpoint", perEndpoint)
                .put("concurrency", concurrency).put("timeLimitMs", timeLimitMs).put("startedAt", started)
                .put("finishedAt", Instant.now().toString()).put("endpointCount", endpoints.size());
        ArrayNode ids = report.putArray("setupPetitions");
        petitionIds.forEach(ids::add);
        report.put("ok", problems.isEmpty());
        ArrayNode pr = report.putArray("problems");
        problems.forEach(pr::add);
        report.set("endpoints", rows);
        Path out = Path.of(opt.get("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(Path.of(out + ".json"), Bodies.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
        Files.writeString(Path.of(out + ".md"), Report.markdown(report));
        log("report: " + out + ".json and .md");
        if (!problems.isEmpty()) {
            log("FAILED: " + problems.size() + " problem(s)");
            problems.forEach(p -> log("  " + p));
            return 1;
        }
        log("no 5xx, no dropped connection, nothing over the time limit, every 4xx problem+json, no event from a refusal");
        return 0;
    }

    private static ObjectNode delta(Map<String, Long> before, Map<String, Long> after) {
        ObjectNode d = Bodies.JSON.createObjectNode();
        after.forEach((t, n) -> {
            long x = n - before.getOrDefault(t, 0L);
            if (x != 0) d.put(t, x);
        });
        return d;
    }

    private ObjectNode row(Endpoint e, Stats st, Map<String, Long> before, Map<String, Long> after, List<String> problems) {
        ObjectNode row = Bodies.JSON.createObjectNode();
        row.put("service", e.service).put("method", e.method).put("path", e.path).put("url", e.url)
                .put("role", e.role == null ? "anonymous" : e.role).put("roleNote", e.roleNote)
                .put("sent", st.sent.get()).put("seconds", st.seconds).put("2xx", st.ok.get()).put("201", st.created.get())
                .put("4xx", st.c4xx.get()).put("429", st.c429.get()).put("5xx", st.c5xx.get()).put("dropped", st.dropped.get())
                .put("overTimeLimit", st.overLimit.get()).put("notProblemJson", st.notProblem.get())
                .put("slowestMs", st.slowestMs.get()).put("slowest", st.slowest).put("firstValidBodyAnswer", st.validSample);
        ObjectNode statuses = row.putObject("byStatus");
        new TreeMap<>(st.byStatus).forEach((k, v) -> statuses.put(String.valueOf(k), v.get()));
        ObjectNode okm = row.putObject("2xxByMutation");
        new TreeMap<>(st.okByMutation).forEach((k, v) -> okm.put(k, v.get()));
        ObjectNode kinds = row.putObject("failureKinds");
        new TreeMap<>(st.failureKinds).forEach((k, v) -> kinds.put(k, v.get()));
        ObjectNode events = delta(before, after);
        row.set("events", events);
        // expected: a registration's 201 is one petition.registered; a refusal publishes nothing
        ObjectNode expected = row.putObject("eventsExpected");
        String where = e.method + " " + e.path + " (" + e.service + ")";
        if (registers(e)) {
            expected.put("petition.registered", st.created.get());
            long seen = events.path("petition.registered").asLong(0);
            if (seen != st.created.get()) problems.add(where + ": " + st.created.get() + " registrations (201) but " + seen + " petition.registered");
        } else if (events.path("petition.registered").asLong(0) != 0) {
            problems.add(where + ": petition.registered from an endpoint that registers nothing (" + events.get("petition.registered") + ")");
        }
        events.fields().forEachRemaining(ev -> {
            if (deadLetter(ev.getKey())) problems.add(where + ": " + ev.getValue() + " record(s) on dead-letter topic " + ev.getKey());
        });
        if (st.ok.get() == 0) {
            expected.put("*", 0);
            if (!events.isEmpty()) problems.add(where + ": no 2xx, yet events " + events);
        } else if (!registers(e)) {
            // a 2xx may cascade (status change → notices), never beyond a few events per accepted request
            long bound = 5L * st.ok.get();
            expected.put("* (at most)", bound);
            events.fields().forEachRemaining(ev -> {
                if (ev.getValue().asLong() > bound) problems.add(where + ": " + ev.getValue() + " events on " + ev.getKey() + " for " + st.ok.get() + " 2xx");
            });
        }
        if (st.c5xx.get() > 0) problems.add(where + ": " + st.c5xx.get() + " × 5xx");
        if (st.dropped.get() > 0) problems.add(where + ": " + st.dropped.get() + " dropped connections");
        if (st.overLimit.get() > 0) problems.add(where + ": " + st.overLimit.get() + " answers over " + timeLimitMs + " ms");
        if (st.notProblem.get() > 0) problems.add(where + ": " + st.notProblem.get() + " 4xx not application/problem+json");
        if (st.sent.get() < perEndpoint) problems.add(where + ": only " + st.sent.get() + " of " + perEndpoint + " sent within " + maxSecondsPerEndpoint + " s");
        ArrayNode f = row.putArray("failureSamples");
        synchronized (st.failures) {
            st.failures.forEach(f::add);
        }
        return row;
    }

    /** --show 'POST /path#index': the bytes of one request, to replay a failure with curl --data-binary @file */
    private int show(List<Endpoint> endpoints, String show) throws IOException {
        String key = show.substring(0, show.lastIndexOf('#'));
        int index = Integer.parseInt(show.substring(show.lastIndexOf('#') + 1));
        for (Endpoint e : endpoints) {
            if ((e.method + " " + e.path).equals(key)) {
                Bodies.Body b = bodyOf(e, index);
                Path file = Path.of(opt.getOrDefault("out", "fuzz") + "-request-" + index + ".bin");
                Files.write(file, b.bytes());
                log(e.key() + " #" + index + ": " + b.mutation() + ", Content-Type " + b.contentType() + ", " + b.bytes().length
                        + " bytes in " + file);
                System.out.println(preview(b.bytes(), 2000));
                return 0;
            }
        }
        log("no endpoint " + key);
        return 2;
    }

    static void log(String s) {
        System.out.println("[fuzz " + Instant.now().toString().substring(11, 19) + "] " + s);
        System.out.flush();
    }
}

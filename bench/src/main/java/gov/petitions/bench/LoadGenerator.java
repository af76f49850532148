package gov.petitions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.fuzz.Tokens;
import gov.petitions.bench.measure.CpuPerCompleted;
import gov.petitions.bench.measure.Percentiles;
import gov.petitions.bench.measure.SteadyState;
import gov.petitions.bench.measure.StepSearch;
import gov.petitions.bench.measure.Sustained;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Registers petitions at fixed offered rates against a running system and measures, per petition, the time from the
 * intended send to (a) the HTTP answer, (b) case.assigned, (c) the ledger entry (case.status-changed to ASSIGNED),
 * (d) the acknowledgement (notification.delivered of the receipt) — by consuming the topics. Latency counts from the
 * intended send time, so a stalled system cannot hide behind a slowed-down client; a petition that never got there
 * (HTTP error, time-out, outcome missing at the end of the drain) is lost and ranks as a failure in the percentiles.
 *
 * <p>One run is a <em>fixed-rate stage</em> (warm-up until CPU per completed petition stops falling, then a window),
 * then, with {@code --search true}, a step search for the sustainable rate (see {@link StepSearch}, {@link Sustained}),
 * every stage on the same running system. See docs/benchmark.md for what every figure means.
 *
 * <p>Meanwhile it measures search's index lag ({@link SearchLag}: {@code --intake-metrics} intake's /q/metrics,
 * {@code --index-lag false} switches it off) and, with {@code --otlp-port P --tracing RATIO}, receives the services'
 * spans ({@link OtlpSink}) and counts them per completed petition.
 *
 * <pre>java -cp ... gov.petitions.bench.LoadGenerator --rate 20 --warmup 60 --duration 300 --search true \
 *   --intake http://127.0.0.1:26081 --bootstrap 127.0.0.1:26192 --sign-key .run/bench/keys/private.pem \
 *   --issuer https://petitions.local/issuer --pids .run/bench/pids --pg-url jdbc:postgresql://127.0.0.1:5432/postgres \
 *   --pg-user intake_bench --pg-databases intake_bench,routing_bench,supervision_bench \
 *   --counties intake-service/src/main/resources/divisions/34/counties.csv --out bench-result.json</pre>
 *
 * Exit status: 0 nothing lost; 1 something lost at the fixed rate or at a rate the search found sustainable, or no
 * rate sustained; 3 petitions lost only in search steps above the sustainable rate (overload).
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long SECOND = 1_000_000_000L;
    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    /** petition id → arrival (ns) of its outcome on the topics, for every stage */
    private final Map<String, Long> assigned = new ConcurrentHashMap<>();
    private final Map<String, Long> ledgered = new ConcurrentHashMap<>();
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> duplicates = new ConcurrentHashMap<>();
    private final AtomicLong redelivered = new AtomicLong();
    private final Map<String, Map<String, String>> firstEventIds = new ConcurrentHashMap<>();
    private volatile boolean consuming = true;
    private Supplier<String> bearer;
    private Sustained.Criteria criteria;
    private Probes probes;
    private List<String> counties;
    private URI intake;
    private final Random random = new Random(42);
    /** the index lag probes (issue 22); null with --index-lag false */
    private SearchLag searchLag;
    /** every service's consumer groups' lag, sampled through the run ({@code --consumer-lag false}: not sampled) */
    private ConsumerLag consumerLag;
    private Autovacuum autovacuum;
    /** petition id → tracking number, from the HTTP answer until its ledger entry arrives (what a probe searches for) */
    private final Map<String, String> trackingNumbers = new ConcurrentHashMap<>();
    /** the services' spans (issue 23), with --otlp-port; null: tracing off */
    private OtlpSink otlp;

    private LoadGenerator(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        System.exit(new LoadGenerator(options).run());
    }

    private String opt(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private double num(String name, double fallback) {
        return Double.parseDouble(opt(name, String.valueOf(fallback)));
    }

    // ---------------------------------------------------------------- one sent petition

    /** One registration request and what became of it. */
    private static final class Sent {
        final long due;
        volatile long answeredAt;
        volatile String id;
        volatile boolean answered;
        volatile boolean failed;
        volatile boolean timedOut;

        Sent(long due) {
            this.due = due;
        }
    }

    // ---------------------------------------------------------------- the run

    private int run() throws Exception {
        intake = URI.create(opt("intake", "http://127.0.0.1:26081") + "/petitions");
        counties = Workload.counties(Workload.countiesFile(options.get("counties")));
        Supplier<String> searcher;
        if (options.containsKey("sign-key")) {
            Tokens tokens = new Tokens(Path.of(opt("sign-key", "")), opt("issuer", "https://petitions.local/issuer"), "bench");
            bearer = () -> tokens.bearer("clerk", null, null);
            // an auditor reads the whole province and no recusal hides a case from it: every petition is findable
            searcher = () -> tokens.bearer("auditor", null, null);
        } else {
            String token = opt("token", "");
            bearer = () -> token;
            String auditor = opt("search-token", "");
            searcher = () -> auditor;
        }
        if (Boolean.parseBoolean(opt("index-lag", "true"))) {
            String metrics = opt("intake-metrics", "");
            searchLag = new SearchLag(metrics.isBlank() ? null : URI.create(metrics), opt("intake", "http://127.0.0.1:26081"),
                    searcher, num("index-lag-every-s", 2), (long) num("index-lag-poll-ms", 50), num("index-lag-timeout-s", 30));
            searchLag.start();
        }
        if (options.containsKey("otlp-port")) {
            otlp = OtlpSink.start((int) num("otlp-port", 0));
        }
        criteria = new Sustained.Criteria(num("tolerance", 0.02), num("p99-limit-ms", 2_000), num("backlog-growth-s", 1.0));
        String bootstrap = opt("bootstrap", "127.0.0.1:26192");
        if (Boolean.parseBoolean(opt("consumer-lag", "true"))) {
            consumerLag = new ConsumerLag(bootstrap);
            consumerLag.start();
        }
        List<String> databases = opt("pg-databases", "").isBlank() ? List.of() : List.of(opt("pg-databases", "").split(","));
        probes = new Probes(Path.of(opt("pids", ".run/bench/pids")), bootstrap, opt("pg-url", ""), opt("pg-user", ""),
                System.getenv("PGPASSWORD"), databases);
        if (!opt("pg-url", "").isBlank()) {
            autovacuum = new Autovacuum(opt("pg-url", ""), System.getenv("PGPASSWORD"), databases);
            autovacuum.start();
        }

        for (String topic : List.of("case.assigned", "case.status-changed", "notification.delivered")) {
            Thread t = new Thread(() -> consume(bootstrap, topic), "consume-" + topic);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(3_000); // the consumers have their partitions and sit at the end of each topic

        ObjectNode report = JSON.createObjectNode();
        report.put("when", Instant.now().toString());
        report.put("command", opt("command", ""));
        report.put("machine", machine());
        // the JIT (C1 only or C1 + C2), heap and collector the services ran with: figures differ with them
        report.put("serviceJvm", opt("service-jvm", ""));
        report.put("loadAverageAtStart", loadAverage());
        ObjectNode c = report.putObject("criteria");
        c.put("tolerance", criteria.tolerance());
        c.put("p99LimitMs", criteria.p99LimitMs());
        c.put("backlogGrowthS", criteria.backlogGrowthSeconds());
        c.put("drainS", num("drain", 120));
        report.put("brokerRecordsCounted", true);
        report.put("pgCommitsCounted", probes.countsCommits());
        ObjectNode tracing = report.putObject("tracing");
        if (otlp != null) {
            tracing.put("samplerRatio", num("tracing", 1.0));
            tracing.put("otlpEndpoint", "http://127.0.0.1:" + (int) num("otlp-port", 0));
        } else {
            tracing.putNull("samplerRatio"); // off: no endpoint, the services' OpenTelemetry SDK disabled
        }

        // 1. the fixed, unsaturated rate: warm-up until CPU per completed petition stops falling, then the window
        double rate = num("rate", 20);
        Stage fixed = new Stage(rate, (int) num("warmup", 20), (int) num("steady-window", 30), num("steady-tolerance", 0.05),
                (int) num("warmup-max", 600), (int) num("duration", 60));
        fixed.run();
        report.set("fixedRate", fixed.toJson(true));
        long lostAtOrBelow = fixed.lost();
        long lostAbove = 0;
        int exit;

        // 2. the step search for the sustainable rate
        if (Boolean.parseBoolean(opt("search", "false"))) {
            StepSearch search = new StepSearch(num("search-start", 10), num("search-factor", 1.5), (int) num("bisect", 3),
                    num("search-min", 1), num("search-max", 2_000));
            ObjectNode s = report.putObject("search");
            s.put("start", num("search-start", 10));
            s.put("factor", num("search-factor", 1.5));
            s.put("bisections", (int) num("bisect", 3));
            s.put("stepWarmupS", (int) num("step-warmup", 30));
            s.put("stepWindowS", (int) num("step-window", num("duration", 60)));
            ArrayNode steps = s.putArray("steps");
            Map<Double, Stage> byRate = new TreeMap<>();
            for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
                pause();
                Stage step = new Stage(next.getAsDouble(), (int) num("step-warmup", 30), 0, 0, 0,
                        (int) num("step-window", num("duration", 60)));
                step.run();
                search.record(step.offered, step.verdict.passed());
                byRate.put(step.offered, step);
                steps.add(step.toJson(false));
                System.out.printf("[bench] step %.1f/s: %s%n", step.offered,
                        step.verdict.passed() ? "sustained" : "not sustained: " + String.join("; ", step.verdict.reasons()));
            }
            OptionalDouble sustained = search.sustained();
            if (sustained.isPresent()) {
                s.put("sustainedRate", sustained.getAsDouble());
                s.set("atSustainedRate", byRate.get(sustained.getAsDouble()).toJson(true));
            } else {
                s.putNull("sustainedRate");
            }
            for (Stage step : byRate.values()) {
                if (sustained.isPresent() && step.offered <= sustained.getAsDouble()) {
                    lostAtOrBelow += step.lost();
                } else {
                    lostAbove += step.lost();
                }
            }
            exit = lostAtOrBelow > 0 || sustained.isEmpty() ? 1 : lostAbove > 0 ? 3 : 0;
        } else {
            exit = lostAtOrBelow > 0 ? 1 : 0;
        }
        consuming = false;
        if (otlp != null) {
            tracing.put("exports", otlp.exports());
            tracing.put("exportsRefused", otlp.refused());
            tracing.put("exportsToOtherPaths", otlp.otherPaths());
            tracing.set("spansReceived", JSON.valueToTree(otlp.spans()));
            otlp.close();
        }
        if (searchLag != null) {
            searchLag.close();
        }
        if (consumerLag != null) {
            consumerLag.close();
        }
        if (autovacuum != null) {
            autovacuum.close();
            report.set("autovacuum", autovacuum.toJson());
        }
        ObjectNode lost = report.putObject("lost");
        lost.put("atFixedRateOrSustained", lostAtOrBelow);
        lost.put("aboveSustainedRate", lostAbove);
        report.set("peakRssMb", JSON.valueToTree(probes.peakRssMb()));
        report.put("loadAverageAtEnd", loadAverage());
        report.put("exitStatus", exit);
        probes.close();
        String out = opt("out", "bench-result.json");
        Files.writeString(Path.of(out), JSON.writeValueAsString(report));
        System.out.printf("[bench] wrote %s; lost at the fixed or sustained rate: %d, above it: %d; exit %d%n", out,
                lostAtOrBelow, lostAbove, exit);
        return exit;
    }

    /** Between stages: the system has drained; a few seconds for its consumers to go idle. */
    private void pause() throws InterruptedException {
        Thread.sleep((long) (num("pause", 5) * 1000));
    }

    // ---------------------------------------------------------------- a stage: one offered rate

    private final class Stage {
        final double offered;
        final int minWarmupS;
        final int steadyWindowS;
        final double steadyTolerance;
        final int maxWarmupS;
        final int windowS;
        final List<Sent> sent = new ArrayList<>();
        final List<Double> steadySeries = new ArrayList<>();
        final List<String> httpErrorSamples = new ArrayList<>();
        boolean steadyReached;
        long start;
        long windowStart;
        long windowEnd;
        volatile long stopAt = Long.MAX_VALUE;
        Probes.Reading atStart;
        Probes.Reading atWindowStart;
        Probes.Reading atWindowEnd;
        Probes.Reading afterDrain;
        Map<String, Long> spansAtWindowStart = Map.of();
        Map<String, Long> spansAtWindowEnd = Map.of();
        boolean drained;
        long drainedAt;
        Sustained.Verdict verdict;

        /** steadyWindowS 0: a plain warm-up of minWarmupS seconds */
        Stage(double offered, int minWarmupS, int steadyWindowS, double steadyTolerance, int maxWarmupS, int windowS) {
            this.offered = offered;
            this.minWarmupS = minWarmupS;
            this.steadyWindowS = steadyWindowS;
            this.steadyTolerance = steadyTolerance;
            this.maxWarmupS = Math.max(maxWarmupS, minWarmupS);
            this.windowS = windowS;
        }

        void run() throws Exception {
            start = System.nanoTime() + SECOND / 10;
            atStart = probes.read();
            Thread sender = new Thread(this::send, "sender");
            sender.start();
            System.out.printf("[bench] %.1f petitions/s offered: warm-up %s, then a %d s window%n", offered,
                    steadyWindowS > 0 ? String.format("until CPU per completed petition is steady (%d s windows within %.0f %%, "
                            + "%d..%d s)", steadyWindowS, 100 * steadyTolerance, minWarmupS, maxWarmupS) : minWarmupS + " s", windowS);
            if (steadyWindowS > 0) {
                Probes.Reading previous = atStart;
                long boundary = start;
                while (true) {
                    boundary += steadyWindowS * SECOND;
                    sleepUntil(boundary);
                    Probes.Reading now = probes.read();
                    long completed = acknowledgedBetween(previous.nanos(), now.nanos());
                    Double perCompleted = CpuPerCompleted.compute(previous.cpuMs(), now.cpuMs(), completed).get(CpuPerCompleted.SYSTEM_TOTAL);
                    steadySeries.add(perCompleted);
                    System.out.printf("[bench]   warm-up %d s: %s CPU-ms per completed petition (%d completed)%n",
                            (boundary - start) / SECOND, perCompleted, completed);
                    previous = now;
                    long elapsed = (boundary - start) / SECOND;
                    steadyReached = SteadyState.settled(steadySeries, steadyTolerance);
                    if ((steadyReached && elapsed >= minWarmupS) || elapsed + steadyWindowS > maxWarmupS) {
                        windowStart = boundary;
                        atWindowStart = now;
                        spansAtWindowStart = spans();
                        break;
                    }
                }
            } else {
                windowStart = start + minWarmupS * SECOND;
                sleepUntil(windowStart);
                atWindowStart = probes.read();
                spansAtWindowStart = spans();
            }
            windowEnd = windowStart + windowS * SECOND;
            stopAt = windowEnd;
            sleepUntil(windowEnd);
            atWindowEnd = probes.read();
            spansAtWindowEnd = spans();
            sender.join();

            // drain: every request answered, then every petition that got a 201 has all three outcomes
            long deadline = System.nanoTime() + (long) (num("drain", 120) * SECOND);
            while (System.nanoTime() < deadline) {
                if (complete()) {
                    drained = true;
                    break;
                }
                Thread.sleep(200);
            }
            drainedAt = System.nanoTime();
            afterDrain = probes.read();
            judge();
            if (searchLag != null) {
                searchLag.awaitProbes(windowEnd); // the window's last probes end (found or timed out) before the report
            }
        }

        private void send() {
            for (long i = 0; ; i++) {
                long due = start + (long) (i * 1e9 / offered);
                if (due >= stopAt) {
                    return;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (due >= stopAt) {
                    return;
                }
                Sent petition = new Sent(due);
                synchronized (sent) {
                    sent.add(petition);
                }
                String body;
                try {
                    body = Workload.petition(random, counties);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                HttpRequest request = HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds((long) num("http-timeout", 30)))
                        .header("Authorization", "Bearer " + bearer.get()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                    petition.answeredAt = System.nanoTime();
                    try {
                        if (failure != null || response.statusCode() != 201) {
                            petition.failed = true;
                            Throwable cause = failure != null && failure.getCause() != null ? failure.getCause() : failure;
                            petition.timedOut = cause instanceof HttpTimeoutException;
                            synchronized (httpErrorSamples) {
                                if (httpErrorSamples.size() < 5) {
                                    httpErrorSamples.add(failure != null ? String.valueOf(cause)
                                            : response.statusCode() + " " + response.body().substring(0, Math.min(300, response.body().length())));
                                }
                            }
                            return;
                        }
                        JsonNode receipt = JSON.readTree(response.body());
                        petition.id = receipt.get("petitionId").asText();
                        if (searchLag != null && receipt.hasNonNull("trackingNumber")) {
                            trackingNumbers.put(petition.id, receipt.get("trackingNumber").asText());
                        }
                    } catch (IOException | RuntimeException e) {
                        petition.failed = true;
                    } finally {
                        petition.answered = true;
                    }
                });
                if (i > 0 && i % Math.max(1, (long) (offered * 10)) == 0) {
                    System.out.printf("[bench]   %d sent, %d acknowledged so far%n", i, acknowledgedBetween(start, Long.MAX_VALUE));
                }
            }
        }

        private List<Sent> petitions() {
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }

        private boolean complete() {
            for (Sent p : petitions()) {
                if (!p.answered) {
                    return false;
                }
                if (p.id != null && !(assigned.containsKey(p.id) && ledgered.containsKey(p.id) && acknowledged.containsKey(p.id))) {
                    return false;
                }
            }
            return true;
        }

        /** acknowledgements of this stage's petitions that arrived in [from, to) */
        long acknowledgedBetween(long from, long to) {
            long n = 0;
            for (Sent p : petitions()) {
                Long at = p.id == null ? null : acknowledged.get(p.id);
                if (at != null && at >= from && at < to) {
                    n++;
                }
            }
            return n;
        }

        long lost() {
            return petitions().stream().filter(this::isLost).count();
        }

        private boolean isLost(Sent p) {
            return p.failed || !p.answered || p.id == null || !assigned.containsKey(p.id) || !ledgered.containsKey(p.id)
                    || !acknowledged.containsKey(p.id);
        }

        private List<Sent> inWindow() {
            return petitions().stream().filter(p -> p.due >= windowStart && p.due < windowEnd).toList();
        }

        private Percentiles.Stats latency(List<Sent> petitions, Map<String, Long> outcome) {
            List<Double> done = new ArrayList<>();
            int failed = 0;
            for (Sent p : petitions) {
                Long at = outcome == null ? (p.failed || !p.answered ? null : (Long) p.answeredAt)
                        : p.id == null ? null : outcome.get(p.id);
                if (at == null) {
                    failed++;
                } else {
                    done.add((at - p.due) / 1e6);
                }
            }
            return Percentiles.of(done.stream().mapToDouble(Double::doubleValue).toArray(), failed);
        }

        /** the backlog (sent so far − acknowledged so far, this stage's petitions) at the end of each second of the window */
        long[] backlogPerSecond() {
            List<Sent> all = petitions();
            long[] dues = all.stream().mapToLong(p -> p.due).sorted().toArray();
            long[] acks = all.stream().map(p -> p.id == null ? null : acknowledged.get(p.id)).filter(java.util.Objects::nonNull)
                    .mapToLong(Long::longValue).sorted().toArray();
            long[] backlog = new long[windowS];
            int d = 0;
            int a = 0;
            for (int s = 0; s < windowS; s++) {
                long t = windowStart + (s + 1) * SECOND;
                while (d < dues.length && dues[d] < t) {
                    d++;
                }
                while (a < acks.length && acks[a] < t) {
                    a++;
                }
                backlog[s] = d - a;
            }
            return backlog;
        }

        void judge() {
            Percentiles.Stats ack = latency(inWindow(), acknowledged);
            verdict = Sustained.judge(criteria, offered, windowS, acknowledgedBetween(windowStart, windowEnd),
                    backlogPerSecond(), ack.p99(), lost());
        }

        ObjectNode toJson(boolean withTimeline) {
            ObjectNode node = JSON.createObjectNode();
            List<Sent> all = petitions();
            List<Sent> window = inWindow();
            long completedInWindow = acknowledgedBetween(windowStart, windowEnd);
            node.put("offeredRate", offered);
            node.put("warmupS", (windowStart - start) / SECOND);
            if (steadyWindowS > 0) {
                ObjectNode steady = node.putObject("steadyState");
                steady.put("windowS", steadyWindowS);
                steady.put("tolerance", steadyTolerance);
                steady.put("reached", steadyReached);
                steady.set("cpuMsPerCompletedByWindow", JSON.valueToTree(steadySeries));
            }
            node.put("windowS", windowS);
            node.put("sent", all.size());
            node.put("sentInWindow", window.size());
            node.put("httpOk", all.stream().filter(p -> p.id != null).count());
            node.put("httpFailed", all.stream().filter(p -> p.failed && !p.timedOut).count());
            node.put("httpTimedOut", all.stream().filter(p -> p.timedOut).count());
            httpErrorSamples.forEach(node.putArray("httpErrorSamples")::add);
            node.put("acknowledgedInWindow", completedInWindow);
            node.put("acknowledgedRate", round(verdict.acknowledgedRate(), 2));
            long[] backlog = backlogPerSecond();
            ObjectNode b = node.putObject("backlog");
            b.put("atWindowStart", backlog.length > 0 ? backlog[0] : 0);
            b.put("atWindowEnd", backlog.length > 0 ? backlog[backlog.length - 1] : 0);
            b.put("growth", round(verdict.backlogGrowth(), 1));
            ObjectNode v = node.putObject("sustained");
            v.put("passed", verdict.passed());
            verdict.reasons().forEach(v.putArray("reasons")::add);
            ObjectNode latency = node.putObject("latencyMs");
            Map<String, Map<String, Long>> outcomes = new LinkedHashMap<>();
            outcomes.put("http", null);
            outcomes.put("assigned", assigned);
            outcomes.put("ledger", ledgered);
            outcomes.put("acknowledged", acknowledged);
            outcomes.forEach((name, times) -> latency.set(name, JSON.valueToTree(latency(window, times))));
            ObjectNode lost = node.putObject("lost");
            lost.put("total", lost());
            lost.put("httpFailed", all.stream().filter(p -> p.failed && !p.timedOut).count());
            lost.put("httpTimedOut", all.stream().filter(p -> p.timedOut).count());
            lost.put("unanswered", all.stream().filter(p -> !p.answered).count());
            lost.put("noCaseAssigned", all.stream().filter(p -> p.id != null && !assigned.containsKey(p.id)).count());
            lost.put("noLedgerEntry", all.stream().filter(p -> p.id != null && !ledgered.containsKey(p.id)).count());
            lost.put("noAcknowledgement", all.stream().filter(p -> p.id != null && !acknowledged.containsKey(p.id)).count());
            node.put("duplicateOutcomes", duplicates.values().stream().mapToInt(AtomicInteger::get).sum());
            node.put("sameEventRedelivered", redelivered.get());
            node.put("drained", drained);
            node.put("drainS", round((drainedAt - windowEnd) / 1e9, 1));
            node.set("cpuMsPerCompleted", JSON.valueToTree(CpuPerCompleted.compute(atWindowStart.cpuMs(), atWindowEnd.cpuMs(), completedInWindow)));
            node.set("cpuMsInWindow", JSON.valueToTree(diff(atWindowStart.cpuMs(), atWindowEnd.cpuMs())));
            long completedInStage = acknowledgedBetween(start, drainedAt + 1);
            node.put("acknowledgedInStage", completedInStage);
            node.set("cpuMsPerCompletedWholeStage", JSON.valueToTree(CpuPerCompleted.compute(atStart.cpuMs(), afterDrain.cpuMs(), completedInStage)));
            node.set("brokerRecordsPerCompleted", perCompleted(diff(atWindowStart.topicEndOffsets(), atWindowEnd.topicEndOffsets()), completedInWindow));
            node.set("pgCommitsPerCompleted", perCompleted(diff(atWindowStart.commits(), atWindowEnd.commits()), completedInWindow));
            if (searchLag != null) {
                node.set("searchIndexLag", searchLag.toJson(windowStart, windowEnd));
            }
            if (consumerLag != null) {
                node.set("consumerLag", consumerLag.toJson(windowStart, windowEnd));
            }
            if (otlp != null) {
                ObjectNode t = node.putObject("tracing");
                t.put("samplerRatio", num("tracing", 1.0));
                Map<String, Long> spans = diff(spansAtWindowStart, spansAtWindowEnd);
                long received = spans.values().stream().mapToLong(Long::longValue).sum();
                t.put("spansInWindow", received);
                // none received (a ratio of 0, or nothing exported) is 0 per petition, not unknown
                t.set("spansPerCompleted", spans.isEmpty() && completedInWindow > 0
                        ? JSON.createObjectNode().put("counted", 0).put("total", 0.0) : perCompleted(spans, completedInWindow));
            }
            if (withTimeline) {
                node.set("timeline", timeline(all));
            }
            return node;
        }

        /** Per second of the stage: petitions sent (by intended time) and acknowledged (by arrival), latencies by send second. */
        private ArrayNode timeline(List<Sent> all) {
            Map<Long, List<Long>> toAssigned = new TreeMap<>();
            Map<Long, List<Long>> toAck = new TreeMap<>();
            Map<Long, Integer> sentPerSecond = new TreeMap<>();
            Map<Long, Integer> ackedPerSecond = new TreeMap<>();
            Map<Long, Integer> lostPerSecond = new TreeMap<>();
            for (Sent p : all) {
                long second = (p.due - start) / SECOND;
                sentPerSecond.merge(second, 1, Integer::sum);
                if (isLost(p)) {
                    lostPerSecond.merge(second, 1, Integer::sum);
                }
                Long a = p.id == null ? null : assigned.get(p.id);
                if (a != null) {
                    toAssigned.computeIfAbsent(second, k -> new ArrayList<>()).add(a - p.due);
                }
                Long k = p.id == null ? null : acknowledged.get(p.id);
                if (k != null) {
                    toAck.computeIfAbsent(second, x -> new ArrayList<>()).add(k - p.due);
                    ackedPerSecond.merge((k - start) / SECOND, 1, Integer::sum);
                }
            }
            ArrayNode seconds = JSON.createArrayNode();
            long last = Math.max(sentPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0),
                    ackedPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
            for (long second = 0; second <= last; second++) {
                ObjectNode row = seconds.addObject();
                row.put("s", second);
                row.put("sent", sentPerSecond.getOrDefault(second, 0));
                row.put("acknowledged", ackedPerSecond.getOrDefault(second, 0));
                row.put("lost", lostPerSecond.getOrDefault(second, 0));
                putPercentiles(row, "assigned", toAssigned.get(second));
                putPercentiles(row, "ack", toAck.get(second));
            }
            return seconds;
        }
    }

    /** the spans received so far per service; empty with tracing off */
    private Map<String, Long> spans() {
        return otlp == null ? Map.of() : otlp.spans();
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    /** {total, byName{…}} per completed petition; null when nothing was counted or nothing completed */
    private static JsonNode perCompleted(Map<String, Long> counts, long completed) {
        if (counts.isEmpty()) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.createObjectNode();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        node.put("counted", total);
        if (completed > 0) {
            node.put("total", round(total / (double) completed, 2));
        } else {
            node.putNull("total");
        }
        ObjectNode by = node.putObject("by");
        counts.entrySet().stream().filter(e -> e.getValue() != 0)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> by.put(e.getKey(), completed > 0 ? round(e.getValue() / (double) completed, 3) : e.getValue()));
        return node;
    }

    private static void putPercentiles(ObjectNode row, String name, List<Long> nanos) {
        if (nanos == null || nanos.isEmpty()) {
            return;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        row.put(name + "P50Ms", Math.round(sorted[(sorted.length - 1) / 2] / 1e5) / 10.0);
        row.put(name + "P99Ms", Math.round(sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e5) / 10.0);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    // ---------------------------------------------------------------- the outcomes, from the topics

    private void consume(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = Workload.tailFromNow(bootstrap, topic)) {
            while (consuming) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Map<String, Long> target = switch (topic) {
                        case "case.assigned" -> assigned;
                        case "notification.delivered" -> record.value().contains("petition.registered.receipt") ? acknowledged : null;
                        default -> isAssignedStatus(record.value()) ? ledgered : null;
                    };
                    if (target == null) {
                        continue;
                    }
                    // the same event told twice (same ce_id) is at-least-once delivery, harmless to idempotent
                    // consumers; a second event with another id for the same outcome is a real duplicate
                    String eventId = header(record, "ce_id");
                    String first = firstEventIds.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                            .putIfAbsent(record.key(), eventId);
                    if (first == null) {
                        target.put(record.key(), now);
                        if (target == ledgered && searchLag != null) {
                            searchLag.ledgerEntry(record.key(), trackingNumbers.remove(record.key()), now, record.timestamp());
                        }
                    } else if (first.equals(eventId)) {
                        redelivered.incrementAndGet();
                    } else {
                        duplicates.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isAssignedStatus(String value) {
        try {
            JsonNode data = JSON.readTree(value);
            return "ASSIGNED".equals(data.path("toStatus").asText()) && "REGISTERED".equals(data.path("fromStatus").asText());
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- the machine

    private static String machine() {
        try {
            String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
            return Runtime.getRuntime().availableProcessors() + " cores, " + model + ", "
                    + Arrays.stream(Files.readString(Path.of("/proc/meminfo")).split("\n")).findFirst().orElse("");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

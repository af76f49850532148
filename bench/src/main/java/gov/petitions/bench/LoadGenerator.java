package gov.petitions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers petitions at a fixed rate against a running system and measures, per petition, the time
 * from the intended send to (a) the HTTP answer, (b) case.assigned, (c) the ledger entry
 * (case.status-changed to ASSIGNED), (d) notification.delivered — by consuming the topics. Latency
 * counts from the intended send time, so a stalled system cannot hide behind a slowed-down client.
 * CPU is read from /proc for every process of the system (service JVMs, broker, MongoDB stand-in,
 * PostgreSQL backends) at the edges of the measurement window.
 *
 * <pre>java -cp ... gov.petitions.bench.LoadGenerator --rate 100 --warmup 20 --duration 60 \
 *   --intake http://127.0.0.1:26081 --bootstrap 127.0.0.1:26192 --token "$TOKEN" --pids .run/bench/pids \
 *   --counties intake-service/src/main/resources/divisions/anhui-counties.csv --out bench-result.json</pre>
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    /** petition id → intended send time (ns) */
    private final Map<String, Long> intended = new ConcurrentHashMap<>();
    private final Map<String, Long> httpDone = new ConcurrentHashMap<>();
    private final Map<String, Long> assigned = new ConcurrentHashMap<>();
    private final Map<String, Long> ledgered = new ConcurrentHashMap<>();
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> duplicates = new ConcurrentHashMap<>();
    private final AtomicLong httpErrors = new AtomicLong();
    /** requests answered, with a 201 or not: the drain waits for all of them */
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final Map<String, Map<String, String>> firstEventIds = new ConcurrentHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private volatile boolean consuming = true;

    private LoadGenerator(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new LoadGenerator(options).run();
    }

    private String opt(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        double rate = Double.parseDouble(opt("rate", "100"));
        int warmup = Integer.parseInt(opt("warmup", "20"));
        int duration = Integer.parseInt(opt("duration", "60"));
        URI intake = URI.create(opt("intake", "http://127.0.0.1:26081") + "/petitions");
        String token = opt("token", "");
        List<String> counties = Workload.counties(Path.of(opt("counties",
                "intake-service/src/main/resources/divisions/anhui-counties.csv")));

        List<Thread> consumers = new ArrayList<>();
        for (String topic : List.of("case.assigned", "case.status-changed", "notification.delivered")) {
            Thread t = new Thread(() -> consume(topic), "consume-" + topic);
            t.setDaemon(true);
            t.start();
            consumers.add(t);
        }
        Thread.sleep(3_000); // the consumers have their partitions and sit at the end of each topic

        Random random = new Random(42);
        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = windowStart + TimeUnit.SECONDS.toNanos(duration);
        long total = (long) (rate * (warmup + duration));
        Map<String, long[]> cpuAtWindowStart = null;
        List<String> inWindow = new ArrayList<>();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        System.out.printf("[bench] %.0f petitions/s: %d s warm-up, then a %d s window%n", rate, warmup, duration);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (cpuAtWindowStart == null && due >= windowStart) {
                cpuAtWindowStart = cpuSnapshot();
            }
            boolean measured = due >= windowStart;
            String body = Workload.petition(random, counties);
            HttpRequest request = HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                answered.incrementAndGet();
                if (failure != null || response.statusCode() != 201) {
                    httpErrors.incrementAndGet();
                    synchronized (errorSamples) {
                        if (errorSamples.size() < 5) {
                            errorSamples.add(failure != null ? failure.toString() : response.statusCode() + " " + response.body());
                        }
                    }
                    return;
                }
                try {
                    String id = JSON.readTree(response.body()).get("petitionId").asText();
                    intended.put(id, due);
                    httpDone.put(id, now);
                    if (measured) {
                        synchronized (inWindow) {
                            inWindow.add(id);
                        }
                    }
                } catch (IOException e) {
                    httpErrors.incrementAndGet();
                }
            });
            if (i % (long) Math.max(1, rate * 10) == 0 && i > 0) {
                System.out.printf("[bench] %d sent, %d acknowledged so far%n", i, acknowledged.size());
            }
        }
        long loadEnd = System.nanoTime();
        Map<String, long[]> cpuAtWindowEnd = cpuSnapshot();
        sender.shutdown();

        // drain: every request answered (the last answers may still be on their way: a petition whose 201 arrives
        // after this check would be counted as lost), then every petition that got a 201 has all three outcomes
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.parseInt(opt("drain", "120")));
        while (System.nanoTime() < drainDeadline) {
            if (answered.get() == total && httpDone.keySet().stream().allMatch(id -> assigned.containsKey(id) && ledgered.containsKey(id)
                    && acknowledged.containsKey(id))) {
                break;
            }
            Thread.sleep(200);
        }
        long drained = System.nanoTime();
        consuming = false;
        Map<String, long[]> cpuAfterDrain = cpuSnapshot();

        ObjectNode report = JSON.createObjectNode();
        report.put("when", Instant.now().toString());
        report.put("machine", machine());
        report.put("targetRatePerS", rate);
        report.put("warmupS", warmup);
        report.put("windowS", duration);
        report.put("sent", total);
        report.put("httpOk", httpDone.size());
        report.put("httpErrors", httpErrors.get());
        errorSamples.forEach(report.putArray("httpErrorSamples")::add);
        List<String> measuredIds;
        synchronized (inWindow) {
            measuredIds = List.copyOf(inWindow);
        }
        double windowSeconds = (loadEnd - windowStart) / 1e9;
        long measuredAcked = measuredIds.stream().filter(acknowledged::containsKey).count();
        report.put("measuredPetitions", measuredIds.size());
        report.put("acknowledgedPerS", measuredAcked / windowSeconds);
        report.set("latencyMs", latencies(measuredIds));
        long lostAssigned = httpDone.keySet().stream().filter(id -> !assigned.containsKey(id)).count();
        long lostLedger = httpDone.keySet().stream().filter(id -> !ledgered.containsKey(id)).count();
        long lostAck = httpDone.keySet().stream().filter(id -> !acknowledged.containsKey(id)).count();
        ObjectNode lost = report.putObject("missingAfterDrain");
        lost.put("assigned", lostAssigned);
        lost.put("ledger", lostLedger);
        lost.put("acknowledged", lostAck);
        report.put("duplicateOutcomes", duplicates.values().stream().mapToInt(AtomicInteger::get).sum());
        report.put("sameEventRedelivered", redelivered.get());
        report.put("drainS", (drained - loadEnd) / 1e9);
        report.set("cpuMsPerPetitionInWindow", cpuPerPetition(cpuAtWindowStart, cpuAtWindowEnd, measuredIds.size()));
        // the same CPU divided by the work finished in the window: on a machine that is catching up on a backlog
        // (or falling behind) petitions sent and petitions completed differ, and completed is what the CPU bought
        long acknowledgedInWindow = acknowledged.values().stream().filter(at -> at >= windowStart && at <= loadEnd).count();
        report.put("acknowledgedInWindow", acknowledgedInWindow);
        report.set("cpuMsPerAcknowledgedInWindow", cpuPerPetition(cpuAtWindowStart, cpuAtWindowEnd, (int) acknowledgedInWindow));
        report.set("cpuMsPerPetitionWholeRun", cpuPerPetition(null, cpuAfterDrain, httpDone.size()));
        report.set("peakRssMb", peakRss());
        report.set("timeline", timeline(start));
        String out = opt("out", "bench-result.json");
        Files.writeString(Path.of(out), JSON.writeValueAsString(report));
        System.out.println(JSON.writeValueAsString(report));
        System.exit(lostAssigned + lostLedger + lostAck == 0 ? 0 : 1);
    }

    /**
     * Per second of the run, by intended send time: petitions sent, the median and p99 milliseconds to
     * case.assigned and to the acknowledgement, and petitions acknowledged in that second (by arrival).
     * For the chart (bench/scripts/chart.py): latency over time shows a stall that a whole-run p99 hides.
     */
    private com.fasterxml.jackson.databind.node.ArrayNode timeline(long start) {
        Map<Long, List<Long>> toAssigned = new java.util.TreeMap<>();
        Map<Long, List<Long>> toAck = new java.util.TreeMap<>();
        Map<Long, Integer> sentPerSecond = new java.util.TreeMap<>();
        Map<Long, Integer> ackedPerSecond = new java.util.TreeMap<>();
        intended.forEach((id, due) -> {
            long second = (due - start) / 1_000_000_000L;
            sentPerSecond.merge(second, 1, Integer::sum);
            Long a = assigned.get(id);
            if (a != null) {
                toAssigned.computeIfAbsent(second, k -> new ArrayList<>()).add(a - due);
            }
            Long k = acknowledged.get(id);
            if (k != null) {
                toAck.computeIfAbsent(second, x -> new ArrayList<>()).add(k - due);
                ackedPerSecond.merge((k - start) / 1_000_000_000L, 1, Integer::sum);
            }
        });
        com.fasterxml.jackson.databind.node.ArrayNode seconds = JSON.createArrayNode();
        long last = Math.max(sentPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0),
                ackedPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        for (long second = 0; second <= last; second++) {
            ObjectNode row = seconds.addObject();
            row.put("s", second);
            row.put("sent", sentPerSecond.getOrDefault(second, 0));
            row.put("acknowledged", ackedPerSecond.getOrDefault(second, 0));
            putPercentiles(row, "assigned", toAssigned.get(second));
            putPercentiles(row, "ack", toAck.get(second));
        }
        return seconds;
    }

    private static void putPercentiles(ObjectNode row, String name, List<Long> nanos) {
        if (nanos == null || nanos.isEmpty()) {
            return;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        row.put(name + "P50Ms", Math.round(sorted[(sorted.length - 1) / 2] / 1e5) / 10.0);
        row.put(name + "P99Ms", Math.round(sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e5) / 10.0);
    }

    private void consume(String topic) {
        try (KafkaConsumer<String, String> consumer = Workload.tailFromNow(opt("bootstrap", "127.0.0.1:26192"), topic)) {
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

    private ObjectNode latencies(List<String> ids) {
        ObjectNode node = JSON.createObjectNode();
        Map<String, Map<String, Long>> outcomes = new LinkedHashMap<>();
        outcomes.put("http", httpDone);
        outcomes.put("assigned", assigned);
        outcomes.put("ledger", ledgered);
        outcomes.put("acknowledged", acknowledged);
        outcomes.forEach((name, times) -> {
            double[] values = ids.stream().filter(times::containsKey)
                    .mapToDouble(id -> (times.get(id) - intended.get(id)) / 1e6).sorted().toArray();
            ObjectNode stats = node.putObject(name);
            stats.put("count", values.length);
            if (values.length > 0) {
                stats.put("p50", pct(values, 50));
                stats.put("p95", pct(values, 95));
                stats.put("p99", pct(values, 99));
                stats.put("max", values[values.length - 1]);
            }
        });
        return node;
    }

    private static double pct(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, Math.min(index, sorted.length - 1))] * 10) / 10.0;
    }

    // ---------------------------------------------------------------- /proc

    /** name → {utime+stime in ms} for each process of the system; PostgreSQL summed over all its processes. */
    private Map<String, long[]> cpuSnapshot() throws IOException {
        Map<String, long[]> cpu = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : processes().entrySet()) {
            cpu.put(process.getKey(), new long[]{cpuMs(process.getValue())});
        }
        long postgres = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (Files.readString(dir.resolve("comm")).strip().startsWith("postgres")) {
                        postgres += cpuMs(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            }
        }
        cpu.put("postgresql", new long[]{postgres});
        cpu.put("load-generator", new long[]{cpuMs(ProcessHandle.current().pid())});
        return cpu;
    }

    private Map<String, Long> processes() throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        Path dir = Path.of(opt("pids", ".run/bench/pids"));
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    pids.put(file.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(file).strip()));
                }
            }
        }
        return pids;
    }

    private static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10; // USER_HZ = 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private ObjectNode cpuPerPetition(Map<String, long[]> from, Map<String, long[]> to, int petitions) {
        ObjectNode node = JSON.createObjectNode();
        double total = 0;
        for (Map.Entry<String, long[]> entry : to.entrySet()) {
            long before = from == null || !from.containsKey(entry.getKey()) ? 0 : from.get(entry.getKey())[0];
            if (from == null && entry.getKey().equals("postgresql")) {
                continue; // PostgreSQL's lifetime CPU includes other work; only the window measures it
            }
            double perPetition = petitions == 0 ? 0 : (entry.getValue()[0] - before) / (double) petitions;
            node.put(entry.getKey(), Math.round(perPetition * 1000) / 1000.0);
            if (!entry.getKey().equals("load-generator")) {
                total += perPetition;
            }
        }
        node.put("systemTotal", Math.round(total * 1000) / 1000.0);
        return node;
    }

    private ObjectNode peakRss() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<String, Long> process : processes().entrySet()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.getValue()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        node.put(process.getKey(), Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                    }
                }
            } catch (IOException e) {
                node.put(process.getKey(), -1);
            }
        }
        return node;
    }

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
}

package gov.petitions.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.Workload;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained load that keeps going through faults: registers petitions at a fixed rate, each under its own
 * {@code Idempotency-Key}; a failed attempt (connection refused or reset, timeout, 5xx, 408, 409, 429) is
 * retried with the same key and the same body until it gets a 2xx or {@code --give-up} seconds have passed
 * since its intended send time. So each intended petition should become exactly one petition. Meanwhile it
 * consumes case.assigned, case.status-changed and notification.delivered and notes when each petition
 * reached each outcome (wall-clock ms, to line up with the fault times the script records).
 *
 * <p>Runs until {@code --stop-file} exists or {@code --max-duration} seconds have passed, then waits for the
 * open attempts, drains (bounded) and writes one JSON line per intended petition to {@code --out}.
 */
public final class FaultLoad {

    /** One intended petition and what became of it. */
    static final class Intent {
        final int seq;
        final String key = UUID.randomUUID().toString();
        final String body;
        final long dueAt;
        volatile long firstSentAt;
        volatile long httpAt;
        volatile long firstFailureAt;
        volatile long lastFailureAt;
        volatile int attempts;
        volatile int status;
        volatile boolean replayed;
        volatile String petitionId;
        volatile String error;
        volatile boolean done;
        final Map<String, Integer> failures = new ConcurrentHashMap<>();

        Intent(int seq, String body, long dueAt) {
            this.seq = seq;
            this.body = body;
            this.dueAt = dueAt;
        }
    }

    private final Args args;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final LinkedBlockingQueue<Intent> ready = new LinkedBlockingQueue<>();
    private final Semaphore inFlight;
    private final List<Intent> intents = new ArrayList<>();
    private final AtomicLong failedAttempts = new AtomicLong();
    /** outcome → petition id → first arrival (ms) */
    private final Map<String, Map<String, Long>> outcomes = new ConcurrentHashMap<>();
    /** outcome → petition id → distinct event ids seen */
    private final Map<String, Map<String, Set<String>>> eventIds = new ConcurrentHashMap<>();
    private final AtomicLong redelivered = new AtomicLong();
    /** failure kind → the first answer or exception of that kind */
    private final Map<String, String> errorSamples = new ConcurrentHashMap<>();
    private volatile boolean consuming = true;
    private final URI intake;
    private final String token;
    private final long giveUpMs;

    private FaultLoad(Args args) {
        this.args = args;
        this.inFlight = new Semaphore(args.integer("max-in-flight", 48));
        this.intake = URI.create(args.get("intake", "http://127.0.0.1:24081") + "/petitions");
        this.token = args.require("token");
        this.giveUpMs = args.integer("give-up", 240) * 1000L;
        for (String outcome : List.of("assigned", "ledger", "acknowledged")) {
            outcomes.put(outcome, new ConcurrentHashMap<>());
            eventIds.put(outcome, new ConcurrentHashMap<>());
        }
    }

    public static void main(String[] argv) throws Exception {
        new FaultLoad(new Args(argv)).run();
    }

    private void run() throws Exception {
        double rate = args.number("rate", 20);
        int maxDuration = args.integer("max-duration", 600);
        Path stopFile = Path.of(args.get("stop-file", "/nonexistent/stop"));
        Path out = Path.of(args.require("out"));
        List<String> counties = Workload.counties(Path.of(args.require("counties")));

        for (String topic : List.of("case.assigned", "case.status-changed", "notification.delivered")) {
            Thread t = new Thread(() -> consume(topic), "consume-" + topic);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(3_000);
        Thread dispatcher = new Thread(this::dispatch, "dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();

        if (args.get("status-file", null) != null) {
            Path statusFile = Path.of(args.get("status-file", null));
            Thread status = new Thread(() -> writeStatus(statusFile), "status");
            status.setDaemon(true);
            status.start();
        }
        Random random = new Random(7);
        long start = System.currentTimeMillis();
        long lastProgress = start;
        Args.log("load: %.1f petitions/s until %s exists (at most %d s)", rate, stopFile, maxDuration);
        for (int i = 0; ; i++) {
            long due = start + (long) (i * 1000.0 / rate);
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            if (Files.exists(stopFile) || due - start > maxDuration * 1000L) {
                break;
            }
            Intent intent = new Intent(i, Workload.petition(random, counties), due);
            synchronized (intents) {
                intents.add(intent);
            }
            ready.add(intent);
            if (due - lastProgress >= 10_000) {
                lastProgress = due;
                progress();
            }
        }
        long loadEnd = System.currentTimeMillis();
        Args.log("load stopped after %.0f s; waiting for open attempts", (loadEnd - start) / 1000.0);
        List<Intent> all;
        synchronized (intents) {
            all = List.copyOf(intents);
        }
        while (all.stream().anyMatch(i -> !i.done) && System.currentTimeMillis() < loadEnd + giveUpMs + 15_000) {
            Thread.sleep(250);
        }
        long drainEnd = System.currentTimeMillis() + args.integer("drain", 120) * 1000L;
        while (System.currentTimeMillis() < drainEnd && !all.stream().filter(i -> i.petitionId != null)
                .allMatch(i -> outcomes.values().stream().allMatch(m -> m.containsKey(i.petitionId)))) {
            Thread.sleep(500);
        }
        Args.log("drained %.1f s after the load", (System.currentTimeMillis() - loadEnd) / 1000.0);
        progress();
        consuming = false;

        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (Intent intent : all) {
                ObjectNode line = Args.LINE.createObjectNode();
                line.put("seq", intent.seq);
                line.put("key", intent.key);
                line.put("dueAt", intent.dueAt);
                line.put("firstSentAt", intent.firstSentAt);
                line.put("httpAt", intent.httpAt);
                line.put("attempts", intent.attempts);
                line.put("status", intent.status);
                line.put("replayed", intent.replayed);
                line.put("petitionId", intent.petitionId);
                line.put("error", intent.error);
                line.put("firstFailureAt", intent.firstFailureAt);
                line.put("lastFailureAt", intent.lastFailureAt);
                ObjectNode failures = line.putObject("failures");
                intent.failures.forEach(failures::put);
                for (String outcome : List.of("assigned", "ledger", "acknowledged")) {
                    Long at = intent.petitionId == null ? null : outcomes.get(outcome).get(intent.petitionId);
                    if (at != null) {
                        line.put(outcome + "At", at);
                    }
                    int ids = intent.petitionId == null ? 0
                            : eventIds.get(outcome).getOrDefault(intent.petitionId, Set.of()).size();
                    if (ids > 1) {
                        line.put(outcome + "DistinctEvents", ids);
                    }
                }
                writer.write(Args.LINE.writeValueAsString(line));
                writer.newLine();
            }
        }
        ObjectNode summary = Args.JSON.createObjectNode();
        summary.put("rate", rate);
        summary.put("startedAt", start);
        summary.put("loadEndedAt", loadEnd);
        summary.put("intended", all.size());
        summary.put("ok", all.stream().filter(i -> i.petitionId != null).count());
        summary.put("gaveUp", all.stream().filter(i -> i.petitionId == null).count());
        summary.put("retried", all.stream().filter(i -> i.attempts > 1).count());
        summary.put("replayed", all.stream().filter(i -> i.replayed).count());
        summary.put("failedAttempts", failedAttempts.get());
        summary.put("sameEventRedelivered", redelivered.get());
        ObjectNode samples = summary.putObject("failureSamples");
        errorSamples.forEach(samples::put);
        Files.writeString(Path.of(out.toString().replaceFirst("\\.jsonl$", "") + "-summary.json"),
                Args.JSON.writeValueAsString(summary));
        Args.log("load summary: %s", Args.LINE.writeValueAsString(summary));
        System.exit(0);
    }

    private void progress() {
        List<Intent> all;
        synchronized (intents) {
            all = List.copyOf(intents);
        }
        long ok = all.stream().filter(i -> i.petitionId != null).count();
        long open = all.stream().filter(i -> !i.done).count();
        Args.log("%d intended, %d registered, %d open, %d failed attempts; assigned %d, ledger %d, acknowledged %d",
                all.size(), ok, open, failedAttempts.get(), outcomes.get("assigned").size(),
                outcomes.get("ledger").size(), outcomes.get("acknowledged").size());
    }

    /**
     * Every second: how many intended petitions have no 2xx yet ("open") and how many registered ones sent more
     * than --lag-ms ago still lack an outcome ("lagging"); the script waits for both to be small before a fault.
     */
    private void writeStatus(Path file) {
        long lagMs = args.integer("lag-ms", 5000);
        while (consuming) {
            try {
                List<Intent> all;
                synchronized (intents) {
                    all = List.copyOf(intents);
                }
                long now = System.currentTimeMillis();
                long open = all.stream().filter(i -> !i.done).count();
                long lagging = all.stream().filter(i -> i.petitionId != null && i.dueAt < now - lagMs
                        && !outcomes.values().stream().allMatch(m -> m.containsKey(i.petitionId))).count();
                Path tmp = Path.of(file + ".tmp");
                Files.writeString(tmp, now + " " + open + " " + lagging + "\n");
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                Args.log("status: %s", e);
            }
        }
    }

    // ---------------------------------------------------------------- HTTP with retries under the same key

    private void dispatch() {
        while (true) {
            try {
                Intent intent = ready.take();
                inFlight.acquire();
                send(intent);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                inFlight.release();
                Args.log("dispatch failed: %s", e);
            }
        }
    }

    private void send(Intent intent) {
        long now = System.currentTimeMillis();
        if (intent.firstSentAt == 0) {
            intent.firstSentAt = now;
        }
        intent.attempts++;
        HttpRequest request = HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", intent.key)
                .POST(HttpRequest.BodyPublishers.ofString(intent.body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            inFlight.release();
            long at = System.currentTimeMillis();
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                retryOrGiveUp(intent, at, cause.getClass().getSimpleName(), cause.toString());
                return;
            }
            int status = response.statusCode();
            intent.status = status;
            if (status / 100 == 2) {
                try {
                    JsonNode body = Args.LINE.readTree(response.body());
                    intent.petitionId = body.get("petitionId").asText();
                    intent.replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
                    intent.httpAt = at;
                } catch (Exception e) {
                    intent.error = "2xx without a petitionId: " + response.body();
                }
                intent.done = true;
            } else if (status >= 500 || status == 408 || status == 409 || status == 429) {
                retryOrGiveUp(intent, at, "HTTP " + status, status + " " + abbreviate(response.body()));
            } else {
                intent.error = status + " " + abbreviate(response.body());
                intent.done = true;
                Args.log("petition %d refused for good: %s", intent.seq, intent.error);
            }
        });
    }

    private void retryOrGiveUp(Intent intent, long at, String kind, String detail) {
        failedAttempts.incrementAndGet();
        errorSamples.computeIfAbsent(kind, k -> detail);
        intent.failures.merge(kind, 1, Integer::sum);
        if (intent.firstFailureAt == 0) {
            intent.firstFailureAt = at;
        }
        intent.lastFailureAt = at;
        if (at - intent.dueAt > giveUpMs) {
            intent.error = "gave up after " + intent.attempts + " attempts: " + detail;
            intent.done = true;
            return;
        }
        long backoff = Math.min(2_000, 200L << Math.min(4, intent.attempts - 1)) + ThreadLocalRandom.current().nextLong(100);
        timer.schedule(() -> ready.add(intent), backoff, TimeUnit.MILLISECONDS);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    // ---------------------------------------------------------------- outcomes, by consuming the topics

    private void consume(String topic) {
        try (KafkaConsumer<String, String> consumer = Workload.tailFromNow(args.require("bootstrap"), topic)) {
            while (consuming) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.currentTimeMillis();
                    String outcome = switch (topic) {
                        case "case.assigned" -> "assigned";
                        case "notification.delivered" ->
                                record.value() != null && record.value().contains("petition.registered.receipt") ? "acknowledged" : null;
                        default -> isFirstAssignment(record.value()) ? "ledger" : null;
                    };
                    if (outcome == null || record.key() == null) {
                        continue;
                    }
                    outcomes.get(outcome).putIfAbsent(record.key(), now);
                    String id = Args.header(record, "ce_id");
                    if (!eventIds.get(outcome).computeIfAbsent(record.key(), k -> ConcurrentHashMap.newKeySet()).add(String.valueOf(id))) {
                        redelivered.incrementAndGet();
                    }
                }
            }
        } catch (RuntimeException e) {
            Args.log("consumer of %s stopped: %s", topic, e);
        }
    }

    private static boolean isFirstAssignment(String value) {
        try {
            JsonNode data = Args.LINE.readTree(value);
            return "ASSIGNED".equals(data.path("toStatus").asText()) && "REGISTERED".equals(data.path("fromStatus").asText());
        } catch (Exception e) {
            return false;
        }
    }
}

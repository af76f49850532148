package gov.petitions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.measure.IndexLag;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The index lag of intake's search under the benchmark's load (issue 22), measured while the load runs:
 * <ul>
 * <li>the gauge {@code petitions.search.lag.seconds} per topic, scraped from intake's {@code /q/metrics} once a second;
 * <li>end to end, as a user sees it: every {@code everyS} seconds, the next ledger entry (case.status-changed
 * REGISTERED → ASSIGNED) the generator consumes starts a probe that searches intake for the petition's tracking
 * number with {@code state=ASSIGNED} every {@code pollMs} until the petition is among the hits in that state, or
 * {@code timeoutS} passed (a time-out, ranked as a failure in the percentiles, never dropped).
 * </ul>
 * Both cost intake a little (a scrape a second, a few indexed searches every two seconds); {@code --index-lag false}
 * switches them off to see how much.
 */
final class SearchLag implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(2, daemon("search-lag-http"))).build(); // not the load's client
    /** the scrape apart from the probes: a slow search must not delay the gauge's second */
    private final ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor(daemon("search-lag-scrape"));
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemon("search-lag-probe"));
    private final URI metrics;
    private final String search;
    private final Supplier<String> bearer;
    private final long everyNanos;
    private final long pollMillis;
    private final long timeoutNanos;
    private final List<IndexLag.GaugeSample> gauge = new ArrayList<>();
    private final List<Long> failedScrapes = new ArrayList<>();
    private final List<IndexLag.Probe> probes = new ArrayList<>();
    /** probes still polling: their ledger entry's arrival (ns) by petition id */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private long lastSample = Long.MIN_VALUE;
    /** intake registers the gauge with its feed's bean, made when the first case event arrives: none before that */
    private boolean gaugeSeen;

    /**
     * @param metrics    intake's /q/metrics (its management port); null: the gauge is not scraped
     * @param intake     intake's API base URL
     * @param bearer     a token that may see every petition the load registers (an auditor's: the whole province,
     *                   and no recusal hides a case from it)
     */
    SearchLag(URI metrics, String intake, Supplier<String> bearer, double everyS, long pollMillis, double timeoutS) {
        this.metrics = metrics;
        this.search = intake + "/petitions/search";
        this.bearer = bearer;
        this.everyNanos = (long) (everyS * 1e9);
        this.pollMillis = pollMillis;
        this.timeoutNanos = (long) (timeoutS * 1e9);
    }

    void start() {
        if (metrics != null) {
            scraper.scheduleAtFixedRate(this::scrape, 0, 1, TimeUnit.SECONDS);
        }
    }

    private void scrape() {
        long at = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Double> values = response.statusCode() == 200 ? IndexLag.parseGauge(response.body()) : Map.of();
            synchronized (gauge) {
                if (values.isEmpty() && response.statusCode() == 200 && !gaugeSeen) {
                    return; // not there yet: nothing to sample, not a failure
                }
                gaugeSeen = true;
                if (values.isEmpty()) {
                    failedScrapes.add(at);
                    error("metrics " + response.statusCode() + (response.statusCode() == 200 ? " without " + IndexLag.GAUGE : ""));
                } else {
                    gauge.add(new IndexLag.GaugeSample(at, values));
                }
            }
        } catch (Exception e) {
            synchronized (gauge) {
                failedScrapes.add(at);
            }
            error("metrics: " + e);
        }
    }

    /**
     * The generator consumed a petition's ledger entry: probe it if a sample is due. A petition whose tracking number
     * is not known yet (its HTTP answer still being read) is skipped, and the next ledger entry is tried.
     *
     * @param recordTimestampMs the case.status-changed record's timestamp (CreateTime: when supervision's relay handed
     *                          it to its producer, on this machine's clock)
     */
    void ledgerEntry(String petitionId, String trackingNumber, long seenNanos, long recordTimestampMs) {
        if (trackingNumber == null) {
            return;
        }
        synchronized (this) {
            if (!IndexLag.due(lastSample, seenNanos, everyNanos)) {
                return;
            }
            lastSample = seenNanos;
        }
        inFlight.put(petitionId, seenNanos);
        String uri = search + "?size=1&state=ASSIGNED&trackingNumber=" + URLEncoder.encode(trackingNumber, StandardCharsets.UTF_8);
        // not on the caller's thread: that is the generator's consumer of the topic
        scheduler.execute(() -> poll(petitionId, URI.create(uri), seenNanos, recordTimestampMs, 1));
    }

    private void poll(String petitionId, URI uri, long seenNanos, long recordTimestampMs, int polls) {
        boolean found = false;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + bearer.get()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                for (JsonNode hit : JSON.readTree(response.body()).path("items")) {
                    found |= petitionId.equals(hit.path("petitionId").asText()) && "ASSIGNED".equals(hit.path("state").asText());
                }
            } else {
                error("search " + response.statusCode() + " " + response.body().substring(0, Math.min(200, response.body().length())));
            }
        } catch (Exception e) {
            error("search: " + e);
        }
        long now = System.nanoTime();
        if (found) {
            done(petitionId, new IndexLag.Probe(seenNanos, (double) (System.currentTimeMillis() - recordTimestampMs),
                    (now - seenNanos) / 1e6, polls));
        } else if (now - seenNanos >= timeoutNanos) {
            done(petitionId, new IndexLag.Probe(seenNanos, null, null, polls));
        } else {
            scheduler.schedule(() -> poll(petitionId, uri, seenNanos, recordTimestampMs, polls + 1), pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void done(String petitionId, IndexLag.Probe probe) {
        synchronized (probes) {
            probes.add(probe);
        }
        inFlight.remove(petitionId);
    }

    /** Waits (at most the time-out and a little) until every probe of a ledger entry seen before {@code before} ended. */
    void awaitProbes(long before) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos + 10_000_000_000L;
        while (inFlight.values().stream().anyMatch(seen -> seen < before) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void error(String text) {
        synchronized (errorSamples) {
            if (errorSamples.size() < 5) {
                errorSamples.add(text);
            }
        }
    }

    /** searchIndexLag of a stage: both measures over the window [from, to) (System.nanoTime). */
    ObjectNode toJson(long from, long to) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode g = node.putObject("gauge");
        if (metrics == null) {
            g.put("scraped", false);
        } else {
            List<IndexLag.GaugeSample> samples;
            long failed;
            synchronized (gauge) {
                samples = List.copyOf(gauge);
                failed = failedScrapes.stream().filter(at -> at >= from && at < to).count();
            }
            g.put("everyS", 1);
            g.put("scrapes", samples.stream().filter(s -> s.nanos() >= from && s.nanos() < to).count());
            g.put("scrapesFailed", failed);
            g.set("byTopicMs", JSON.valueToTree(IndexLag.gauge(samples, from, to)));
        }
        List<IndexLag.Probe> done;
        synchronized (probes) {
            done = List.copyOf(probes);
        }
        IndexLag.EndToEnd e2e = IndexLag.endToEnd(done, from, to);
        ObjectNode e = node.putObject("endToEnd");
        e.put("everyS", everyNanos / 1e9);
        e.put("pollMs", pollMillis);
        e.put("timeoutS", timeoutNanos / 1e9);
        e.put("samples", e2e.samples());
        e.put("timedOut", e2e.timedOut());
        e.put("searches", e2e.searches());
        e.set("fromEventMs", JSON.valueToTree(e2e.fromEventMs()));
        e.set("fromSeenMs", JSON.valueToTree(e2e.fromSeenMs()));
        synchronized (errorSamples) {
            errorSamples.forEach(node.putArray("errorSamples")::add);
        }
        return node;
    }

    @Override
    public void close() {
        scraper.shutdownNow();
        scheduler.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

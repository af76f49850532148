package gov.petitions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes against a stand-in for intake: its metrics, and a search whose read model catches up after a while. */
class SearchLagTest {

    private final Map<String, AtomicInteger> searchesBy = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** XF…1 is found ASSIGNED from its fourth search on; XF…2 never (its state stays null) */
    private void search(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        queries.add(query);
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        String number = query.replaceAll(".*trackingNumber=([A-Z0-9]+).*", "$1");
        int n = searchesBy.computeIfAbsent(number, k -> new AtomicInteger()).incrementAndGet();
        String id = number.endsWith("1") ? "11111111-1111-1111-1111-111111111111" : "22222222-2222-2222-2222-222222222222";
        boolean caughtUp = number.endsWith("1") && n >= 4;
        // as intake answers with state=ASSIGNED: no hit until the read model has the state (the test also checks the hit's state)
        String body = caughtUp
                ? "{\"total\":1,\"items\":[{\"petitionId\":\"" + id + "\",\"trackingNumber\":\"" + number + "\",\"state\":\"ASSIGNED\"}]}"
                : "{\"total\":0,\"items\":[]}";
        reply(exchange, body);
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Test
    void probesUntilSearchShowsTheStateAndCountsTimeOuts() throws Exception {
        HttpServer intake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        intake.createContext("/petitions/search", this::search);
        AtomicInteger scrapes = new AtomicInteger();
        // intake has no gauge before its first case event: the first scrape finds none, which is no failure
        intake.createContext("/q/metrics", exchange -> reply(exchange, scrapes.incrementAndGet() == 1 ? "jvm_threads_live_threads 40.0\n" : """
                # TYPE petitions_search_lag_seconds gauge
                petitions_search_lag_seconds{topic="case.assigned"} 0.25
                petitions_search_lag_seconds{topic="case.status-changed"} 0.5
                """));
        intake.start();
        String base = "http://127.0.0.1:" + intake.getAddress().getPort();
        try (SearchLag lag = new SearchLag(URI.create(base + "/q/metrics"), base, () -> "auditor-token", 0.2, 20, 1.0)) {
            long from = System.nanoTime();
            lag.start();
            long seen = System.nanoTime();
            lag.ledgerEntry("11111111-1111-1111-1111-111111111111", "XF2026120600000001", seen, System.currentTimeMillis() - 40);
            // within everyS of the first: not a sample, and nothing searched for it
            lag.ledgerEntry("33333333-3333-3333-3333-333333333333", "XF2026120600000003", seen + 1, System.currentTimeMillis());
            // no tracking number known yet: skipped, and the next one is probed instead
            lag.ledgerEntry("44444444-4444-4444-4444-444444444444", null, seen + 300_000_000L, System.currentTimeMillis());
            lag.ledgerEntry("22222222-2222-2222-2222-222222222222", "XF2026120600000002", seen + 300_000_001L, System.currentTimeMillis());
            lag.awaitProbes(seen + 1_000_000_000L);
            Thread.sleep(2_200); // a scrape or two more
            JsonNode json = lag.toJson(from, System.nanoTime());

            JsonNode e2e = json.path("endToEnd");
            assertEquals(2, e2e.path("samples").asInt(), e2e.toString());
            assertEquals(1, e2e.path("timedOut").asInt(), "XF…2 never showed in 1 s");
            assertEquals(4, searchesBy.get("XF2026120600000001").get(), "found at its fourth search, then no more");
            assertTrue(searchesBy.get("XF2026120600000002").get() >= 10, "polled every 20 ms until the time-out");
            assertTrue(!searchesBy.containsKey("XF2026120600000003"), "not a sample: never searched for");
            assertEquals(searchesBy.values().stream().mapToInt(AtomicInteger::get).sum(), e2e.path("searches").asInt());
            double fromEvent = e2e.path("fromEventMs").path("p50").asDouble();
            double fromSeen = e2e.path("fromSeenMs").path("p50").asDouble();
            assertTrue(fromSeen >= 3 * 20 && fromSeen < 1_000, "three pauses of 20 ms at least: " + fromSeen);
            assertTrue(fromEvent >= fromSeen + 30, "the event was 40 ms older than its sight: " + fromEvent + " vs " + fromSeen);
            assertTrue(e2e.path("fromSeenMs").path("p99").isNull(), "one of two timed out: p99 falls among the failures");
            assertTrue(queries.stream().allMatch(q -> q.contains("state=ASSIGNED") && q.contains("size=1")), queries.toString());
            assertTrue(authorizations.stream().allMatch("Bearer auditor-token"::equals));

            JsonNode gauge = json.path("gauge");
            assertTrue(gauge.path("scrapes").asInt() >= 1, gauge.toString());
            assertEquals(0, gauge.path("scrapesFailed").asInt(), "the scrape before the gauge existed is not a failure");
            int counted = gauge.path("scrapes").asInt();
            // every scrape after the first is a sample; the last may still have been on its way when the report was made
            assertTrue(counted >= 1 && counted <= scrapes.get() - 1 && counted >= scrapes.get() - 2, scrapes + " " + gauge);
            assertEquals(250.0, gauge.path("byTopicMs").path("case.assigned").path("max").asDouble());
            assertEquals(500.0, gauge.path("byTopicMs").path("case.status-changed").path("p50").asDouble());
            assertEquals(0, json.path("errorSamples").size(), "no error: " + json.get("errorSamples"));
        } finally {
            intake.stop(0);
        }
    }
}

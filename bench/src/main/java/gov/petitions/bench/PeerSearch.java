package gov.petitions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.measure.StepSearch;
import gov.petitions.bench.measure.Sustained;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The same step search for the Flowable peer ({@code ../shared/peers/flowable-bench}): every step is one run of
 * {@code bench/scripts/peer.sh RATE WARMUP WINDOW VARIANT} on a fresh database, judged by
 * {@link Sustained#judgePeer} on what the peer reports (reached rate, backlog at the window's end, p99 to the accept
 * task, start errors and its own verification after the drain).
 *
 * <pre>java -cp ... gov.petitions.bench.PeerSearch --variants "sync async" --search-start 10 --warmup 30 --window 300 \
 *   --peer-script bench/scripts/peer.sh --out bench-…-peer-search.json</pre>
 */
public final class PeerSearch {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PeerSearch() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Sustained.Criteria criteria = new Sustained.Criteria(Double.parseDouble(o.getOrDefault("tolerance", "0.02")),
                Double.parseDouble(o.getOrDefault("p99-limit-ms", "2000")), 1.0);
        String warmup = o.getOrDefault("warmup", "30");
        String window = o.getOrDefault("window", "300");
        ObjectNode report = JSON.createObjectNode();
        report.put("warmupS", Integer.parseInt(warmup));
        report.put("windowS", Integer.parseInt(window));
        ObjectNode variants = report.putObject("variants");
        for (String variant : o.getOrDefault("variants", "sync async").trim().split("\\s+")) {
            StepSearch search = new StepSearch(Double.parseDouble(o.getOrDefault("search-start", "10")),
                    Double.parseDouble(o.getOrDefault("search-factor", "1.5")), Integer.parseInt(o.getOrDefault("bisect", "3")),
                    Double.parseDouble(o.getOrDefault("search-min", "1")), Double.parseDouble(o.getOrDefault("search-max", "5000")));
            ObjectNode v = variants.putObject(variant);
            ArrayNode steps = v.putArray("steps");
            Map<Double, ObjectNode> byRate = new TreeMap<>();
            for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
                double rate = next.getAsDouble();
                // the peer takes whole petitions per second
                long asked = Math.max(1, Math.round(rate));
                JsonNode result = runPeer(o.getOrDefault("peer-script", "bench/scripts/peer.sh"), asked, warmup, window, variant);
                ObjectNode step = JSON.createObjectNode();
                step.put("offeredRate", asked);
                Sustained.Verdict verdict;
                if (result == null) {
                    verdict = new Sustained.Verdict(false, 0, 0, List.of("the peer run failed"));
                } else {
                    long lost = result.path("startErrors").asLong() + Math.max(0, result.path("startedTotal").asLong()
                            - result.path("reachedTotal").asLong()) + (result.path("verified").asBoolean(false) ? 0 : 1);
                    verdict = Sustained.judgePeer(criteria, asked, result.path("reachedPerS").asDouble(),
                            result.path("backlogAtWindowEnd").asLong(), result.path("p99ms").asDouble(), lost);
                    step.put("lost", lost);
                }
                step.put("acknowledgedRate", verdict.acknowledgedRate());
                step.put("passed", verdict.passed());
                verdict.reasons().forEach(step.putArray("reasons")::add);
                step.set("result", result);
                steps.add(step);
                byRate.put((double) asked, step);
                search.record(rate, verdict.passed());
                System.err.printf("[peer] %s %d/s: %s%n", variant, asked,
                        verdict.passed() ? "sustained" : "not sustained: " + String.join("; ", verdict.reasons()));
            }
            OptionalDouble sustained = search.sustained();
            if (sustained.isPresent()) {
                long asked = Math.max(1, Math.round(sustained.getAsDouble()));
                v.put("sustainedRate", asked);
                v.set("atSustainedRate", byRate.get((double) asked));
            } else {
                v.putNull("sustainedRate");
            }
        }
        Files.writeString(Path.of(o.getOrDefault("out", "peer-search.json")), JSON.writeValueAsString(report));
    }

    /** the peer's JSON result line, or null when it printed none */
    private static JsonNode runPeer(String script, long rate, String warmup, String window, String variant) throws Exception {
        Process process = new ProcessBuilder(script, String.valueOf(rate), warmup, window, variant)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        }
        process.waitFor();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return JSON.readTree(lines.get(i));
            }
        }
        return null;
    }
}

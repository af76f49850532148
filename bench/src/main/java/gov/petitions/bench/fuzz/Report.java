package gov.petitions.bench.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

/** the Markdown beside the JSON report */
final class Report {

    private Report() {
    }

    static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        md.append("# Fuzzing every POST/PUT — ").append(r.path("ok").asBoolean() ? "passed" : "FAILED").append("\n\n");
        md.append("- command: `").append(r.path("command").asText()).append("`\n");
        md.append("- seed: `").append(r.path("seed").asText()).append("` (the same seed sends the same bodies)\n");
        md.append("- ").append(r.path("endpointCount").asInt()).append(" endpoints, ").append(r.path("perEndpoint").asInt())
                .append(" bodies each, ").append(r.path("concurrency").asInt()).append(" in flight, time limit ")
                .append(r.path("timeLimitMs").asLong()).append(" ms\n");
        md.append("- ").append(r.path("startedAt").asText()).append(" → ").append(r.path("finishedAt").asText()).append("\n");
        long sent = 0, ok = 0, c4 = 0, c429 = 0, c5 = 0, dropped = 0, slow = 0, np = 0;
        for (JsonNode e : r.path("endpoints")) {
            sent += e.path("sent").asLong();
            ok += e.path("2xx").asLong();
            c4 += e.path("4xx").asLong();
            c429 += e.path("429").asLong();
            c5 += e.path("5xx").asLong();
            dropped += e.path("dropped").asLong();
            slow += e.path("overTimeLimit").asLong();
            np += e.path("notProblemJson").asLong();
        }
        md.append(String.format("- totals: %,d sent; 2xx %,d; 4xx %,d (besides 429); 429 %,d; 5xx %,d; dropped %,d; over the time limit %,d; 4xx not problem+json %,d%n",
                sent, ok, c4, c429, c5, dropped, slow, np));
        md.append("- events during the run: `").append(r.path("eventsTotal").toString()).append("`\n\n");
        if (r.path("problems").size() > 0) {
            md.append("## Problems\n\n");
            r.path("problems").forEach(p -> md.append("- ").append(p.asText()).append('\n'));
            md.append('\n');
        }
        md.append("## Per endpoint\n\n");
        md.append("| service | method | path | role | sent | 2xx | 4xx by status | 429 | 5xx | dropped | slowest ms | events seen | expected |\n");
        md.append("|---|---|---|---|---:|---:|---|---:|---:|---:|---:|---|---|\n");
        for (JsonNode e : r.path("endpoints")) {
            StringBuilder by = new StringBuilder();
            e.path("byStatus").fields().forEachRemaining(s -> {
                if (s.getKey().startsWith("4") && !s.getKey().equals("429")) by.append(s.getKey()).append(':').append(s.getValue().asText()).append(' ');
            });
            md.append("| ").append(e.path("service").asText()).append(" | ").append(e.path("method").asText()).append(" | `")
                    .append(e.path("path").asText()).append("` | ").append(e.path("role").asText()).append(" | ")
                    .append(e.path("sent").asInt()).append(" | ").append(e.path("2xx").asInt()).append(" | ")
                    .append(by.toString().trim()).append(" | ").append(e.path("429").asInt()).append(" | ")
                    .append(e.path("5xx").asInt()).append(" | ").append(e.path("dropped").asInt() + e.path("overTimeLimit").asInt())
                    .append(" | ").append(e.path("slowestMs").asLong()).append(" | `").append(e.path("events").toString())
                    .append("` | `").append(e.path("eventsExpected").toString()).append("` |\n");
        }
        md.append("\nDropped includes answers over the time limit. 2xx by mutation family, per endpoint, and the failure samples ")
                .append("(request preview, response, replay command) are in the JSON report.\n");
        boolean any = false;
        for (JsonNode e : r.path("endpoints")) {
            if (e.path("failureSamples").isEmpty()) continue;
            if (!any) md.append("\n## Failure samples\n");
            any = true;
            md.append("\n### ").append(e.path("service").asText()).append(' ').append(e.path("method").asText()).append(' ')
                    .append(e.path("path").asText()).append("\n\n");
            for (JsonNode f : e.path("failureSamples")) {
                md.append("- **").append(f.path("kind").asText()).append("** #").append(f.path("index").asText()).append(" — ")
                        .append(f.path("mutation").asText()).append(", ").append(f.path("requestContentType").asText())
                        .append(", ").append(f.path("requestBytes").asText()).append(" bytes → ")
                        .append(f.path("status").asInt() < 0 ? f.path("error").asText() : f.path("status").asText() + " " + f.path("responseContentType").asText())
                        .append("\n  - request: `").append(f.path("requestPreview").asText().replace("`", "'")).append("`\n")
                        .append("  - response: `").append(f.path("responsePreview").asText().replace("`", "'")).append("`\n")
                        .append("  - replay: `").append(f.path("replay").asText()).append("`\n");
            }
        }
        return md.toString();
    }
}

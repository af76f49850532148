package gov.petitions.bench.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.Workload;
import gov.petitions.bench.fuzz.Tokens;
import gov.petitions.bench.measure.Percentiles;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the scale runs ({@link Grow} for supervision, {@link GrowIntake} for intake) do the same way: their setup,
 * timing one operation through the API, counting tables, and writing the report as JSON and Markdown side by side.
 * Each run keeps its own synthesis, its own operations and its own report's columns.
 */
final class ScaleRun {

    /** Timed runs of each operation, after {@link #WARM_UP} untimed ones (connections, JIT, caches). */
    static final int REPEATS = 20;
    static final int WARM_UP = 3;
    /** Rows synthesised per transaction. */
    static final int BATCH = 50_000;
    static final ObjectMapper JSON = new ObjectMapper();

    /** The request to time next (a token signed, a body made: not timed). */
    interface Request {
        HttpRequest build() throws Exception;
    }

    /** An operation's times, and its last answer (for what it found). */
    record Measured<T>(Percentiles.Stats stats, HttpResponse<T> last) {
    }

    private ScaleRun() {
    }

    /**
     * What a run is given ({@code --name value} pairs, as ./petitions scale passes them): how many rows to grow to,
     * the key to sign staff tokens with, the province's counties, where to write the report; and the places its
     * reads are made for: the province, a city in the middle of the list and that city's first county.
     */
    record Setup(Map<String, String> options, long target, Tokens tokens, List<String> counties, Path out,
                 String province, String city, String county) {

        static Setup of(String[] args, String defaultOut) throws Exception {
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            Tokens tokens = new Tokens(Path.of(options.get("sign-key")), options.getOrDefault("issuer",
                    "https://petitions.local/issuer"), "scale");
            List<String> counties = Workload.counties(Workload.countiesFile(options.get("counties")));
            String city = counties.get(counties.size() / 2).substring(0, 4);
            return new Setup(options, Long.parseLong(options.getOrDefault("petitions", "1000000")), tokens, counties,
                    Path.of(options.getOrDefault("out", defaultOut)), counties.get(0).substring(0, 2), city,
                    counties.stream().filter(c -> c.startsWith(city)).findFirst().orElseThrow());
        }

        String option(String name, String otherwise) {
            return options.getOrDefault(name, otherwise);
        }

        /** The service's database (--pg-url, --pg-user; the password from PGPASSWORD). */
        Connection database() throws Exception {
            return DriverManager.getConnection(options.get("pg-url"), options.get("pg-user"),
                    System.getenv("PGPASSWORD"));
        }
    }

    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Sends the request {@code request} gives {@link #REPEATS} times after {@link #WARM_UP} untimed ones, one after
     * another, and times each from sending to the whole answer; building the request (a token, a body) is not timed.
     * Every answer must have the status {@code expected}, or the run stops: a fast error is no measurement.
     */
    static <T> Measured<T> time(HttpClient http, Object what, int expected, Request request,
                                HttpResponse.BodyHandler<T> body) throws Exception {
        double[] ms = new double[REPEATS];
        HttpResponse<T> last = null;
        for (int i = -WARM_UP; i < REPEATS; i++) {
            HttpRequest next = request.build();
            long t0 = System.nanoTime();
            HttpResponse<T> response = http.send(next, body);
            double took = (System.nanoTime() - t0) / 1e6;
            if (response.statusCode() != expected) {
                throw new IllegalStateException(what + " answered " + response.statusCode()
                        + (response.body() == null ? "" : ": " + response.body()));
            }
            if (i >= 0) {
                ms[i] = took;
            }
            last = response;
        }
        return new Measured<>(Percentiles.of(ms, 0), last);
    }

    /** How a store grew: its rows before and after, and the seconds the synthesis took. */
    record Growth(long before, long after, long seconds) {
    }

    /** A run's synthesis of rows, numbered on from {@code from}. */
    interface Synthesis {
        void run(long from) throws Exception;
    }

    /**
     * Runs the synthesis from {@code before} (the rows the caller counted before it timed anything: what it timed may
     * have added some) and counts {@code table} after it.
     */
    static Growth grow(Connection db, String table, long before, Synthesis synthesis) throws Exception {
        long started = System.nanoTime();
        synthesis.run(before);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return new Growth(before, count(db, table), seconds);
    }

    static long count(Connection db, String table) throws Exception {
        return number(db, "select count(*) from " + table);
    }

    /** The one number {@code query} answers. */
    static long number(Connection db, String query) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The row count of each table, in the order given. */
    static Map<String, Long> sizes(Connection db, List<String> tables) throws Exception {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String table : tables) {
            sizes.put(table, count(db, table));
        }
        return sizes;
    }

    /**
     * Begins the report: in the JSON how the store grew ({@code <key>Before}, {@code <key>After}, synthesisSeconds,
     * sizes), in the Markdown the title and the same in a line.
     */
    static ObjectNode head(StringBuilder md, String title, String key, String counted, Growth growth,
                           Map<String, Long> sizes) {
        ObjectNode json = JSON.createObjectNode();
        json.put(key + "Before", growth.before());
        json.put(key + "After", growth.after());
        json.put("synthesisSeconds", growth.seconds());
        json.set("sizes", JSON.valueToTree(sizes));
        md.append("# ").append(title).append("\n\n").append(String.format(Locale.ROOT,
                "%s: %,d before, %,d after (synthesised in %d s); %s.%n%n", counted, growth.before(), growth.after(),
                growth.seconds(), sizes));
        return json;
    }

    /** Puts an operation's p50 and p95 before (when it was timed then) and after the growth into its report row. */
    static void putStats(ObjectNode row, Percentiles.Stats small, Percentiles.Stats grown) {
        if (small != null) {
            row.put("p50SmallMs", small.p50());
            row.put("p95SmallMs", small.p95());
        }
        row.put("p50GrownMs", grown.p50());
        row.put("p95GrownMs", grown.p95());
    }

    /** A number of ms for the Markdown table, or a dash where there is none. */
    static String ms(Percentiles.Stats stats, boolean p95) {
        return stats == null ? "—" : String.format(Locale.ROOT, "%.1f", p95 ? stats.p95() : stats.p50());
    }

    /** Writes {@code out} (JSON) and the Markdown beside it (same name, .md). */
    static void write(Path out, ObjectNode json, CharSequence markdown) throws Exception {
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
        Path md = Path.of(out.toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(md, markdown);
        say("wrote %s and %s", out, md);
    }

    static void say(String format, Object... args) {
        System.out.println("[scale] " + String.format(Locale.ROOT, format, args));
    }
}

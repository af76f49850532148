package gov.petitions.bench.scale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.fuzz.Tokens;
import gov.petitions.bench.measure.Percentiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static gov.petitions.bench.scale.ScaleRun.BATCH;
import static gov.petitions.bench.scale.ScaleRun.REPEATS;
import static gov.petitions.bench.scale.ScaleRun.WARM_UP;
import static gov.petitions.bench.scale.ScaleRun.say;

/**
 * The cost of staff reads as the ledger grows (issue 20, "Cost as the data grows"): times the reads supervisors,
 * handlers and leaders make through the API on the instance as it is, then synthesises ledger entries into
 * supervision's database up to the target — three years of a province, about 3 % of the cases open, four timeline
 * entries each, spread over the province's counties and the categories as the load generator spreads them — and times
 * the same reads again. The rows are written with SQL straight into the tables the service reads (what the service
 * would have written, not a replay of a million registrations through five services), marked by their tracking
 * numbers ({@code XS…}) so that nobody takes them for real cases; open ones are due in the future, so the deadline
 * scanner publishes nothing for them.
 *
 * <p>Every read is timed {@link ScaleRun#REPEATS} times after {@link ScaleRun#WARM_UP} untimed ones; p50 and p95 in ms,
 * and the ratio of p95 grown to p95 small against the targets: ≤ 50 ms p95 for every staff read.
 */
public final class Grow {

    static final double TARGET_P95_MS = 50;
    private static final String[] CATEGORIES = {"labour-wages", "social-security", "land-housing", "urban-construction",
            "environment", "public-security", "health", "education", "agriculture", "other"};

    private record Read(String name, String who, String path, String role, String unit, String jurisdiction) {
    }

    private record Timed(Read read, Percentiles.Stats stats, int status) {
    }

    public static void main(String[] args) throws Exception {
        ScaleRun.Setup setup = ScaleRun.Setup.of(args, "bench/results/scale.json");
        String supervision = setup.option("supervision", "http://127.0.0.1:26083");
        String province = setup.province();
        String city = setup.city();
        String county = setup.county();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String year = String.valueOf(today.getYear());
        String month = today.toString().substring(0, 7);

        List<Read> reads = List.of(
                new Read("queue", "county supervisor " + county, "/cases/queue?page=0&size=50", "supervisor", null, county),
                new Read("queue", "city supervisor " + city, "/cases/queue?page=0&size=50", "supervisor", null, city),
                new Read("queue", "province supervisor " + province, "/cases/queue?page=0&size=50", "supervisor", null, province),
                new Read("queue", "handler " + county + "-RSJ", "/cases/queue?page=0&size=50", "handler", county + "-RSJ", null),
                new Read("queue, overdue only", "province supervisor", "/cases/queue?page=0&size=50&overdue=true", "supervisor", null, province),
                new Read("volume, month", "city " + city, "/statistics/volume?period=month&date=" + month + "&jurisdiction=" + city, "leader", null, province),
                new Read("volume, month", "province", "/statistics/volume?period=month&date=" + month + "&jurisdiction=" + province, "leader", null, province),
                new Read("volume, year", "city " + city, "/statistics/volume?period=year&date=" + year + "&jurisdiction=" + city, "leader", null, province),
                new Read("volume, year", "province", "/statistics/volume?period=year&date=" + year + "&jurisdiction=" + province, "leader", null, province),
                new Read("performance, month", "province", "/statistics/performance?period=month&date=" + month + "&jurisdiction=" + province, "leader", null, province),
                new Read("performance, year", "city " + city, "/statistics/performance?period=year&date=" + year + "&jurisdiction=" + city, "leader", null, province),
                new Read("performance, year", "province", "/statistics/performance?period=year&date=" + year + "&jurisdiction=" + province, "leader", null, province));

        HttpClient http = ScaleRun.http();
        try (Connection db = setup.database()) {
            long before = ScaleRun.count(db, "ledger_entry");
            say("%,d ledger entries before; timing the reads", before);
            List<Timed> small = time(http, supervision, setup.tokens(), reads);
            ScaleRun.Growth growth = ScaleRun.grow(db, "ledger_entry", before,
                    from -> grow(db, from, setup.target(), setup.counties()));
            say("%,d ledger entries after (%d s to synthesise); vacuuming, analysing and timing the reads again",
                    growth.after(), growth.seconds());
            // as autovacuum would have left a table that grew over three years: statistics, and the visibility map
            // that index-only scans rely on
            try (Statement s = db.createStatement()) {
                s.execute("vacuum analyze ledger_entry");
                s.execute("vacuum analyze timeline_event");
                s.execute("analyze ledger_month"); // kept by a trigger on every ledger write (V20)
            }
            String caseId;
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                    "select petition_id from ledger_entry where tracking_number like 'XS%' and status = 'ACCEPTED' limit 1")) {
                caseId = r.next() ? r.getString(1) : null;
            }
            List<Read> grownReads = new ArrayList<>(reads);
            if (caseId != null) {
                grownReads.add(new Read("one case (ledger and timeline)", "province supervisor", "/ledger/" + caseId,
                        "supervisor", null, province));
            }
            List<Timed> grown = time(http, supervision, setup.tokens(), grownReads);
            Map<String, Long> sizes = ScaleRun.sizes(db, List.of("ledger_entry", "timeline_event", "deadline"));
            sizes.put("open cases", ScaleRun.number(db,
                    "select count(*) from ledger_entry where status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED')"));
            report(setup.out(), growth, sizes, small, grown);
        }
    }

    /**
     * Ledger entries up to {@code target} in batches, each with four timeline entries (registered, assigned, accepted,
     * and replied or the open state). Open (about 3 %): registered within the last 50 days, due after now. Closed: any
     * day of the last three years.
     */
    static void grow(Connection db, long from, long target, List<String> counties) throws Exception {
        db.setAutoCommit(false);
        String ledger = """
                insert into ledger_entry (petition_id, tracking_number, status, unit_code, level, category_code,
                    location_code, person_count, registered_at, assigned_at, acceptance_due_at, handling_due_at,
                    accepted_at, replied_at, closed_at, updated_at, channel, received_on, accused_unit_codes, urgency,
                    urgency_source, satisfied)
                select md5('scale' || g)::uuid, 'XS' || lpad(g::text, 14, '0'), st, c || '-RSJ', 'COUNTY', cat, c,
                    1 + (g % 7 = 0)::int * (g % 40), reg, reg + interval '2 hours', reg + interval '15 days',
                    reg + interval '75 days', case when st = 'ASSIGNED' then null else reg + interval '3 days' end,
                    case when st in ('ASSIGNED', 'ACCEPTED', 'EXTENDED') then null else reg + interval '40 days' end,
                    case when st in ('EVALUATED', 'FINAL', 'NOT_ACCEPTED') then reg + interval '70 days' end,
                    reg + interval '40 days', (array['WALK_IN', 'LETTER', 'HOTLINE', 'ONLINE'])[1 + (g % 4)::int],
                    (reg at time zone 'Asia/Shanghai')::date, '{}', 'NORMAL', 'RULE',
                    case when st = 'EVALUATED' then g % 5 <> 0 end
                from (
                    select g, (?::text[])[1 + ((g * 7919) % ?)::int] as c, (?::text[])[1 + ((g / 3) % ?)::int] as cat,
                        case when g % 100 < 3 then (array['ASSIGNED', 'ACCEPTED', 'EXTENDED'])[1 + (g % 3)::int]
                             else (array['EVALUATED', 'REPLIED', 'FINAL', 'NOT_ACCEPTED', 'EVALUATED'])[1 + ((g / 100) % 5)::int]
                        end as st,
                        case when g % 100 < 3 then now() - make_interval(days => (g % 50)::int, secs => (g % 86400)::int)
                             else now() - make_interval(days => 75 + ((g * 13) % 1020)::int, secs => (g % 86400)::int)
                        end as reg
                    from generate_series(?::bigint, ?::bigint) g) s
                on conflict do nothing""";
        String timeline = """
                insert into timeline_event (petition_id, at, from_status, to_status, actor, actor_role, unit_code,
                    reason, position, prev_hash, hash)
                select e.petition_id, e.registered_at + p * interval '1 day',
                    (array[null, 'REGISTERED', 'ASSIGNED', 'ACCEPTED'])[1 + p],
                    (array['REGISTERED', 'ASSIGNED', 'ACCEPTED', e.status])[1 + p],
                    (array['intake', 'routing', 'handler-scale', 'handler-scale'])[1 + p],
                    (array['system', 'system', 'handler', 'handler'])[1 + p], e.unit_code, null, p,
                    case when p = 0 then repeat('0', 64) else md5(e.petition_id::text || (p - 1)) || md5((p - 1)::text || e.petition_id::text) end,
                    md5(e.petition_id::text || p) || md5(p::text || e.petition_id::text)
                from ledger_entry e cross join generate_series(0, 3) p
                where e.petition_id in (select md5('scale' || g)::uuid from generate_series(?::bigint, ?::bigint) g)
                on conflict do nothing""";
        String[] countyArray = counties.toArray(String[]::new);
        for (long start = from + 1; start <= target; start += BATCH) {
            long end = Math.min(target, start + BATCH - 1);
            long t0 = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement(ledger); PreparedStatement chain = db.prepareStatement(timeline)) {
                insert.setArray(1, db.createArrayOf("text", countyArray));
                insert.setInt(2, countyArray.length);
                insert.setArray(3, db.createArrayOf("text", CATEGORIES));
                insert.setInt(4, CATEGORIES.length);
                insert.setLong(5, start);
                insert.setLong(6, end);
                int rows = insert.executeUpdate();
                chain.setLong(1, start);
                chain.setLong(2, end);
                int entries = chain.executeUpdate();
                db.commit();
                say("  %,d / %,d (%,d entries, %,d timeline entries, %.1f s)", end, target, rows, entries,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        db.setAutoCommit(true);
    }

    private static List<Timed> time(HttpClient http, String base, Tokens tokens, List<Read> reads) throws Exception {
        List<Timed> timed = new ArrayList<>();
        for (Read read : reads) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + read.path())).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens.bearer(read.role(), read.unit(), read.jurisdiction()))
                    .GET().build();
            ScaleRun.Measured<Void> measured = ScaleRun.time(http, read, 200, () -> request,
                    HttpResponse.BodyHandlers.discarding());
            Percentiles.Stats stats = measured.stats();
            say("  %-32s %-34s p50 %8.1f ms  p95 %8.1f ms", read.name(), read.who(), stats.p50(), stats.p95());
            timed.add(new Timed(read, stats, measured.last().statusCode()));
        }
        return timed;
    }

    private static void report(Path out, ScaleRun.Growth growth, Map<String, Long> sizes, List<Timed> small,
                               List<Timed> grown) throws Exception {
        StringBuilder md = new StringBuilder();
        ObjectNode json = ScaleRun.head(md, "Staff reads as the ledger grows", "ledgerEntries", "Ledger entries", growth,
                sizes);
        json.put("targetP95Ms", TARGET_P95_MS);
        ArrayNode rows = json.putArray("reads");
        md.append("Each read through the API, ").append(REPEATS).append(" times after ").append(WARM_UP)
                .append(" untimed; target ≤ ").append((int) TARGET_P95_MS).append(" ms p95.\n\n")
                .append("| read | as | p50 ms small | p95 ms small | p50 ms grown | p95 ms grown | × (p95) | target |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Timed g : grown) {
            Timed s = small.stream().filter(t -> t.read().equals(g.read())).findFirst().orElse(null);
            ObjectNode row = rows.addObject();
            row.put("read", g.read().name());
            row.put("as", g.read().who());
            row.put("path", g.read().path().replaceAll("/ledger/[0-9a-f-]+", "/ledger/{id}"));
            ScaleRun.putStats(row, s == null ? null : s.stats(), g.stats());
            boolean met = g.stats().p95() <= TARGET_P95_MS;
            row.put("targetMet", met);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.1f | %s | %s |%n", g.read().name(),
                    g.read().who(), ScaleRun.ms(s == null ? null : s.stats(), false),
                    ScaleRun.ms(s == null ? null : s.stats(), true), g.stats().p50(),
                    g.stats().p95(), s == null ? "—" : String.format(Locale.ROOT, "%.0f", g.stats().p95() / s.stats().p95()),
                    met ? "met" : "missed"));
        }
        ScaleRun.write(out, json, md);
    }

    private Grow() {
    }
}

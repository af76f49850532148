package gov.petitions.bench.scale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.bench.Workload;
import gov.petitions.bench.fuzz.Tokens;
import gov.petitions.bench.measure.Percentiles;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static gov.petitions.bench.scale.ScaleRun.BATCH;
import static gov.petitions.bench.scale.ScaleRun.JSON;
import static gov.petitions.bench.scale.ScaleRun.REPEATS;
import static gov.petitions.bench.scale.ScaleRun.WARM_UP;
import static gov.petitions.bench.scale.ScaleRun.say;

/**
 * Registration and search as intake's store grows (issue 20, "Cost as the data grows": every registration ≤ 30 ms
 * p95 and every staff read ≤ 50 ms p95 at 1,000,000 petitions; issue 22, search). Times a clerk's registration and
 * staff searches through the API on the instance as it is, synthesises petitions into intake's database up to the
 * target — three years of a province, petitioners who come back (one in five petitions is a second one), summaries
 * written from the phrases petitions are made of, search's read model of each case's unit and state — and times the
 * same again. Rows are written with SQL straight into the tables intake reads, marked by their tracking numbers
 * ({@code XS…}); their personal data is a placeholder ciphertext nobody can decrypt (nothing here reads it).
 */
public final class GrowIntake {

    static final double READ_TARGET_P95_MS = 50;
    static final double REGISTRATION_TARGET_P95_MS = 30;
    private static final String[] CATEGORIES = {"labour-wages", "social-security", "land-housing", "urban-construction",
            "law-enforcement", "education", "health", "environment", "rural-affairs", "civil-affairs",
            "market-regulation", "transport", "other"};
    // what petitions are about, as people write it; a term is common (工资: about one petition in six) or rare
    private static final String[] MATTERS = {"拖欠农民工工资", "征地拆迁补偿款未足额发放", "小区物业乱收费", "夜间施工噪音扰民",
            "医保报销比例争议", "子女入学难", "违章建筑影响通行", "工厂排放废水污染河道", "土地承包经营权纠纷", "养老保险待遇核定",
            "农民工工资被拖欠", "房屋质量问题开发商不予维修", "低保资格认定不公", "出租车营运证问题", "食品安全投诉处理不力"};
    private static final String[] PLACES = {"某建筑工地", "某小区", "某村", "某企业", "某学校", "某医院", "某街道", "某工业园"};
    private static final String[] ASKS = {"请求有关部门依法处理", "多次反映无果", "请求督促解决", "要求给予合理补偿", "请求调查核实"};

    private record Read(String name, String who, String query, String role, String jurisdiction) {
    }

    private record Timed(String name, String who, Percentiles.Stats stats, double target) {
    }

    public static void main(String[] args) throws Exception {
        ScaleRun.Setup setup = ScaleRun.Setup.of(args, "bench/results/scale-intake.json");
        String intake = setup.option("intake", "http://127.0.0.1:26081");

        HttpClient http = ScaleRun.http();
        try (Connection db = setup.database()) {
            long before = ScaleRun.count(db, "petition");
            say("%,d petitions before; timing registration and search", before);
            List<Read> reads = reads(setup, null);
            List<Timed> small = new ArrayList<>(time(http, intake, setup.tokens(), reads));
            small.add(register(http, intake, setup.tokens(), setup.counties()));
            ScaleRun.Growth growth = ScaleRun.grow(db, "petition", before,
                    from -> grow(db, from, setup.target(), setup.counties()));
            say("%,d petitions after (%d s to synthesise); vacuuming, analysing and timing again",
                    growth.after(), growth.seconds());
            try (Statement s = db.createStatement()) {
                for (String table : List.of("petitioner", "petition", "case_projection")) {
                    s.execute("vacuum analyze " + table);
                }
            }
            String tracking;
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                    "select tracking_number from petition where tracking_number like 'XS%' order by tracking_number desc limit 1")) {
                tracking = r.next() ? r.getString(1) : null;
            }
            List<Timed> grown = new ArrayList<>(time(http, intake, setup.tokens(), reads(setup, tracking)));
            grown.add(register(http, intake, setup.tokens(), setup.counties()));
            Map<String, Long> sizes = ScaleRun.sizes(db, List.of("petition", "petitioner", "case_projection"));
            report(setup.out(), growth, sizes, small, grown);
        }
    }

    private static List<Read> reads(ScaleRun.Setup setup, String tracking) {
        String province = setup.province();
        String city = setup.city();
        String county = setup.county();
        List<Read> reads = new ArrayList<>(List.of(
                new Read("search 工资 (common, 2 characters)", "county clerk " + county, "q=工资", "clerk", county),
                new Read("search 工资 (common, 2 characters)", "province supervisor " + province, "q=工资", "supervisor", province),
                new Read("search 拖欠农民工工资 (phrase)", "city supervisor " + city, "q=拖欠农民工工资", "supervisor", city),
                new Read("search 拖欠农民工工资 (phrase)", "province supervisor " + province, "q=拖欠农民工工资", "supervisor", province),
                new Read("search 物业 收费 (two words)", "province supervisor " + province, "q=物业 收费", "supervisor", province),
                new Read("search a rare phrase (one petition)", "province supervisor " + province, "q=编号777777", "supervisor", province),
                new Read("search 工资, category and state filters", "city supervisor " + city,
                        "q=工资&category=labour-wages&state=ACCEPTED", "supervisor", city)));
        if (tracking != null) {
            // typed into the search box (the trackingNumber filter accepts only real XF numbers)
            reads.add(new Read("search by tracking number", "province supervisor " + province,
                    "q=" + tracking, "supervisor", province));
        }
        return reads;
    }

    /**
     * Petitions up to {@code target} in batches: a petitioner for four of five (the fifth is the previous one's second
     * petition), the summary and text made of a matter, a place and an ask, any day of the last three years, and
     * search's read model of the case (its county's human-resources unit, 3 % open).
     */
    static void grow(Connection db, long from, long target, List<String> counties) throws Exception {
        db.setAutoCommit(false);
        String petitioners = """
                insert into petitioner (id, name_ciphertext, phone_ciphertext, name_masked, phone_masked, created_at,
                    identity_index, phone_index)
                select md5('scale-p' || g)::uuid, '\\x00'::bytea, '\\x00'::bytea, '信*', '139****' || lpad((g % 10000)::text, 4, '0'),
                    now() - make_interval(days => ((g * 13) % 1095)::int), md5('scale-i' || g), md5('scale-ph' || g)
                from generate_series(?::bigint, ?::bigint) g where g % 5 <> 0
                on conflict do nothing""";
        String petitions = """
                insert into petition (id, tracking_number, channel, category_code, location_code, summary, content,
                    person_count, petitioner_id, registered_by, registered_at, prior_petitions, accused_unit_codes)
                select md5('scale' || g)::uuid, 'XS' || lpad(g::text, 14, '0'),
                    (array['WALK_IN', 'LETTER', 'HOTLINE', 'ONLINE'])[1 + (g % 4)::int],
                    (?::text[])[1 + ((g / 3) % ?)::int], (?::text[])[1 + ((g * 7919) % ?)::int],
                    m || '：' || pl || '，' || a || '。',
                    '本人于' || (2015 + g % 10) || '年在' || pl || '，' || m || '，' || a || '，涉及金额' || (g % 97 * 1000)
                        || '元，编号' || g || '。',
                    1 + (g % 7 = 0)::int * (g % 40), md5('scale-p' || (g - (g % 5 = 0)::int))::uuid, 'clerk-scale',
                    now() - make_interval(days => ((g * 13) % 1095)::int, secs => (g % 86400)::int),
                    (g % 5 = 0)::int, '[]'::jsonb
                from (select g, (?::text[])[1 + ((g * 31) % ?)::int] as m, (?::text[])[1 + ((g * 17) % ?)::int] as pl,
                             (?::text[])[1 + ((g * 7) % ?)::int] as a
                      from generate_series(?::bigint, ?::bigint) g) s
                on conflict do nothing""";
        String projection = """
                insert into case_projection (petition_id, unit_code, unit_sequence, unit_assigned_at, state,
                    state_changed_at, updated_at)
                select p.id, p.location_code || '-RSJ', 1, p.registered_at + interval '2 hours',
                    case when g % 100 < 3 then 'ACCEPTED' else (array['REPLIED', 'EVALUATED', 'FINAL'])[1 + (g % 3)::int] end,
                    p.registered_at + interval '3 days', now()
                from generate_series(?::bigint, ?::bigint) g join petition p on p.id = md5('scale' || g)::uuid
                on conflict do nothing""";
        String[] countyArray = counties.toArray(String[]::new);
        for (long start = from + 1; start <= target; start += BATCH) {
            long end = Math.min(target, start + BATCH - 1);
            long t0 = System.nanoTime();
            try (PreparedStatement people = db.prepareStatement(petitioners);
                 PreparedStatement insert = db.prepareStatement(petitions);
                 PreparedStatement model = db.prepareStatement(projection)) {
                people.setLong(1, start - 1); // the petitioner of a batch's first repeat is the previous batch's last
                people.setLong(2, end);
                people.executeUpdate();
                int i = 1;
                insert.setArray(i++, db.createArrayOf("text", CATEGORIES));
                insert.setInt(i++, CATEGORIES.length);
                insert.setArray(i++, db.createArrayOf("text", countyArray));
                insert.setInt(i++, countyArray.length);
                insert.setArray(i++, db.createArrayOf("text", MATTERS));
                insert.setInt(i++, MATTERS.length);
                insert.setArray(i++, db.createArrayOf("text", PLACES));
                insert.setInt(i++, PLACES.length);
                insert.setArray(i++, db.createArrayOf("text", ASKS));
                insert.setInt(i++, ASKS.length);
                insert.setLong(i++, start);
                insert.setLong(i, end);
                int rows = insert.executeUpdate();
                model.setLong(1, start);
                model.setLong(2, end);
                model.executeUpdate();
                db.commit();
                say("  %,d / %,d (%,d petitions, %.1f s)", end, target, rows, (System.nanoTime() - t0) / 1e9);
            }
        }
        db.setAutoCommit(true);
    }

    private static List<Timed> time(HttpClient http, String base, Tokens tokens, List<Read> reads) throws Exception {
        List<Timed> timed = new ArrayList<>();
        for (Read read : reads) {
            String query = String.join("&", java.util.Arrays.stream(read.query().split("&")).map(pair -> {
                int eq = pair.indexOf('=');
                return pair.substring(0, eq + 1) + URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }).toList());
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/petitions/search?" + query + "&size=20"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens.bearer(read.role(), null, read.jurisdiction()))
                    .GET().build();
            ScaleRun.Measured<String> measured = ScaleRun.time(http, read, 200, () -> request,
                    HttpResponse.BodyHandlers.ofString());
            Percentiles.Stats stats = measured.stats();
            String total = JSON.readTree(measured.last().body()).path("total").asText();
            say("  %-40s %-30s p50 %8.1f ms  p95 %8.1f ms  (%s found)", read.name(), read.who(), stats.p50(), stats.p95(), total);
            timed.add(new Timed(read.name(), read.who(), stats, READ_TARGET_P95_MS));
        }
        return timed;
    }

    /** A clerk's registrations one after another, as at a reception window: the latency a clerk waits. */
    private static Timed register(HttpClient http, String base, Tokens tokens, List<String> counties) throws Exception {
        Random random = new Random(42);
        Percentiles.Stats stats = ScaleRun.time(http, "registration", 201,
                () -> HttpRequest.newBuilder(URI.create(base + "/petitions")).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + tokens.bearer("clerk", null, null))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Workload.petition(random, counties))).build(),
                HttpResponse.BodyHandlers.ofString()).stats();
        say("  %-40s %-30s p50 %8.1f ms  p95 %8.1f ms", "registration", "clerk", stats.p50(), stats.p95());
        return new Timed("registration", "clerk", stats, REGISTRATION_TARGET_P95_MS);
    }

    private static void report(Path out, ScaleRun.Growth growth, Map<String, Long> sizes, List<Timed> small,
                               List<Timed> grown) throws Exception {
        StringBuilder md = new StringBuilder();
        ObjectNode json = ScaleRun.head(md, "Registration and search as intake's store grows", "petitions", "Petitions",
                growth, sizes);
        ArrayNode rows = json.putArray("operations");
        md.append("Each through the API, ").append(REPEATS).append(" times after ").append(WARM_UP)
                .append(" untimed; targets: registration ≤ ").append((int) REGISTRATION_TARGET_P95_MS)
                .append(" ms p95, every staff read ≤ ").append((int) READ_TARGET_P95_MS).append(" ms p95.\n\n")
                .append("| operation | as | p50 ms small | p95 ms small | p50 ms grown | p95 ms grown | target | |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Timed g : grown) {
            Timed s = small.stream().filter(t -> t.name().equals(g.name()) && t.who().equals(g.who())).findFirst().orElse(null);
            ObjectNode row = rows.addObject();
            row.put("operation", g.name());
            row.put("as", g.who());
            ScaleRun.putStats(row, s == null ? null : s.stats(), g.stats());
            row.put("targetP95Ms", g.target());
            boolean met = g.stats().p95() <= g.target();
            row.put("targetMet", met);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.1f | %.0f | %s |%n", g.name(), g.who(),
                    ScaleRun.ms(s == null ? null : s.stats(), false), ScaleRun.ms(s == null ? null : s.stats(), true),
                    g.stats().p50(), g.stats().p95(), g.target(), met ? "met" : "missed"));
        }
        ScaleRun.write(out, json, md);
    }

    private GrowIntake() {
    }
}

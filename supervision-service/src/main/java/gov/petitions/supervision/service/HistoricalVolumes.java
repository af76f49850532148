package gov.petitions.supervision.service;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.province.Province;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Past monthly figures (历史信访量: batches and person-times by jurisdiction × month × channel × category) that an
 * admin imports as CSV, so that year-on-year change works from a deployment's first day. The file is checked line by
 * line and imported whole or not at all; re-importing a key replaces its figures, and every import is recorded (who,
 * when, how many, the file's SHA-256). How imported and registered figures combine is {@link Statistics}'s.
 */
@ApplicationScoped
public class HistoricalVolumes {

    /** The columns, in any order, named in the first line. */
    public static final List<String> COLUMNS = List.of("month", "jurisdiction", "channel", "category", "batches", "persons");
    public static final int MAX_LINES = 5000;
    static final int MAX_LINE_LENGTH = 200;
    static final int MAX_FIGURE = 10_000_000;
    static final YearMonth EARLIEST = YearMonth.of(2000, 1);
    static final Set<String> CHANNELS = Set.of("WALK_IN", "LETTER", "ONLINE", "HOTLINE");

    private static final Pattern MONTH = Pattern.compile("^[0-9]{4}-[0-9]{2}$");
    // a division code's shape; which province's it is, the deployment's configuration says
    private static final Pattern DIVISION = Pattern.compile("^\\d{2}(\\d{2}(\\d{2}(\\d{3})?)?)?$");
    private static final Pattern CATEGORY = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    private static final Pattern FIGURE = Pattern.compile("^[0-9]{1,9}$");
    // C0 controls (but tab), DEL, C1 controls, invisible format characters, private use, noncharacters
    private static final Pattern NOT_PLAIN = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\p{Cf}\\p{Co}\\x{FFFE}\\x{FFFF}]");

    public record Figure(YearMonth month, String jurisdiction, String channel, String category, int batches, int persons) {
    }

    public record Result(long importId, OffsetDateTime importedAt, String importedBy, String jurisdiction, String fileSha256,
                         int lines, int inserted, int replaced, int unchanged) {
    }

    private final EntityManager entityManager;
    private final Clock clock;
    private final Province province;

    public HistoricalVolumes(EntityManager entityManager, Clock clock, Province province) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.province = province;
    }

    /**
     * Imports a file for an admin whose jurisdiction is {@code scope}: every line must lie within it. A refused file
     * changes nothing and is a 400 naming every bad line.
     */
    @Transactional
    public Result importCsv(byte[] body, Charset charset, String scope, String by) {
        List<Figure> figures = parse(body, charset, scope);
        String sha256 = HolidayCalendar.sha256(body);
        OffsetDateTime at = OffsetDateTime.now(clock);
        long importId = ((Number) entityManager.createNativeQuery(
                        "insert into volume_import (imported_by, jurisdiction, imported_at, file_sha256, file_bytes, line_count,"
                                + " inserted, replaced, unchanged) values (:by, :scope, :at, :sha, :bytes, :lines, 0, 0, 0) returning id")
                .setParameter("by", by).setParameter("scope", scope).setParameter("at", at).setParameter("sha", sha256)
                .setParameter("bytes", body.length).setParameter("lines", figures.size()).getSingleResult()).longValue();
        int[] counts = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            String[] months = new String[figures.size()];
            String[] jurisdictions = new String[figures.size()];
            String[] channels = new String[figures.size()];
            String[] categories = new String[figures.size()];
            Integer[] batches = new Integer[figures.size()];
            Integer[] persons = new Integer[figures.size()];
            for (int i = 0; i < figures.size(); i++) {
                Figure f = figures.get(i);
                months[i] = f.month().atDay(1).toString();
                jurisdictions[i] = f.jurisdiction();
                channels[i] = f.channel();
                categories[i] = f.category();
                batches[i] = f.batches();
                persons[i] = f.persons();
            }
            // one statement: the keys not there yet are inserted, those with other figures replaced (returned with
            // xmax <> 0), those with the same figures left alone (not returned)
            try (PreparedStatement upsert = connection.prepareStatement(
                    "insert into historical_volume as h (month, jurisdiction, channel, category_code, batches, person_times, import_id)"
                            + " select cast(m as date), j, c, k, b, p, ? from unnest(cast(? as text[]), cast(? as text[]),"
                            + " cast(? as text[]), cast(? as text[]), cast(? as int[]), cast(? as int[])) as t(m, j, c, k, b, p)"
                            + " on conflict (month, jurisdiction, channel, category_code) do update set batches = excluded.batches,"
                            + " person_times = excluded.person_times, import_id = excluded.import_id"
                            + " where h.batches <> excluded.batches or h.person_times <> excluded.person_times"
                            + " returning (xmax = 0)")) {
                upsert.setLong(1, importId);
                Array[] arrays = {connection.createArrayOf("text", months), connection.createArrayOf("text", jurisdictions),
                        connection.createArrayOf("text", channels), connection.createArrayOf("text", categories),
                        connection.createArrayOf("int4", batches), connection.createArrayOf("int4", persons)};
                for (int i = 0; i < arrays.length; i++) {
                    upsert.setArray(i + 2, arrays[i]);
                }
                int inserted = 0;
                int replaced = 0;
                try (ResultSet rows = upsert.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getBoolean(1)) {
                            inserted++;
                        } else {
                            replaced++;
                        }
                    }
                }
                return new int[] {inserted, replaced, figures.size() - inserted - replaced};
            }
        });
        entityManager.createNativeQuery("update volume_import set inserted = :i, replaced = :r, unchanged = :u where id = :id")
                .setParameter("i", counts[0]).setParameter("r", counts[1]).setParameter("u", counts[2]).setParameter("id", importId)
                .executeUpdate();
        Log.infof("Historical figures imported by %s for %s: %d lines (%d inserted, %d replaced, %d unchanged), sha256 %s",
                by, scope, figures.size(), counts[0], counts[1], counts[2], sha256);
        return new Result(importId, at, by, scope, sha256, figures.size(), counts[0], counts[1], counts[2]);
    }

    /** The imports of admins within {@code scope} (the caller's jurisdiction), newest first. */
    @Transactional
    public List<Result> imports(String scope, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "select id, imported_at, imported_by, jurisdiction, file_sha256, line_count, inserted, replaced, unchanged"
                                + " from volume_import where jurisdiction like :scope order by imported_at desc, id desc limit :limit")
                .setParameter("scope", scope + "%").setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new Result(((Number) r[0]).longValue(), timestamp(r[1]), (String) r[2], (String) r[3],
                (String) r[4], ((Number) r[5]).intValue(), ((Number) r[6]).intValue(), ((Number) r[7]).intValue(),
                ((Number) r[8]).intValue())).toList();
    }

    /** The file's figures, or a 400 naming every bad line (line numbers as an editor shows them, the header is 1). */
    List<Figure> parse(byte[] body, Charset charset, String scope) {
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("bad-figures-file", "Not a text file in " + charset.name(),
                    "Save the figures as CSV in UTF-8 (Excel: \"CSV UTF-8\") or name the file's charset in the Content-Type");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw ProblemException.badRequest("bad-figures-file", "No figures",
                    "The first line names the columns: " + String.join(",", COLUMNS));
        }
        String[] header = lines[0].split(",", -1);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            column.put(header[i].strip().toLowerCase(java.util.Locale.ROOT), i);
        }
        if (header.length != COLUMNS.size() || !column.keySet().equals(Set.copyOf(COLUMNS))) {
            throw ProblemException.badRequest("bad-figures-file", "Unexpected columns",
                    "The first line must name exactly these columns (in any order): " + String.join(",", COLUMNS));
        }
        long dataLines = java.util.Arrays.stream(lines).skip(1).filter(l -> !l.isBlank()).count();
        if (dataLines == 0) {
            throw ProblemException.badRequest("bad-figures-file", "No figures", "The file has a header but no lines of figures");
        }
        if (dataLines > MAX_LINES) {
            throw ProblemException.badRequest("too-many-lines", "Too many lines",
                    "At most " + MAX_LINES + " lines of figures per file; this one has " + dataLines + ". Split it (e.g. by year)");
        }
        YearMonth thisMonth = YearMonth.now(clock.withZone(gov.petitions.platform.time.ChinaTime.CHINA));
        List<Figure> figures = new ArrayList<>();
        List<Problem.Violation> violations = new ArrayList<>();
        Map<String, Integer> firstLineOfKey = new LinkedHashMap<>();
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n];
            if (line.isBlank()) {
                continue;
            }
            int lineNumber = n + 1;
            List<String> wrong = new ArrayList<>();
            if (line.length() > MAX_LINE_LENGTH) {
                violations.add(new Problem.Violation("line " + lineNumber, "longer than " + MAX_LINE_LENGTH + " characters"));
                continue;
            }
            if (NOT_PLAIN.matcher(line).find()) {
                violations.add(new Problem.Violation("line " + lineNumber, "contains control or invisible characters"));
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != COLUMNS.size()) {
                violations.add(new Problem.Violation("line " + lineNumber, "has " + cells.length + " cells, expected "
                        + COLUMNS.size() + " (" + String.join(",", COLUMNS) + "); no commas inside a cell"));
                continue;
            }
            String monthText = cells[column.get("month")].strip();
            String jurisdiction = cells[column.get("jurisdiction")].strip();
            String channel = cells[column.get("channel")].strip().toUpperCase(java.util.Locale.ROOT);
            String category = cells[column.get("category")].strip();
            String batchesText = cells[column.get("batches")].strip();
            String personsText = cells[column.get("persons")].strip();
            YearMonth month = null;
            if (!MONTH.matcher(monthText).matches()) {
                wrong.add("month '" + shorten(monthText) + "' is not YYYY-MM");
            } else {
                try {
                    month = YearMonth.parse(monthText);
                    if (month.isBefore(EARLIEST)) {
                        wrong.add("month " + month + " is before " + EARLIEST);
                    } else if (!month.isBefore(thisMonth)) {
                        wrong.add("month " + month + " is not over yet (this month in China is " + thisMonth
                                + "); only past months are imported, the ledger counts the rest");
                    }
                } catch (DateTimeParseException e) {
                    wrong.add("month '" + shorten(monthText) + "' does not exist");
                }
            }
            if (!DIVISION.matcher(jurisdiction).matches() || !province.contains(jurisdiction)) {
                wrong.add("jurisdiction '" + shorten(jurisdiction) + "' is not a division code of " + province.name() + " ("
                        + province.code() + ", 4, 6 or 9 digits starting " + province.code() + ")");
            } else if (!jurisdiction.startsWith(scope)) {
                wrong.add("jurisdiction " + jurisdiction + " is outside your jurisdiction " + scope);
            }
            if (!CHANNELS.contains(channel)) {
                wrong.add("channel '" + shorten(channel) + "' is not one of WALK_IN, LETTER, ONLINE, HOTLINE");
            }
            if (!CATEGORY.matcher(category).matches()) {
                wrong.add("category '" + shorten(category) + "' is not a category code (lower-case letters, digits and '-')");
            }
            Integer batches = figure("batches", batchesText, wrong);
            Integer persons = figure("persons", personsText, wrong);
            if (batches != null && persons != null && persons < batches) {
                wrong.add("persons " + persons + " is less than batches " + batches + " (every batch is at least one person)");
            }
            if (wrong.isEmpty()) {
                String key = month + "," + jurisdiction + "," + channel + "," + category;
                Integer first = firstLineOfKey.putIfAbsent(key, lineNumber);
                if (first != null) {
                    wrong.add("the same month, jurisdiction, channel and category as line " + first);
                }
            }
            if (!wrong.isEmpty()) {
                violations.add(new Problem.Violation("line " + lineNumber, String.join("; ", wrong)));
            } else {
                figures.add(new Figure(month, jurisdiction, channel, category, batches, persons));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(new Problem(Problem.of("bad-figures", "", 400, "").type(), "Figures not imported", 400,
                    violations.size() + " of " + dataLines + " lines are wrong; nothing was imported. Correct them and upload the whole file again",
                    null, violations));
        }
        return figures;
    }

    private static Integer figure(String name, String text, List<String> wrong) {
        if (text.startsWith("-")) {
            wrong.add(name + " " + shorten(text) + " is negative");
            return null;
        }
        if (!FIGURE.matcher(text).matches() || Integer.parseInt(text) > MAX_FIGURE) {
            wrong.add(name + " '" + shorten(text) + "' is not a whole number from 0 to " + MAX_FIGURE);
            return null;
        }
        return Integer.parseInt(text);
    }

    private static String shorten(String text) {
        return text.length() > 24 ? text.substring(0, 24) + "…" : text;
    }

    private static OffsetDateTime timestamp(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof java.time.Instant i) {
            return gov.petitions.platform.time.ChinaTime.inChina(i);
        }
        return gov.petitions.platform.time.ChinaTime.inChina(((java.sql.Timestamp) value).toInstant());
    }
}

package gov.petitions.supervision.service;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * China's official holidays (放假) and make-up working days (调休上班), as the State Council's General Office announces
 * them each autumn for the next year. The release ships the years it knows as data ({@code holidays/<year>.csv},
 * citing the notice); at start they are loaded into the {@code holiday_day} table unless an admin has updated that
 * year since, and an admin loads or corrects a year without a release ({@link #replace}). Working-day clocks
 * ({@link DeadlineCalendar}) read this calendar; every replica re-reads it at most {@link #REFRESH} after a change.
 */
@ApplicationScoped
public class HolidayCalendar {

    public enum Kind { HOLIDAY, WORKING_DAY }

    public record Day(LocalDate date, Kind kind, String name) {
    }

    public record Year(int year, String source, String origin, String updatedBy, OffsetDateTime updatedAt, List<Day> days) {
    }

    /** How stale a replica's copy may be: an admin's change reaches every replica's clocks within this. */
    static final Duration REFRESH = Duration.ofSeconds(30);
    static final String SHIPPED_LIST = "holidays/years.txt";

    private record Snapshot(Map<LocalDate, Kind> days, Set<Integer> years, long readAtNanos) {
    }

    private final EntityManager entityManager;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private final Set<Integer> warnedYears = ConcurrentHashMap.newKeySet();

    public HolidayCalendar(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    void loadShippedAtStart(@Observes StartupEvent start) {
        loadShipped();
    }

    /**
     * Loads each shipped year into the table: a year not there yet, or there from an older shipped file, is
     * (re)placed; a year an admin has updated is left as the admin left it.
     */
    public void loadShipped() {
        for (ShippedYear shipped : shippedYears()) {
            QuarkusTransaction.requiringNew().run(() -> {
                // replicas starting together: one loads, the others see its row
                entityManager.createNativeQuery("select pg_advisory_xact_lock(3413202601)").getSingleResult();
                @SuppressWarnings("unchecked")
                List<Object[]> current = entityManager.createNativeQuery(
                                "select origin, shipped_hash from holiday_year where year = :year")
                        .setParameter("year", shipped.year()).getResultList();
                if (!current.isEmpty() && ("ADMIN".equals(current.get(0)[0]) || shipped.hash().equals(current.get(0)[1]))) {
                    return;
                }
                write(shipped.year(), shipped.source(), shipped.days(), "release", "SHIPPED", shipped.hash());
                Log.infof("Holiday calendar %d loaded from the release (%d days): %s", shipped.year(),
                        shipped.days().size(), shipped.source());
            });
        }
        snapshot = null;
    }

    /** An admin's new calendar for a year: replaces every day of that year; later releases leave it alone. */
    public Year replace(int year, String source, List<Day> days, String by) {
        QuarkusTransaction.joiningExisting().run(() -> {
            entityManager.createNativeQuery("select pg_advisory_xact_lock(3413202601)").getSingleResult();
            write(year, source, days, by, "ADMIN", null);
        });
        snapshot = null;
        return year(year).orElseThrow();
    }

    private void write(int year, String source, List<Day> days, String by, String origin, String hash) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        entityManager.createNativeQuery("delete from holiday_day where year = :year").setParameter("year", year).executeUpdate();
        entityManager.createNativeQuery("insert into holiday_year (year, source, origin, shipped_hash, updated_by, updated_at)"
                        + " values (:year, :source, :origin, :hash, :by, :at) on conflict (year) do update set source = excluded.source,"
                        + " origin = excluded.origin, shipped_hash = excluded.shipped_hash, updated_by = excluded.updated_by,"
                        + " updated_at = excluded.updated_at")
                .setParameter("year", year).setParameter("source", source).setParameter("origin", origin)
                .setParameter("hash", hash).setParameter("by", by).setParameter("at", now).executeUpdate();
        for (Day day : days) {
            entityManager.createNativeQuery("insert into holiday_day (day, year, kind, name) values (:day, :year, :kind, :name)")
                    .setParameter("day", day.date()).setParameter("year", year).setParameter("kind", day.kind().name())
                    .setParameter("name", day.name()).executeUpdate();
        }
        entityManager.createNativeQuery("insert into holiday_change (year, changed_by, changed_at, origin, source, holidays, working_days)"
                        + " values (:year, :by, :at, :origin, :source, :holidays, :working)")
                .setParameter("year", year).setParameter("by", by).setParameter("at", now).setParameter("origin", origin)
                .setParameter("source", source)
                .setParameter("holidays", days.stream().filter(d -> d.kind() == Kind.HOLIDAY).count())
                .setParameter("working", days.stream().filter(d -> d.kind() == Kind.WORKING_DAY).count())
                .executeUpdate();
    }

    /** Re-read the table at the next question (after a change made outside this replica, e.g. by hand in SQL). */
    public void reload() {
        snapshot = null;
    }

    /** Every year the calendar knows, with its days. */
    public List<Year> years() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(
                    "select year, source, origin, updated_by, updated_at from holiday_year order by year").getResultList();
            List<Year> years = new ArrayList<>();
            for (Object[] row : rows) {
                int year = ((Number) row[0]).intValue();
                years.add(new Year(year, (String) row[1], (String) row[2], (String) row[3], timestamp(row[4]), days(year)));
            }
            return years;
        });
    }

    public Optional<Year> year(int year) {
        return years().stream().filter(y -> y.year() == year).findFirst();
    }

    private List<Day> days(int year) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select day, kind, name from holiday_day where year = :year order by day")
                .setParameter("year", year).getResultList();
        return rows.stream().map(r -> new Day(localDate(r[0]), Kind.valueOf((String) r[1]), (String) r[2])).toList();
    }

    /** What the calendar says about a day, if anything (else the day is a weekday or a weekend as usual). */
    public Optional<Kind> kindOf(LocalDate date) {
        Snapshot current = current();
        if (!current.years().contains(date.getYear()) && warnedYears.add(date.getYear())) {
            Log.warnf("No holiday calendar for %d: working-day clocks count only weekends in it until an admin loads "
                    + "the State Council's arrangement (PUT /calendar/holidays/%d)", date.getYear(), date.getYear());
        }
        return Optional.ofNullable(current.days().get(date));
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        // freshness by the monotonic clock: a test may move the injected Clock back and forth
        if (s == null || System.nanoTime() - s.readAtNanos() > REFRESH.toNanos()) {
            s = QuarkusTransaction.joiningExisting().call(() -> {
                Map<LocalDate, Kind> days = new TreeMap<>();
                @SuppressWarnings("unchecked")
                List<Object[]> rows = entityManager.createNativeQuery("select day, kind from holiday_day").getResultList();
                for (Object[] row : rows) {
                    days.put(localDate(row[0]), Kind.valueOf((String) row[1]));
                }
                @SuppressWarnings("unchecked")
                List<Number> years = entityManager.createNativeQuery("select year from holiday_year").getResultList();
                return new Snapshot(Map.copyOf(days), Set.copyOf(years.stream().map(Number::intValue).toList()),
                        System.nanoTime());
            });
            snapshot = s;
        }
        return s;
    }

    private record ShippedYear(int year, String source, List<Day> days, String hash) {
    }

    private static List<ShippedYear> shippedYears() {
        List<ShippedYear> years = new ArrayList<>();
        for (String line : resource(SHIPPED_LIST).split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int year = Integer.parseInt(line);
            years.add(parseShipped(year, resource("holidays/" + year + ".csv")));
        }
        return years;
    }

    /** A shipped file: {@code # source: ...} first, then {@code date,kind,name}; a broken file stops the start. */
    static ShippedYear parseShipped(int year, String text) {
        String source = null;
        List<Day> days = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.startsWith("# source:")) {
                source = line.substring("# source:".length()).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.equals("date,kind,name")) {
                continue;
            }
            String[] cells = line.split(",", 3);
            Day day = new Day(LocalDate.parse(cells[0]), Kind.valueOf(cells[1]), cells[2].strip());
            if (day.date().getYear() != year) {
                throw new IllegalStateException("holidays/" + year + ".csv has a day of another year: " + line);
            }
            days.add(day);
        }
        if (source == null) {
            throw new IllegalStateException("holidays/" + year + ".csv does not cite its source (# source: ...)");
        }
        return new ShippedYear(year, source, days, sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " in the release");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate localDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static OffsetDateTime timestamp(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof Instant i) {
            return gov.petitions.platform.time.ChinaTime.inChina(i);
        }
        return gov.petitions.platform.time.ChinaTime.inChina(((java.sql.Timestamp) value).toInstant());
    }
}

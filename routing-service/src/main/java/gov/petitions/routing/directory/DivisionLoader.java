package gov.petitions.routing.directory;

import gov.petitions.platform.province.Province;
import gov.petitions.routing.directory.DivisionFiles.Row;
import gov.petitions.routing.service.CachedDirectory;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the configured province's jurisdiction tree at start, and derives its units and the leaders' default coverage,
 * so that one build serves any province: the province is configuration ({@code petitions.province.code}), the tree is
 * the NBS code files ({@link DivisionSource}), and nothing in the code names a province.
 *
 * <ul>
 *   <li>Divisions: every row of the files is inserted, or updated when its name changed (a new NBS release).</li>
 *   <li>Units, by rule: every division gets one unit per department (the {@code department} table) down to that
 *       department's lowest level, e.g. 640104-RSJ 兴庆区人力资源和社会保障局 and 640104-XFJ 兴庆区信访局; a township
 *       only its government. Courts take the names of their level (高级 at the province, 中级 at a city).</li>
 *   <li>What the files no longer have (another province's rows, an abolished county) is removed unless an assignment
 *       names one of its units: those stay, as history, and are counted in the log. The first migrations seeded
 *       Anhui before this loader existed; on another province's database they are removed here at first start.</li>
 *   <li>Leaders (包点): coverage of cities no longer in the tree is dropped; a province whose cities no leader covers
 *       yet (a new deployment) gets one leader per city in code order, from the leaders covering nothing, as the
 *       first migration did for Anhui. Real names and coverage are the admin's ({@code PUT /leaders/{id}/coverage}).</li>
 * </ul>
 *
 * Replicas starting together take turns (an advisory lock); a second run over the same files changes nothing.
 */
@ApplicationScoped
public class DivisionLoader {

    private static final long LOCK = 0x726f7574696e67L; // "routing": one loader at a time across replicas

    private final Province province;
    private final DivisionSource source;
    private final AgroalDataSource dataSource;

    /** Routing's in-memory copy of the tree is cleared when a load commits (CachedDirectory) */
    @Inject
    Event<CachedDirectory.Changed> directoryChanged;

    public DivisionLoader(Province province, DivisionSource source, AgroalDataSource dataSource) {
        this.province = province;
        this.source = source;
        this.dataSource = dataSource;
    }

    /** What one load changed. */
    public record Summary(int inFiles, int divisionsChanged, int unitsChanged, int unitsRemoved, int divisionsRemoved,
                          long divisionsKept, int citiesCovered) {
        public boolean changedNothing() {
            return divisionsChanged == 0 && unitsChanged == 0 && unitsRemoved == 0 && divisionsRemoved == 0
                    && citiesCovered == 0;
        }
    }

    /** After Flyway (which migrates at start, before the application's start-up observers). */
    void onStart(@Observes StartupEvent start) throws SQLException {
        load();
    }

    /** Loads the configured files into the tree (see the class comment); running it again changes nothing. */
    @Transactional
    public Summary load() throws SQLException {
        List<Row> tree = read();
        Row root = DivisionFiles.province(tree);
        if (!root.name().equals(province.name())) {
            throw new IllegalStateException("petitions.province.name is " + province.name() + " but the division files name "
                    + root.code() + " " + root.name() + ": set both for the same province");
        }
        try (Connection db = dataSource.getConnection()) {
            execute(db, "select pg_advisory_xact_lock(" + LOCK + ")");
            String[] codes = tree.stream().map(Row::code).toArray(String[]::new);
            Array loaded = db.createArrayOf("varchar", codes);
            int divisions = upsertDivisions(db, tree);
            int units = update(db, UNITS, loaded);
            int goneUnits = update(db, """
                    delete from unit u where u.division_code not in (select unnest(?))
                    and not exists (select 1 from assignment a where a.unit_code = u.code or a.previous_unit_code = u.code)
                    """, loaded);
            int goneDivisions = 0;
            for (String level : List.of("TOWNSHIP", "COUNTY", "CITY", "PROVINCE")) { // children first
                goneDivisions += update(db, """
                        delete from division d where d.level = ? and d.code not in (select unnest(?))
                        and not exists (select 1 from unit u where u.division_code = d.code)
                        and not exists (select 1 from division c where c.parent_code = d.code)
                        """, level, loaded);
            }
            long kept = count(db, "select count(*) from division where code not in (select unnest(?))", loaded);
            update(db, """
                    delete from leader_coverage where covers not like 'field:%'
                    and covers not in (select code from division where level = 'CITY')
                    """);
            int covered = coverCities(db, root.code());
            Log.infof("Jurisdiction tree of %s (%s): %d divisions in the files, %d added or renamed, %d units added or"
                            + " renamed, %d units and %d divisions no longer in the files removed, %d kept for the"
                            + " assignments that name them, %d cities given a covering leader",
                    root.name(), root.code(), tree.size(), divisions, units, goneUnits, goneDivisions, kept, covered);
            directoryChanged.fire(new CachedDirectory.Changed());
            return new Summary(tree.size(), divisions, units, goneUnits, goneDivisions, kept, covered);
        }
    }

    private static final String UNITS = """
            insert into unit (code, name, division_code, level, department)
            select d.code || '-' || p.code,
                   d.name || case when p.code = 'FY' and d.level = 'PROVINCE' then '高级人民法院'
                                  when p.code = 'FY' and d.level = 'CITY' then '中级人民法院'
                                  else p.name_suffix end,
                   d.code, d.level, p.code
            from division d
            join department p on (p.lowest_level = 'COUNTY' and d.level in ('PROVINCE', 'CITY', 'COUNTY'))
                              or p.lowest_level = 'TOWNSHIP'
            where d.code in (select unnest(?))
            on conflict (code) do update set name = excluded.name, level = excluded.level
            where unit.name <> excluded.name or unit.level <> excluded.level
            """;

    private int upsertDivisions(Connection db, List<Row> tree) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into division (code, name, level, parent_code)
                select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                on conflict (code) do update set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
                where (division.name, division.level, division.parent_code)
                      is distinct from (excluded.name, excluded.level, excluded.parent_code)
                """)) {
            insert.setArray(1, db.createArrayOf("varchar", tree.stream().map(Row::code).toArray()));
            insert.setArray(2, db.createArrayOf("varchar", tree.stream().map(Row::name).toArray()));
            insert.setArray(3, db.createArrayOf("varchar", tree.stream().map(r -> r.level().name()).toArray()));
            insert.setArray(4, db.createArrayOf("varchar", tree.stream().map(Row::parentCode).toArray()));
            return insert.executeUpdate();
        }
    }

    /**
     * A province whose cities no leader covers gets one leader per city, in code order, from the leaders covering
     * nothing (new ones when there are too few); a province where any leader covers a city is the admin's to change.
     */
    private int coverCities(Connection db, String provinceCode) throws SQLException {
        List<String> cities = strings(db, "select code from division where level = 'CITY' and parent_code = ? order by code",
                provinceCode);
        if (cities.isEmpty() || count(db, "select count(*) from leader_coverage where covers in"
                + " (select code from division where level = 'CITY' and parent_code = ?)", provinceCode) > 0) {
            return 0;
        }
        List<String> free = new ArrayList<>(strings(db,
                "select id from leader l where not exists (select 1 from leader_coverage c where c.leader_id = l.id) order by id"));
        int next = (int) count(db, "select count(*) from leader");
        while (free.size() < cities.size()) {
            String id;
            do {
                id = "PL" + String.format("%02d", ++next);
            } while (count(db, "select count(*) from leader where id = ?", id) > 0);
            update(db, "insert into leader (id, name, title) values (?, ?, '省级领导')", id, "Provincial leader " + id.substring(2));
            free.add(id);
        }
        for (int i = 0; i < cities.size(); i++) {
            update(db, "insert into leader_coverage (leader_id, covers) values (?, ?)", free.get(i), cities.get(i));
        }
        return cities.size();
    }

    private List<Row> read() {
        DivisionFiles files = new DivisionFiles(province.code());
        List<String> paths = source.files().orElseGet(() -> DivisionSource.SHIPPED_FILES.stream()
                .map(f -> "classpath:" + DivisionSource.SHIPPED + province.code() + "/" + f).toList());
        for (String path : paths) {
            try (Reader reader = open(path)) {
                files.read(path, reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the division file " + path, e);
            }
        }
        try {
            return files.tree();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the division files " + paths + " of province " + province.code()
                    + " are not a tree: " + e.getMessage(), e);
        }
    }

    private Reader open(String path) throws IOException {
        if (path.startsWith("classpath:")) {
            String resource = path.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("no division file " + resource + " in the jar for province "
                        + province.code() + ": set routing.divisions.files to the bureau's NBS files (docs/routing.md)");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
        return Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static int update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(db, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static long count(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(db, sql, parameters); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> strings(Connection db, String sql, Object... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepare(db, sql, parameters); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static PreparedStatement prepare(Connection db, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] instanceof Array array) {
                statement.setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
        return statement;
    }
}

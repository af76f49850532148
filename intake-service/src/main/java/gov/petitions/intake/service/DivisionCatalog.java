package gov.petitions.intake.service;

import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.province.Province;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The county- and township-level division codes of the deployment's province ({@code petitions.province.code}), read
 * once at start from the NBS division code files named by {@code intake.divisions.files}, or when that is unset from
 * the files the jar ships for the province ({@link #shipped}; Anhui's), so that a province whose files are shipped
 * needs no setting but the province. Intake only needs to know whether a location exists and what it is called; the
 * tree is routing's, which loads the same files (docs/routing.md, "Any province").
 *
 * <p>The files are RFC 4180 CSV in the layout of the public data set {@code modood/Administrative-divisions-of-China}:
 * one file per level, a header row naming at least {@code code} and {@code name}, names quoted. Rows of other
 * provinces are skipped, so the whole-country files ({@code china-*.csv}) serve any province as its own extract does.
 * A malformed code, a code given twice with two names, no row for the province, a province name other than
 * {@code petitions.province.name} or no county at all stops the start: petitions would otherwise be refused, or
 * accepted for places the bureau does not serve.
 */
@Startup
@Singleton
public class DivisionCatalog {

    /** A logger of its own, not Quarkus's Log: the catalogue is also built outside the application (unit tests). */
    private static final Logger LOG = Logger.getLogger(DivisionCatalog.class);
    private static final Pattern CODE = Pattern.compile("^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$");

    private final Province province;
    /** Counties (6 digits) and townships (9): the places a petition can be about. */
    private final Map<String, String> namesByCode = new HashMap<>();
    /** The province and its cities too: only for names (a petition's location is a county or township). */
    private final Map<String, String> upperNames = new HashMap<>();

    /** The folder of the files the jar ships, one subfolder per province code, as in routing-service's jar. */
    static final String SHIPPED = "divisions/";
    private static final List<String> SHIPPED_FILES = List.of("province.csv", "cities.csv", "counties.csv", "townships.csv");

    @Inject
    public DivisionCatalog(Province province, IntakeConfig config) {
        this(province, config.divisions());
    }

    /** The configured files, or unset the jar's for the province. */
    public DivisionCatalog(Province province, IntakeConfig.Divisions divisions) {
        this(province, divisions.files().orElseGet(() -> shipped(province.code())));
    }

    /** The files the jar ships for a province: {@code classpath:divisions/<code>/{province,cities,counties,townships}.csv}. */
    public static List<String> shipped(String provinceCode) {
        return SHIPPED_FILES.stream().map(f -> "classpath:" + SHIPPED + provinceCode + "/" + f).toList();
    }

    /**
     * @param files file-system paths or {@code classpath:} resources, read in order
     * @throws IllegalStateException when the files do not describe the province (see the class comment)
     */
    public DivisionCatalog(Province province, List<String> files) {
        this.province = province;
        int skipped = 0;
        Map<String, String> all = new HashMap<>();
        for (String file : files) {
            Map<String, String> rows;
            try (Reader reader = open(file.strip())) {
                rows = namesIn(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the division file " + file, e);
            }
            for (Map.Entry<String, String> row : rows.entrySet()) {
                String code = row.getKey();
                if (!province.contains(code)) {
                    skipped++;
                    continue;
                }
                if (!CODE.matcher(code).matches()) {
                    throw new IllegalStateException("the division file " + file + " has " + code
                            + ", which is not a division code of 2, 4, 6 or 9 digits");
                }
                String before = all.putIfAbsent(code, row.getValue());
                if (before != null && !before.equals(row.getValue())) {
                    throw new IllegalStateException("the division files " + files + " give " + code + " two names: "
                            + before + " and " + row.getValue());
                }
            }
        }
        all.forEach((code, name) -> (code.length() >= 6 ? namesByCode : upperNames).put(code, name));
        String named = upperNames.get(province.code());
        if (named == null || !named.equals(province.name()) || namesByCode.keySet().stream().noneMatch(c -> c.length() == 6)) {
            throw new IllegalStateException("the division files " + files + " are not those of " + province.name() + " ("
                    + province.code() + "): " + (named == null ? "they have no row " + province.code()
                    : !named.equals(province.name()) ? "they call " + province.code() + " " + named
                    + " (set petitions.province.name and the files for the same province)" : "they have none of its counties")
                    + "; set intake.divisions.files (INTAKE_DIVISIONS_FILES) to the province's NBS files (docs/configuration.md)");
        }
        LOG.infof("Division catalogue of %s (%s): %d counties and townships, %d rows of other provinces skipped",
                province.name(), province.code(), namesByCode.size(), skipped);
    }

    /** The province's name, e.g. in a problem's detail. */
    public String provinceName() {
        return province.name();
    }

    /** The name of any division: the province, a city, a county or a township. */
    public Optional<String> divisionName(String code) {
        return nameOf(code).or(() -> Optional.ofNullable(upperNames.get(code)));
    }

    /** The name of a county or township of the province, the places a petition can be about. */
    public Optional<String> nameOf(String code) {
        return Optional.ofNullable(namesByCode.get(code));
    }

    /**
     * Every division of the province by code, the province, cities, counties and townships alike: search matches
     * place names against them (gov.petitions.intake.search.SearchNames).
     */
    public Map<String, String> allNames() {
        Map<String, String> all = new HashMap<>(upperNames);
        all.putAll(namesByCode);
        return java.util.Collections.unmodifiableMap(all);
    }

    public int size() {
        return namesByCode.size();
    }

    private static Reader open(String file) throws IOException {
        if (file.startsWith("classpath:")) {
            String resource = file.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("no division file " + resource + " in the jar, which ships few provinces'"
                        + " files (src/main/resources/divisions/README.md): set intake.divisions.files"
                        + " (INTAKE_DIVISIONS_FILES) to the province's NBS files (docs/configuration.md)");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
        return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
    }

    /** RFC 4180, the first row naming the columns; blank lines are skipped. */
    private static final CSVFormat DIVISIONS = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();

    /**
     * The {@code code} and {@code name} columns of a division file, in file order. Quoted fields are read as CSV
     * says: a name may hold a comma or a doubled quote. A row without a code or a name is an error, not skipped.
     */
    public static Map<String, String> namesIn(Reader csv) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        try (CSVParser parser = DIVISIONS.parse(csv)) {
            for (CSVRecord row : parser) {
                String code = row.isMapped("code") && row.isSet("code") ? row.get("code") : "";
                String name = row.isMapped("name") && row.isSet("name") ? row.get("name") : "";
                if (code.isEmpty() || name.isEmpty()) {
                    throw new IllegalStateException("division file row " + row.getRecordNumber() + " lacks a code or a name");
                }
                String before = names.putIfAbsent(code, name);
                if (before != null && !before.equals(name)) {
                    throw new IllegalStateException("division file row " + row.getRecordNumber() + ": " + code + " is "
                            + before + " already, not " + name);
                }
            }
        }
        return names;
    }
}

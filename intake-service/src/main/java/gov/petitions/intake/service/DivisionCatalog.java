package gov.petitions.intake.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Anhui's county- and township-level division codes, read once from the copy of the NBS data in
 * resources/divisions. Intake only needs to know whether a location exists; the tree is routing's.
 * The files are RFC 4180 CSV with a header row ({@code code,name,...}); names are quoted.
 */
@ApplicationScoped
public class DivisionCatalog {

    private final Map<String, String> namesByCode = new HashMap<>();
    /** The province and its cities too: only for names (a petition's location is a county or township). */
    private final Map<String, String> upperNames = new HashMap<>();

    public DivisionCatalog() {
        load("divisions/anhui-counties.csv", namesByCode);
        load("divisions/anhui-townships.csv", namesByCode);
        load("divisions/anhui-cities.csv", upperNames);
        load("divisions/anhui-province.csv", upperNames);
    }

    /** The name of any division: the province, a city, a county or a township. */
    public Optional<String> divisionName(String code) {
        return nameOf(code).or(() -> Optional.ofNullable(upperNames.get(code)));
    }

    public Optional<String> nameOf(String code) {
        return Optional.ofNullable(namesByCode.get(code));
    }

    public int size() {
        return namesByCode.size();
    }

    private static void load(String resource, Map<String, String> namesByCode) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            namesByCode.putAll(namesIn(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                names.put(code, name);
            }
        }
        return names;
    }
}

package gov.petitions.routing.directory;

import gov.petitions.routing.Level;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one province's jurisdiction tree from the National Bureau of Statistics' division code files (统计用区划代码)
 * in the layout of the public data set {@code modood/Administrative-divisions-of-China} ({@code dist/*.csv}): one file
 * per level (provinces, cities, areas = county-level units, streets = townships), each with a header row and at
 * least the columns {@code code} and {@code name}. Codes nest by prefix (64 > 6401 > 640104 > 640104001), so a row's
 * level and parent follow from its code alone; the other columns (provinceCode, cityCode, areaCode) are not needed.
 * Rows of other provinces are skipped, so the whole-country files load one province as well as its own extract does.
 */
public final class DivisionFiles {

    /** One division as a file gives it. */
    public record Row(String code, String name, Level level, String parentCode) {
    }

    private static final Pattern CODE = Pattern.compile("^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$");
    private static final int MAX_NAME = 100; // division.name

    private final String provinceCode;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    public DivisionFiles(String provinceCode) {
        this.provinceCode = provinceCode;
    }

    /**
     * Adds the rows of one file that lie in the province.
     *
     * @param source what to call the file in an error message
     * @throws IllegalArgumentException a file without the columns, a malformed code or name, or a code given twice
     *                                  with different names: the bureau's file is wrong, and starting on half a tree
     *                                  would route petitions to the wrong units
     */
    public DivisionFiles read(String source, Reader reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            if (!parser.getHeaderMap().containsKey("code") || !parser.getHeaderMap().containsKey("name")) {
                throw new IllegalArgumentException(source + ": the header must name the columns code and name, found "
                        + parser.getHeaderNames());
            }
            for (CSVRecord record : parser) {
                String code = record.get("code");
                if (!code.startsWith(provinceCode)) {
                    continue;
                }
                String where = source + " line " + parser.getCurrentLineNumber();
                if (!CODE.matcher(code).matches()) {
                    throw new IllegalArgumentException(where + ": " + code + " is not a division code of 2, 4, 6 or 9 digits");
                }
                String name = record.get("name");
                if (name.isBlank() || name.length() > MAX_NAME) {
                    throw new IllegalArgumentException(where + ": the name of " + code + " is empty or longer than " + MAX_NAME);
                }
                Row row = new Row(code, name, levelOf(code), parentOf(code));
                Row before = rows.putIfAbsent(code, row);
                if (before != null && !before.equals(row)) {
                    throw new IllegalArgumentException(where + ": " + code + " is " + before.name() + " already, not " + name);
                }
            }
        }
        return this;
    }

    /**
     * The tree, parents before children.
     *
     * @throws IllegalArgumentException when the files have no row for the province itself, or a division whose parent
     *                                  they do not have
     */
    public List<Row> tree() {
        if (!rows.containsKey(provinceCode)) {
            throw new IllegalArgumentException("the division files have no row for the province " + provinceCode
                    + " (a provinces file with the row \"" + provinceCode + ",<name>\")");
        }
        List<String> orphans = rows.values().stream()
                .filter(r -> r.parentCode() != null && !rows.containsKey(r.parentCode())).map(Row::code).limit(10).toList();
        if (!orphans.isEmpty()) {
            throw new IllegalArgumentException("the division files have no parent for " + String.join(", ", orphans)
                    + (orphans.size() == 10 ? ", …" : "") + ": every city, county and township needs the row above it");
        }
        List<Row> tree = new ArrayList<>(rows.values());
        tree.sort(Comparator.comparingInt((Row r) -> r.code().length()).thenComparing(Row::code));
        return tree;
    }

    /** The province's own row. */
    public static Row province(Collection<Row> tree) {
        return tree.stream().filter(r -> r.level() == Level.PROVINCE).findFirst().orElseThrow();
    }

    static Level levelOf(String code) {
        return switch (code.length()) {
            case 2 -> Level.PROVINCE;
            case 4 -> Level.CITY;
            case 6 -> Level.COUNTY;
            default -> Level.TOWNSHIP;
        };
    }

    static String parentOf(String code) {
        return switch (code.length()) {
            case 2 -> null;
            case 4 -> code.substring(0, 2);
            case 6 -> code.substring(0, 4);
            default -> code.substring(0, 6);
        };
    }
}

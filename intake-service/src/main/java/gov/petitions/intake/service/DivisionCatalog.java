package gov.petitions.intake.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Anhui's county- and township-level division codes, read once from the copy of the NBS data in
 * resources/divisions. Intake only needs to know whether a location exists; the tree is routing's.
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
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            for (String line; (line = reader.readLine()) != null; ) {
                String[] columns = line.split(",");
                if (columns.length >= 2) {
                    namesByCode.put(columns[0].trim(), columns[1].replace("\"", "").trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

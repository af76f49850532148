package gov.petitions.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/api.md, "the API at a glance", lists every endpoint of every service with the roles that may call it. Its
 * tables are the services' authorization matrices ({@code src/test/resources/authorization-matrix.csv}), which each
 * service's AuthorizationMatrixTest checks against the code and against the running service; this test keeps the page
 * equal to them, so the page cannot drift from what is enforced. On a difference it prints the tables as they should
 * be; {@code -Dpetitions.write-api-page=true} writes them into the page.
 */
class ApiPageTest {

    static final Path PAGE = Repo.path("docs/api.md");
    static final String BEGIN = "<!-- endpoints: generated from each service's authorization-matrix.csv by ApiPageTest -->";
    static final String END = "<!-- end of endpoints -->";

    @Test
    void theApiPageListsEveryEndpointOfEveryServiceWithItsRoles() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/api.md has the markers " + BEGIN + " and " + END);
        String expected = tables();
        String actual = page.substring(begin + BEGIN.length(), end);
        if (!expected.equals(actual) && Boolean.getBoolean("petitions.write-api-page")) {
            Files.writeString(PAGE, page.substring(0, begin + BEGIN.length()) + expected + page.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, actual, "docs/api.md's endpoint tables against the services' authorization matrices "
                + "(run this test with -Dpetitions.write-api-page=true to rewrite them)");
    }

    @Test
    void everyServiceHasAMatrix() {
        for (String service : Repo.SERVICES) {
            assertTrue(Files.isRegularFile(matrix(service)), service + " keeps src/test/resources/authorization-matrix.csv");
        }
    }

    static Path matrix(String service) {
        return Repo.path(service + "/src/test/resources/authorization-matrix.csv");
    }

    /** One table per service: method, path, roles, in the matrix's order. */
    static String tables() throws IOException {
        StringBuilder out = new StringBuilder("\n");
        for (String service : Repo.SERVICES) {
            out.append("\n### ").append(service).append("\n\n| method | path | roles |\n|---|---|---|\n");
            for (String[] row : rows(service)) {
                out.append("| ").append(row[0]).append(" | `").append(row[1]).append("` | ").append(row[2]).append(" |\n");
            }
        }
        return out.append("\n").toString();
    }

    static List<String[]> rows(String service) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(matrix(service), StandardCharsets.UTF_8)) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", 3);
            assertEquals(3, cells.length, service + ": a matrix row is METHOD,path,roles: " + line);
            TreeSet<String> roles = new TreeSet<>(Arrays.asList(cells[2].strip().split("\\s+")));
            String who = roles.contains("public") ? "anyone" : roles.contains("none") ? "nobody" : String.join(", ", roles);
            rows.add(new String[] {cells[0].strip(), cells[1].strip(), who});
        }
        return rows;
    }
}

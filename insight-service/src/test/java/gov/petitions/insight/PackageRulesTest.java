package gov.petitions.insight;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout the other services follow: {@code messaging} consumes and delegates, so nothing else depends on it. The
 * REST resources and the services read the stores and the hot spots through {@code domain} and {@code events}; if
 * one of them imported {@code messaging}, the Kafka wiring and the rules would depend on each other again.
 */
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/gov/petitions/insight");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?gov\\.petitions\\.insight\\.(\\w+)\\.",
            Pattern.MULTILINE);
    private static final List<String> MUST_NOT_IMPORT_MESSAGING = List.of("service", "rest", "domain", "events");

    @Test
    void onlyMessagingImportsMessaging() throws IOException {
        List<String> offences = new ArrayList<>();
        int read = 0;
        for (String pkg : MUST_NOT_IMPORT_MESSAGING) {
            Path dir = SOURCES.resolve(pkg);
            assertTrue(Files.isDirectory(dir), "no package " + pkg + " under " + SOURCES.toAbsolutePath());
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    read++;
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        if (m.group(1).equals("messaging")) {
                            offences.add(SOURCES.relativize(file) + ": " + m.group().trim());
                        }
                    }
                }
            }
        }
        assertTrue(read > 10, "read only " + read + " source files: is the working directory the module?");
        assertEquals(List.of(), offences);
    }

    /** The check itself must catch what it is for, or an empty pattern would pass every tree. */
    @Test
    void theCheckSeesAnImportOfMessaging() {
        Matcher m = IMPORT.matcher("package x;\n\nimport gov.petitions.insight.messaging.HotSpotTopology;\n");
        assertTrue(m.find());
        assertEquals("messaging", m.group(1));
    }
}

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout the other services follow: {@code messaging} consumes and delegates, so nothing else depends on it. The
 * REST resources and the services read the stores and the hot spots through {@code domain} and {@code events}; if
 * one of them imported {@code messaging}, the Kafka wiring and the rules would depend on each other again.
 *
 * <p>And the hot-spot decision lives in {@code domain} ({@code HotSpotRule}), where a unit test reaches every case of
 * it: {@code messaging} only fetches, stores and publishes, so it names none of the rule's parts (the windows' and the
 * group petition's tests, the reasons, the figures, the steps of a hot spot), and the domain names none of the
 * wiring's (Kafka's processor API and headers, OpenTelemetry, CDI).
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

    /**
     * What deciding looks like in source: the parts of the rule a detector would use to judge a cell, and the
     * construction of a hot spot's states. Whoever needs one of them in {@code messaging} belongs in {@code domain}.
     */
    private static final Pattern DECIDING = Pattern.compile(
            "\\b(WindowRule|GroupRule|Verdict|WindowFigures|Reason|Step|Status\\.(DETECTED|GROWING|RESOLVED))\\b"
                    + "|\\.(grown|holds|watched|inBaseline|threshold|expected)\\("
                    + "|\\bnew\\s+HotSpot\\s*\\(");
    private static final Pattern WIRING = Pattern.compile(
            "^import\\s+(?:static\\s+)?(org\\.apache\\.kafka\\.(streams\\.processor|clients|common\\.header)"
                    + "|io\\.opentelemetry|jakarta\\.|io\\.quarkus|gov\\.petitions\\.platform\\.(tracing|events))[\\w.]*",
            Pattern.MULTILINE);
    private static final Pattern ANY_KAFKA = Pattern.compile("^import\\s+(?:static\\s+)?org\\.apache\\.kafka[\\w.]*",
            Pattern.MULTILINE);

    @Test
    void messagingHoldsNoPartOfTheHotSpotRule() throws IOException {
        List<String> offences = new ArrayList<>();
        List<Path> files = sources("messaging");
        assertTrue(files.size() >= 4, "read only " + files + ": is the working directory the module?");
        for (Path file : files) {
            Matcher m = DECIDING.matcher(withoutComments(Files.readString(file)));
            while (m.find()) {
                offences.add(SOURCES.relativize(file) + ": " + m.group());
            }
        }
        assertEquals(List.of(), offences, "the decision belongs in domain.HotSpotRule");
    }

    @Test
    void theDomainNamesNoneOfTheWiringAndTheRuleNotEvenKafka() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path file : sources("domain")) {
            String source = Files.readString(file);
            Matcher m = WIRING.matcher(source);
            while (m.find()) {
                offences.add(SOURCES.relativize(file) + ": " + m.group().trim());
            }
            if (file.getFileName().toString().equals("HotSpotRule.java")) {
                Matcher kafka = ANY_KAFKA.matcher(source);
                while (kafka.find()) {
                    offences.add(SOURCES.relativize(file) + ": " + kafka.group().trim());
                }
            }
        }
        assertTrue(Files.isRegularFile(SOURCES.resolve("domain/HotSpotRule.java")), "the rule is in domain");
        assertEquals(List.of(), offences);
    }

    /** The checks above must catch what they are for: lines of the detector as it was, deciding inside messaging. */
    @Test
    void theChecksSeeDecidingAndWiringWhereTheyDoNotBelong() {
        for (String deciding : List.of(
                "SurgeRule.Verdict verdict = w.judge(current.size(), baseline, covered);",
                "if (!rule.grown(petitions, current.emittedPetitionCount())) {",
                "reasons.add(new Reason(HotSpot.Rule.SURGE, w.name(), text));",
                "next = new HotSpot(hotspotId, cell.key(), Status.DETECTED, 1);",
                ".filter(o -> group.holds(o.personCount(), o.at(), now))")) {
            assertTrue(DECIDING.matcher(withoutComments(deciding)).find(), deciding);
        }
        for (String wiring : List.of(
                "SurgeRule rule = rules.get();",
                "for (HotSpotRule.Change change : new HotSpotRule(rule, accusedUnits).judge(key, seen, open, now, since, id)) {",
                "hotspots.put(next.hotspotId(), next);",
                "// the rule decides whether a window's Verdict holds: see HotSpotRule")) {
            assertFalse(DECIDING.matcher(withoutComments(wiring)).find(), wiring);
        }
        assertTrue(WIRING.matcher("import org.apache.kafka.streams.processor.api.Record;\n").find());
        assertTrue(WIRING.matcher("import io.opentelemetry.api.trace.Span;\n").find());
        assertFalse(WIRING.matcher("import org.apache.kafka.streams.state.WindowStoreIterator;\n").find(),
                "the charts' counts read the observations' store: a read, not wiring");
        assertTrue(ANY_KAFKA.matcher("import org.apache.kafka.streams.state.WindowStoreIterator;\n").find());
    }

    private static List<Path> sources(String pkg) throws IOException {
        Path dir = SOURCES.resolve(pkg);
        assertTrue(Files.isDirectory(dir), "no package " + pkg + " under " + SOURCES.toAbsolutePath());
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Comments may speak of the rule; only code counts. */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }

    /** The check itself must catch what it is for, or an empty pattern would pass every tree. */
    @Test
    void theCheckSeesAnImportOfMessaging() {
        Matcher m = IMPORT.matcher("package x;\n\nimport gov.petitions.insight.messaging.HotSpotTopology;\n");
        assertTrue(m.find());
        assertEquals("messaging", m.group(1));
    }
}

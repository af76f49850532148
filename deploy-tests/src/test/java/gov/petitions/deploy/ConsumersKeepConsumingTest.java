package gov.petitions.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service that falls behind must catch up, not stop. With manual commits SmallRye Kafka uses its throttled commit
 * strategy, which by default fails the channel — for good, until the process restarts — once a record has waited more
 * than 60 s to be processed. The benchmark saw exactly that: at an offered rate above what notification could take,
 * its petition.registered channel failed after a minute of backlog, receipts stopped altogether and never resumed
 * (bench/results/HISTORY.md, 2026-12-06). Every such channel therefore turns the age check off.
 */
class ConsumersKeepConsumingTest {

    private static final Pattern MANUAL_COMMIT = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.enable\\.auto\\.commit");

    @Test
    void noConsumerChannelFailsBecauseItFellBehind() throws IOException {
        List<String> failing = new ArrayList<>();
        int channels = 0;
        for (String service : Repo.SERVICES) {
            Path file = Repo.path(service + "/src/main/resources/application.properties");
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            for (String key : properties.stringPropertyNames()) {
                Matcher m = MANUAL_COMMIT.matcher(key);
                if (!m.matches() || !"false".equals(properties.getProperty(key).trim())) {
                    continue;
                }
                channels++;
                String prefix = "mp.messaging.incoming." + m.group(1) + ".";
                String strategy = properties.getProperty(prefix + "commit-strategy", "throttled").trim();
                String age = properties.getProperty(prefix + "throttled.unprocessed-record-max-age.ms", "60000").trim();
                if (strategy.equals("throttled") && !age.equals("0")) {
                    failing.add(service + " " + m.group(1) + " (unprocessed-record-max-age.ms=" + age + ")");
                }
            }
        }
        assertTrue(channels >= 11, "the consumers of routing, supervision and notification were found: " + channels);
        assertEquals(List.of(), failing, "channels that would stop for good after a minute of backlog");
    }
}

package gov.petitions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the benchmark and the fault harness send and how they watch the outcomes, so that both measure the same
 * petitions: every county of the province's county file (by default Anhui's, the default deployment's), the 14 categories, walk-ins, letters and hotline calls, one in ten a group
 * petition of up to 30 people, four in ten from a small pool of repeat petitioners.
 */
public final class Workload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CATEGORIES = {"labour-wages", "social-security", "land-housing", "urban-construction",
            "law-enforcement", "courts-procuratorate", "education", "health", "environment", "rural-affairs",
            "civil-affairs", "market-regulation", "transport", "other"};
    private static final String SUMMARY = "反映拖欠农民工工资问题：2021年在某建筑工地务工，包工头以工程款未结清为由拖欠工资至今，"
            + "多次讨要无果，请求有关部门督促用工单位依法支付劳动报酬，并对违法分包行为予以查处。";

    private Workload() {
    }

    /** The default deployment's county file (Anhui's, intake's); {@code --counties} names another province's. */
    public static final String DEFAULT_COUNTIES = "intake-service/src/main/resources/divisions/34/counties.csv";

    /**
     * The county file {@code --counties} names, else the default one: from the working directory, else from the
     * checkout the bench's classes were built in (its bench/target/classes), so that a run from elsewhere finds it.
     */
    public static Path countiesFile(String option) {
        if (option != null && !option.isBlank()) {
            return Path.of(option);
        }
        Path here = Path.of(DEFAULT_COUNTIES);
        if (Files.isRegularFile(here)) {
            return here;
        }
        try {
            Path classes = Path.of(Workload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path checkout = classes.getParent() == null || classes.getParent().getParent() == null ? null
                    : classes.getParent().getParent().getParent();
            if (checkout != null && Files.isRegularFile(checkout.resolve(DEFAULT_COUNTIES))) {
                return checkout.resolve(DEFAULT_COUNTIES);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not run from a directory of classes: only the working directory counts
        }
        throw new IllegalArgumentException("no county file at " + here.toAbsolutePath() + "; name one with --counties");
    }

    /**
     * The province the counties of a county file lie in, and one of them: what bodies that need a real place and a
     * jurisdiction are made of. The province is the file's (a deployment's data), never assumed.
     */
    public record Place(String province, String county) {

        public static Place of(List<String> counties) {
            if (counties.isEmpty() || !counties.get(0).matches("^[1-9][0-9]{5}$")) {
                throw new IllegalArgumentException("the county file's first code is not a county code: " + counties);
            }
            String province = counties.get(0).substring(0, 2);
            if (counties.stream().anyMatch(c -> !c.startsWith(province))) {
                throw new IllegalArgumentException("the county file mixes provinces; one deployment serves one province");
            }
            return new Place(province, counties.get(0));
        }

        /** The province's own petition bureau (信访局), a unit every province has. */
        public String bureau() {
            return province + "-XFJ";
        }
    }

    /** The county codes of intake's division file (first column, after the header). */
    public static List<String> counties(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",")[0]).toList();
    }

    /** A registration body as a clerk would send it. */
    public static String petition(Random random, List<String> counties) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        String channel = random.nextInt(10) < 6 ? "WALK_IN" : random.nextBoolean() ? "LETTER" : "HOTLINE";
        body.put("channel", channel);
        if (channel.equals("LETTER")) {
            // a letter carries the day the bureau received it (and, here, no postmark)
            body.putObject("letter").put("receivedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        }
        body.put("categoryCode", CATEGORIES[random.nextInt(CATEGORIES.length)]);
        body.put("locationCode", counties.get(random.nextInt(counties.size())));
        body.put("summary", SUMMARY);
        // about one in ten is a group petition (集体访) of up to 30 people
        body.put("personCount", random.nextInt(10) == 0 ? 2 + random.nextInt(29) : 1);
        ObjectNode petitioner = body.putObject("petitioner");
        // repeat petitioners (重复信访): phone numbers drawn from a small pool
        int person = random.nextInt(random.nextInt(10) < 4 ? 500 : 1_000_000);
        petitioner.put("name", "信访人" + person);
        petitioner.put("phone", String.format("139%08d", person));
        return JSON.writeValueAsString(body);
    }

    /**
     * A consumer of every partition of {@code topic}, positioned at its end: it sees what happens from now on, and
     * joins no group (nothing is committed, no rebalance when the system's own consumers come and go).
     */
    public static KafkaConsumer<String, String> tailFromNow(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, not at the first poll
        return consumer;
    }
}

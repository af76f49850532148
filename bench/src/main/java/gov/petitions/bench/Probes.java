package gov.petitions.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the benchmark reads from the machine at the edges of a window: CPU time of every process of the system from
 * /proc (service JVMs, broker, MongoDB stand-in, PostgreSQL, the load generator), the end offsets of every topic of
 * the broker, and {@code pg_stat_database.xact_commit} of the services' databases.
 *
 * <p>PostgreSQL may be shared with other work (the test instance's server on 5432): it counts the backends connected
 * to the services' databases, plus the server processes (postmaster, WAL writer, checkpointer, background writer,
 * autovacuum) of the server(s) those backends belong to — but no backend of another database. The shared server
 * processes do work for every database, so on a shared server the figure is an upper bound.
 */
final class Probes implements AutoCloseable {

    private final Path pidDir;
    private final Set<String> databases;
    private final KafkaConsumer<byte[], byte[]> offsets;
    private final Connection pg;

    Probes(Path pidDir, String bootstrap, String pgUrl, String pgUser, String pgPassword, List<String> databases) {
        this.pidDir = pidDir;
        this.databases = new HashSet<>(databases); // contains(null) is false, not an exception
        this.offsets = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        Connection connection = null;
        if (pgUrl != null && !pgUrl.isBlank()) {
            try {
                connection = DriverManager.getConnection(pgUrl, pgUser, pgPassword == null ? "" : pgPassword);
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                System.out.println("[bench] no pg_stat_database (commits not counted): " + e.getMessage());
            }
        }
        this.pg = connection;
    }

    /** One reading of everything. */
    record Reading(long nanos, Map<String, Long> cpuMs, Map<String, Long> topicEndOffsets, Map<String, Long> commits) {
    }

    Reading read() {
        return new Reading(System.nanoTime(), cpuMs(), endOffsets(), commits());
    }

    // ---------------------------------------------------------------- CPU

    /** process name → utime + stime in ms; "postgresql" as above; "load-generator" this JVM. */
    Map<String, Long> cpuMs() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes().forEach((name, pid) -> cpu.put(name, cpuMs(pid)));
        cpu.put("postgresql", postgresCpuMs());
        cpu.put("load-generator", cpuMs(ProcessHandle.current().pid()));
        return cpu;
    }

    Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (Files.isDirectory(pidDir)) {
            try (var files = Files.list(pidDir)) {
                for (Path file : files.sorted().toList()) {
                    try {
                        pids.put(file.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(file).strip()));
                    } catch (IOException | NumberFormatException ignored) {
                        // a pid file being rewritten
                    }
                }
            } catch (IOException ignored) {
                // no pid directory: nothing to read
            }
        }
        return pids;
    }

    private record PgProcess(long pid, long ppid, String database) {
    }

    private long postgresCpuMs() {
        List<PgProcess> all = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (!Files.readString(dir.resolve("comm")).strip().startsWith("postgres")) {
                        continue;
                    }
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
                    long pid = Long.parseLong(dir.getFileName().toString());
                    all.add(new PgProcess(pid, ppid(pid), backendDatabase(cmdline)));
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return 0;
        }
        if (databases.isEmpty()) {
            return all.stream().mapToLong(p -> cpuMs(p.pid())).sum();
        }
        Set<Long> servers = new HashSet<>();
        all.stream().filter(p -> databases.contains(p.database())).forEach(p -> servers.add(p.ppid()));
        long sum = 0;
        for (PgProcess p : all) {
            boolean ours = databases.contains(p.database())               // a backend of the services' databases
                    || servers.contains(p.pid())                          // the postmaster
                    || (p.database() == null && servers.contains(p.ppid())); // its server processes
            if (ours) {
                sum += cpuMs(p.pid());
            }
        }
        return sum;
    }

    /**
     * The database of a client backend from its title ("postgres: USER DATABASE HOST(PORT) STATE", possibly with a
     * cluster name "postgres: 15/main: USER ..."), null for the postmaster and the server's own processes.
     */
    static String backendDatabase(String cmdline) {
        if (!cmdline.startsWith("postgres: ")) {
            return null;
        }
        String[] words = cmdline.substring("postgres: ".length()).split(" +");
        int i = words.length > 0 && words[0].endsWith(":") ? 1 : 0;
        if (words.length < i + 3) {
            return null;
        }
        String host = words[i + 2];
        return host.contains("(") || host.equals("[local]") ? words[i + 1] : null;
    }

    private static long ppid(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10; // USER_HZ = 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** process → VmHWM in MB (-1 when it is gone) */
    Map<String, Long> peakRssMb() {
        Map<String, Long> rss = new LinkedHashMap<>();
        processes().forEach((name, pid) -> {
            long mb = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        mb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (IOException ignored) {
                // gone
            }
            rss.put(name, mb);
        });
        return rss;
    }

    // ---------------------------------------------------------------- broker and database

    /** topic → sum of its partitions' end offsets (records written, plus any transaction markers) */
    Map<String, Long> endOffsets() {
        Map<String, Long> byTopic = new TreeMap<>();
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Map.Entry<String, List<PartitionInfo>> topic : offsets.listTopics(Duration.ofSeconds(10)).entrySet()) {
                topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            offsets.endOffsets(partitions, Duration.ofSeconds(10))
                    .forEach((tp, end) -> byTopic.merge(tp.topic(), end, Long::sum));
        } catch (RuntimeException e) {
            System.out.println("[bench] end offsets not read: " + e);
        }
        return byTopic;
    }

    /** database → xact_commit */
    Map<String, Long> commits() {
        Map<String, Long> commits = new TreeMap<>();
        if (pg == null || databases.isEmpty()) {
            return commits;
        }
        try (PreparedStatement query = pg.prepareStatement("SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY (?)")) {
            query.setArray(1, pg.createArrayOf("text", databases.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    commits.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            System.out.println("[bench] pg_stat_database not read: " + e.getMessage());
        }
        return commits;
    }

    boolean countsCommits() {
        return pg != null && !databases.isEmpty();
    }

    @Override
    public void close() {
        offsets.close();
        if (pg != null) {
            try {
                pg.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }
}

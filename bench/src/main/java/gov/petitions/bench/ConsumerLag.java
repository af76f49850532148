package gov.petitions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far each service's consumer group is behind on each topic while the load runs (issue 20: at 100/s the ledger
 * entry came a minute late because supervision's consumer of case.assigned could not keep up, and only the groups'
 * lag showed which consumer it was). Every two seconds the broker is asked for each group's committed offsets and the
 * end offsets of the partitions it reads; a group's lag on a topic is the sum over them. Committed offsets trail what
 * was applied by up to the commit interval (the throttled strategy commits every few seconds), so a few hundred
 * records at 100/s are the commit's, not a backlog: a backlog is a lag that grows over the window.
 */
final class ConsumerLag implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sampling: records behind by "group topic", when (System.nanoTime). */
    record Sample(long nanos, Map<String, Long> lag) {
    }

    /** A group's lag on a topic over a window: the median and largest sample, and the last minus the first. */
    record Summary(int samples, long p50, long max, long growth) {
    }

    private final Admin admin;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-lag");
        t.setDaemon(true);
        return t;
    });
    private final List<Sample> samples = new ArrayList<>();
    private long failed;

    ConsumerLag(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(config);
    }

    void start() {
        sampler.scheduleWithFixedDelay(this::sample, 0, 2, TimeUnit.SECONDS);
    }

    private void sample() {
        long at = System.nanoTime();
        try {
            Map<String, Long> lag = new TreeMap<>();
            // the services' groups (intake-service, routing-service, …): not the generator's own, which have none
            List<String> groups = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
                    .filter(g -> g.endsWith("-service")).toList();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                committed.values().removeIf(java.util.Objects::isNull);
                if (committed.isEmpty()) {
                    continue;
                }
                var ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()))).all().get();
                committed.forEach((tp, offset) ->
                        lag.merge(group + " " + tp.topic(), Math.max(0, ends.get(tp).offset() - offset.offset()), Long::sum));
            }
            synchronized (samples) {
                samples.add(new Sample(at, lag));
            }
        } catch (Exception e) {
            synchronized (samples) {
                failed++;
            }
        }
    }

    /** Each group and topic's lag over the samples taken in [from, to), the most behind first. */
    static Map<String, Summary> summarise(List<Sample> samples, long from, long to) {
        List<Sample> inWindow = samples.stream().filter(s -> s.nanos() >= from && s.nanos() < to)
                .sorted(Comparator.comparingLong(Sample::nanos)).toList();
        Map<String, List<Long>> series = new TreeMap<>();
        for (Sample sample : inWindow) {
            sample.lag().forEach((key, lag) -> series.computeIfAbsent(key, k -> new ArrayList<>()).add(lag));
        }
        Map<String, Summary> out = new LinkedHashMap<>();
        series.entrySet().stream()
                .map(e -> {
                    List<Long> values = e.getValue();
                    List<Long> sorted = values.stream().sorted().toList();
                    return Map.entry(e.getKey(), new Summary(values.size(), sorted.get((sorted.size() - 1) / 2),
                            sorted.get(sorted.size() - 1), values.get(values.size() - 1) - values.get(0)));
                })
                .sorted(Comparator.comparingLong((Map.Entry<String, Summary> e) -> e.getValue().max()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    ObjectNode toJson(long from, long to) {
        List<Sample> copy;
        long failures;
        synchronized (samples) {
            copy = List.copyOf(samples);
            failures = failed;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("everyS", 2);
        node.put("samples", copy.stream().filter(s -> s.nanos() >= from && s.nanos() < to).count());
        node.put("samplingsFailed", failures);
        node.set("byGroupTopic", JSON.valueToTree(summarise(copy, from, to)));
        return node;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}

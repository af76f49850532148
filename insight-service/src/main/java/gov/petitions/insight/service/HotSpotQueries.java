package gov.petitions.insight.service;

import gov.petitions.platform.client.CallFailure;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.insight.HotSpot;
import gov.petitions.insight.client.ReplicaApi;
import gov.petitions.insight.client.ReplicaCalls;
import gov.petitions.insight.domain.CellCounts;
import gov.petitions.insight.domain.HotSpotStores;
import gov.petitions.insight.domain.Observation;
import gov.petitions.insight.events.HotSpotDetected;
import gov.petitions.insight.service.HotSpotViews.HotSpotView;
import gov.petitions.insight.service.HotSpotViews.Point;
import gov.petitions.insight.service.HotSpotViews.Series;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Interactive queries over every replica: each replica holds the state of its own partitions, so an
 * answer is assembled from this replica's stores and, over HTTP with the caller's own token, from the
 * replicas that Kafka Streams' metadata names ({@link ReplicaCalls}: time-outs, a retry, circuit breakers). The
 * forwarded request carries {@link #LOCAL_ONLY}, so the replica asked answers from its own stores and never forwards
 * again.
 */
@ApplicationScoped
public class HotSpotQueries {

    public static final String LOCAL_ONLY = ReplicaApi.LOCAL_ONLY;

    /**
     * Who asks, as the platform's scope model sees them: whether they may see what lies in a place and accuses these
     * units — inside their jurisdiction and outside the recusal set (回避), as for a single case. Every replica asks
     * it of the caller's own token, so a forwarded request is filtered where it is answered.
     */
    public interface Viewer {
        boolean maySee(String placeCode, Collection<String> accusedUnitCodes);
    }

    private final KafkaStreams streams;
    private final ObjectMapper mapper;
    private final HostInfo self;
    private final ReplicaCalls replicas;
    private final AccusedUnits accusedUnits;

    public HotSpotQueries(KafkaStreams streams, ObjectMapper mapper, ReplicaCalls replicas, AccusedUnits accusedUnits,
                          @ConfigProperty(name = "quarkus.kafka-streams.application-server") String applicationServer) {
        this.accusedUnits = accusedUnits;
        this.streams = streams;
        this.mapper = mapper;
        this.replicas = replicas;
        this.self = HostInfo.buildFromEndpoint(applicationServer);
    }

    /** Hot spots whose place lies in the subtree and that the viewer may see, newest first. */
    public List<HotSpotView> list(String scope, boolean activeOnly, Viewer viewer, String token, boolean localOnly) {
        List<HotSpotView> found = new ArrayList<>(fromStores(() -> local(scope, activeOnly, viewer)));
        if (!localOnly) {
            for (HostInfo host : others(HotSpotStores.HOTSPOTS)) {
                found.addAll(forward(host, () -> replicas.list(host, scope, activeOnly ? "active" : "all", token),
                        new TypeReference<List<HotSpotView>>() { }).orElse(List.of()));
            }
        }
        found.sort(Comparator.comparing((HotSpotView v) -> v.hotspot().updatedAt()).reversed()
                .thenComparing(v -> v.hotspot().hotspotId()));
        return found;
    }

    public Optional<HotSpotView> find(String hotspotId, String token, boolean localOnly) {
        HotSpot local = fromStores(() -> hotspots().get(hotspotId));
        if (local != null) {
            return Optional.of(HotSpotView.of(local));
        }
        if (localOnly) {
            return Optional.empty();
        }
        // the id does not say which partition holds it: ask each replica, they answer from their own stores
        for (HostInfo host : others(HotSpotStores.HOTSPOTS)) {
            Optional<HotSpotView> view = forward(host, () -> replicas.one(host, hotspotId, token),
                    new TypeReference<HotSpotView>() { });
            if (view.isPresent()) {
                return view;
            }
        }
        return Optional.empty();
    }

    /**
     * The windowed counts of one cell, from the replica that owns its key. When the petitions counted in the range
     * accuse a unit that recuses the viewer, the answer has no points, as for a cell with no petitions: the viewer
     * does not learn that there is something they may not see.
     */
    public Series series(String placeCode, String category, String target, String window, Duration size, Instant from,
                         Instant to, Viewer viewer, String token, boolean localOnly) {
        String store = HotSpotStores.OBSERVATIONS;
        String cell = HotSpotStores.cellKey(placeCode, category, target);
        if (!localOnly) {
            // the counts are the observations of the cell's county × category, partitioned by it
            KeyQueryMetadata owner = metadata(() -> streams.queryMetadataForKey(store,
                    HotSpotStores.placeCategoryOf(cell), new StringSerializer()));
            if (owner != null && owner.activeHost() != null && !self.equals(owner.activeHost())
                    && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                HostInfo host = owner.activeHost();
                return forward(host, () -> replicas.series(host, placeCode, category, target, window, from.toString(),
                                to.toString(), token), new TypeReference<Series>() { })
                        .orElseThrow(() -> unavailable("the replica holding these counts did not answer"));
            }
        }
        List<Point> points = fromStores(() -> {
            List<Point> found = new ArrayList<>();
            List<String> accused = List.of();
            ReadOnlyWindowStore<String, Observation> observations = store(store, QueryableStoreTypes.windowStore());
            for (CellCounts.Window w : CellCounts.read(observations, size, cell, from, to, accusedUnits)) {
                found.add(new Point(HotSpotDetected.time(w.start()), HotSpotDetected.time(w.start() + size.toMillis()),
                        w.counts().petitions(), w.counts().persons()));
                accused = accusedUnits.union(accused, w.counts().accusedUnitCodes());
            }
            return viewer.maySee(placeCode, accused) ? found : List.<Point>of();
        });
        return new Series(placeCode, category, target, window, size.toString(), HotSpotDetected.time(from.toEpochMilli()),
                HotSpotDetected.time(to.toEpochMilli()), points);
    }

    /** The replicas (other than this one) that hold a store. */
    public List<HostInfo> others(String storeName) {
        return metadata(() -> streams.metadataForAllStreamsClients()).stream()
                .filter(m -> m.stateStoreNames().contains(storeName))
                .map(StreamsMetadata::hostInfo)
                .filter(h -> !self.equals(h))
                .distinct()
                .toList();
    }

    /** Every replica but this one, whatever it holds (for changes that all must apply). */
    public List<HostInfo> otherReplicas() {
        return metadata(() -> streams.metadataForAllStreamsClients()).stream()
                .map(StreamsMetadata::hostInfo).filter(h -> !self.equals(h)).distinct().toList();
    }

    public HostInfo self() {
        return self;
    }

    private List<HotSpotView> local(String scope, boolean activeOnly, Viewer viewer) {
        List<HotSpotView> views = new ArrayList<>();
        try (KeyValueIterator<String, HotSpot> it = hotspots().all()) {
            while (it.hasNext()) {
                HotSpot h = it.next().value;
                if (h.placeCode().startsWith(scope) && (!activeOnly || h.active())
                        && viewer.maySee(h.placeCode(), h.accusedUnitCodes())) {
                    views.add(HotSpotView.of(h));
                }
            }
        }
        return views;
    }

    private ReadOnlyKeyValueStore<String, HotSpot> hotspots() {
        return store(HotSpotStores.HOTSPOTS, QueryableStoreTypes.keyValueStore());
    }

    private <T> T store(String name, org.apache.kafka.streams.state.QueryableStoreType<T> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type));
    }

    /** Reads local stores; while partitions move between replicas they refuse, and so do we, for a moment. */
    private static <T> T fromStores(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw unavailable("the hot-spot stores are being moved between replicas (rebalancing)");
        }
    }

    private <T> T metadata(java.util.function.Supplier<T> query) {
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            throw unavailable("the stream processing is " + streams.state());
        }
        return query.get();
    }

    /**
     * What another replica answered, read as {@code type}: empty when it holds no such thing (404); a 503 problem
     * when it could not say (unreachable, slow, failing, its circuit open, or it refused the forwarded request).
     */
    public <T> Optional<T> forward(HostInfo host, Supplier<ReplicaCalls.Answer> call, TypeReference<T> type) {
        ReplicaCalls.Answer answer;
        try {
            answer = call.get();
        } catch (CallFailure | FaultToleranceException e) {
            Log.warnf("replica %s did not answer: %s", host, e.getMessage());
            throw unavailable("replica " + host + " did not answer");
        }
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw unavailable("replica " + host + " answered " + answer.status());
        }
        try {
            return Optional.of(mapper.readValue(answer.body(), type));
        } catch (java.io.IOException e) {
            throw unavailable("replica " + host + " answered something unreadable");
        }
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of("unavailable", "Hot spots are briefly unavailable", 503,
                detail + "; try again in a moment"));
    }
}

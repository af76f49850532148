package gov.petitions.insight.domain;

import org.apache.kafka.streams.kstream.Windows;
import org.apache.kafka.streams.kstream.internals.TimeWindow;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hopping windows aligned to midnight in China. Kafka Streams' {@code TimeWindows} align to the epoch (midnight
 * UTC), so a chart's "day" would run from 08:00 to 08:00 in Hefei and the 7-day window would move at 08:00. These
 * windows start where {@code TimeWindows} would, moved back by the zone's offset (fixed: China has had no
 * daylight-saving time since 1991). An hour window is the same either way.
 */
public final class ChinaDayWindows extends Windows<TimeWindow> {

    /** The zone of every date a person sees, and of the charts' days. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final long sizeMs;
    private final long advanceMs;
    private final long graceMs;
    private final long offsetMs;

    private ChinaDayWindows(long sizeMs, long advanceMs, long graceMs, long offsetMs) {
        if (sizeMs <= 0 || advanceMs <= 0 || advanceMs > sizeMs || graceMs < 0) {
            throw new IllegalArgumentException("size > 0, 0 < advance <= size, grace >= 0");
        }
        this.sizeMs = sizeMs;
        this.advanceMs = advanceMs;
        this.graceMs = graceMs;
        this.offsetMs = offsetMs;
    }

    public static ChinaDayWindows of(Duration size, Duration advance, Duration grace, ZoneId zone) {
        long offset = zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() * 1000L;
        return new ChinaDayWindows(size.toMillis(), advance.toMillis(), grace.toMillis(), offset);
    }

    @Override
    public Map<Long, TimeWindow> windowsFor(long timestamp) {
        // the latest start at or before the timestamp, on the local grid, then every earlier one still covering it
        long latest = Math.floorDiv(timestamp + offsetMs, advanceMs) * advanceMs - offsetMs;
        long earliest = latest;
        while (earliest - advanceMs > timestamp - sizeMs) {
            earliest -= advanceMs;
        }
        Map<Long, TimeWindow> windows = new LinkedHashMap<>();
        for (long start = earliest; start <= latest; start += advanceMs) {
            if (start >= 0) {
                windows.put(start, new TimeWindow(start, start + sizeMs));
            }
        }
        return windows;
    }

    @Override
    public long size() {
        return sizeMs;
    }

    @Override
    public long gracePeriodMs() {
        return graceMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChinaDayWindows w && w.sizeMs == sizeMs && w.advanceMs == advanceMs
                && w.graceMs == graceMs && w.offsetMs == offsetMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeMs, advanceMs, graceMs, offsetMs);
    }

    @Override
    public String toString() {
        return "ChinaDayWindows{size=" + sizeMs + ", advance=" + advanceMs + ", grace=" + graceMs + ", offset=" + offsetMs + "}";
    }
}

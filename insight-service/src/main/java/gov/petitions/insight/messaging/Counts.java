package gov.petitions.insight.messaging;

import gov.petitions.insight.service.AccusedUnits;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Petitions (批次) and persons (人次) of one cell in one window, and for an accused-target cell the recusal set of
 * those petitions (bounded, see {@link AccusedUnits}): a chart of the petitions against a unit is not for that unit.
 */
public record Counts(long petitions, long persons, List<String> accusedUnitCodes) {

    static final Counts ZERO = new Counts(0, 0);

    public Counts {
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    public Counts(long petitions, long persons) {
        this(petitions, persons, List.of());
    }

    Counts add(CellHit hit, AccusedUnits units) {
        return new Counts(petitions + 1, persons + hit.persons(), hit.accusedUnitCodes().isEmpty() ? accusedUnitCodes
                : units.union(accusedUnitCodes, hit.accusedUnitCodes()));
    }

    /**
     * Two longs, then the codes when there are any: the windowed stores hold one of these per cell and window, so
     * keep it small. A value written before the codes existed (16 bytes) reads as accusing no one.
     */
    static Serde<Counts> serde() {
        Serializer<Counts> serializer = (topic, c) -> {
            if (c == null) {
                return null;
            }
            byte[] codes = String.join(",", c.accusedUnitCodes).getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(16 + codes.length).putLong(c.petitions).putLong(c.persons).put(codes).array();
        };
        Deserializer<Counts> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new Counts(buffer.getLong(), buffer.getLong(), CellHit.codes(buffer));
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }
}

package gov.petitions.insight.messaging;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One petition counted in one cell: its persons, and for an accused-target cell the units it accuses, so the
 * cell's counts know whom they must not be shown to.
 */
record CellHit(int persons, List<String> accusedUnitCodes) {

    CellHit {
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    /**
     * The 4-byte person count the by-cell repartition topic always carried, then the codes (unit codes hold no
     * comma) when there are any: a record written before the codes existed still reads, as a hit accusing no one.
     */
    static Serde<CellHit> serde() {
        Serializer<CellHit> serializer = (topic, hit) -> {
            if (hit == null) {
                return null;
            }
            byte[] codes = String.join(",", hit.accusedUnitCodes()).getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + codes.length).putInt(hit.persons()).put(codes).array();
        };
        Deserializer<CellHit> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int persons = buffer.getInt();
            return new CellHit(persons, codes(buffer));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The rest of a buffer as comma-separated codes; none when nothing remains. */
    static List<String> codes(ByteBuffer buffer) {
        if (!buffer.hasRemaining()) {
            return List.of();
        }
        byte[] rest = new byte[buffer.remaining()];
        buffer.get(rest);
        return Arrays.stream(new String(rest, StandardCharsets.UTF_8).split(",")).filter(c -> !c.isEmpty()).toList();
    }
}

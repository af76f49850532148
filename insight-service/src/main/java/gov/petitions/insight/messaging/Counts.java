package gov.petitions.insight.messaging;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** Petitions (批次) and persons (人次) of one cell in one window. */
public record Counts(long petitions, long persons) {

    static final Counts ZERO = new Counts(0, 0);

    Counts add(int personCount) {
        return new Counts(petitions + 1, persons + personCount);
    }

    /** Two longs: the windowed stores hold one of these per cell and window, so keep it small. */
    static Serde<Counts> serde() {
        Serializer<Counts> serializer = (topic, c) -> c == null ? null
                : ByteBuffer.allocate(16).putLong(c.petitions).putLong(c.persons).array();
        Deserializer<Counts> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new Counts(buffer.getLong(), buffer.getLong());
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }
}

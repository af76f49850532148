package gov.petitions.notification.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The codec of one stored document type: the one place that names its fields in MongoDB. A subclass says how a
 * record becomes a {@link Document} and back; the driver then reads and writes the record itself (a collection of
 * {@code T}, see {@link #collection}), and filters and updates name fields by the subclass's constants.
 *
 * <p>Going through {@code Document} keeps what the local wire stand-in sees exactly as before: the same field names,
 * BSON dates, absent optional fields.
 */
abstract class Mapping<T> implements Codec<T> {

    private static final DocumentCodec DOCUMENTS = new DocumentCodec();

    /** Every stored document's key. */
    static final String ID = "_id";

    private final Class<T> type;

    Mapping(Class<T> type) {
        this.type = type;
    }

    abstract Document toDocument(T value);

    abstract T fromDocument(Document document);

    @Override
    public final void encode(BsonWriter writer, T value, EncoderContext context) {
        DOCUMENTS.encode(writer, toDocument(value), context);
    }

    @Override
    public final T decode(BsonReader reader, DecoderContext context) {
        return fromDocument(DOCUMENTS.decode(reader, context));
    }

    @Override
    public final Class<T> getEncoderClass() {
        return type;
    }

    /** The collection, reading and writing {@code T} with this codec. */
    MongoCollection<T> collection(MongoDatabase database, String name) {
        return database.getCollection(name, type).withCodecRegistry(
                CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(this), database.getCodecRegistry()));
    }

    // ---------------------------------------------------------------- helpers for subclasses

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, Document document, String field) {
        String name = document.getString(field);
        return name == null ? null : Enum.valueOf(type, name);
    }

    static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    static List<String> strings(Document document, String field) {
        return List.copyOf(document.getList(field, String.class, List.of()));
    }

    /** Appends the field only if it has a value: absent, as before, rather than null. */
    static Document appendPresent(Document document, String field, Object value) {
        return value == null ? document : document.append(field, value);
    }
}

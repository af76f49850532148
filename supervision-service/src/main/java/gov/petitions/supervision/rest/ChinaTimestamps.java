package gov.petitions.supervision.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import gov.petitions.platform.time.ChinaTime;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Every timestamp this service writes (answers and events) is China's wall time with its offset (+08:00): a deadline
 * at midnight in China reads "2026-12-10T00:00:00+08:00", not "2026-12-09T16:00:00Z", so the date a person reads off
 * it is China's date. The instant is the same (RFC 3339 with offset, as the contracts say). PostgreSQL hands
 * timestamps back in UTC; this is the one place they are turned to China's time.
 */
@Singleton
public class ChinaTimestamps implements ObjectMapperCustomizer {

    /** After Quarkus's own customizer registers the java.time module: the serializer registered last wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("china-timestamps");
        module.addSerializer(OffsetDateTime.class, new JsonSerializer<>() {
            @Override
            public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ChinaTime.inChina(value.toInstant())));
            }
        });
        mapper.registerModule(module);
    }
}

package gov.petitions.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the data of an incoming event into the consumer's own view of it and validates it. Unknown
 * fields are ignored (a producer may add optional fields without breaking consumers); missing or
 * malformed required ones make the record poison.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper mapper;
    private final Validator validator;

    public EventReader(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
    }

    public <T> T read(ConsumerRecord<String, String> record, Class<T> type) {
        if (record.value() == null) {
            throw new PoisonEventException("record has no value");
        }
        T data;
        try {
            data = mapper.readValue(record.value(), type);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("data is not valid JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(data);
        if (!violations.isEmpty()) {
            throw new PoisonEventException("invalid data: " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")));
        }
        return data;
    }
}

package gov.petitions.insight.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.insight.events.Petition;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.TargetNames;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.events.TraceContext;
import gov.petitions.platform.tracing.EventSpans;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads petition.registered records: checks the CloudEvents headers and the data, and stamps the record
 * with the registration time, so every window downstream is in event time (redeliveries are dropped after the
 * repartition, by {@link CellCounts}). A record that can never be read goes on as poison (to the DLQ branch)
 * instead of throwing, which would stop the stream thread and with it every partition of the task.
 *
 * <p>Each record is read in a consumer span, a child of its {@code traceparent} (docs/tracing.md), so that a petition's
 * trace shows insight took it in. The petition goes on with that span's context (with tracing off, the record's own),
 * across the repartition into the detector's observation, so that a hot spot it tips is published in its trace.
 */
class PetitionIntake implements Processor<String, String, String, PetitionIntake.Outcome> {

    /** Either a petition or the reason the record is poison, with the original value for the DLQ. */
    record Outcome(Petition petition, String poisonReason, String original) {
    }

    private static final Pattern CATEGORY = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    // a county (6 digits) or a township (9) of any province; which province is the deployment's is checked apart
    private static final Pattern LOCATION = Pattern.compile("^[1-9][0-9]{5}([0-9]{3})?$");
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final int MAX_TARGETS = 20;
    private static final int MAX_NAME = 100;

    /** The consumer group of the topology (quarkus.kafka-streams.application-id), as the spans name it. */
    static final String GROUP = "insight-service";

    private final String province;
    private final EventSpans spans;
    private ProcessorContext<String, Outcome> context;

    /** @param province the deployment's province code ({@code petitions.province.code}): every place lies in it */
    PetitionIntake(String province) {
        this(province, null);
    }

    /** @param spans makes each record's consumer span; null: none (the topology tests) */
    PetitionIntake(String province, EventSpans spans) {
        this.province = province;
        this.spans = spans;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, String> record) {
        if (spans == null) {
            read(record);
            return;
        }
        spans.consuming(asConsumerRecord(record), GROUP, () -> {
            read(record);
            return null;
        });
    }

    private void read(Record<String, String> record) {
        Petition petition;
        try {
            CloudEvent.read(asConsumerRecord(record), Petition.TYPE);
            petition = parse(record.value(), province);
            if (record.key() != null && !record.key().equals(petition.petitionId())) {
                throw new PoisonEventException("record key and petitionId differ");
            }
        } catch (PoisonEventException e) {
            Headers headers = record.headers();
            RecordMetadata source = context.recordMetadata().orElse(null);
            put(headers, "dead-letter-reason", e.getMessage());
            put(headers, "dead-letter-exception-class-name", e.getClass().getName());
            if (source != null) {
                put(headers, "dead-letter-topic", source.topic());
                put(headers, "dead-letter-partition", String.valueOf(source.partition()));
                put(headers, "dead-letter-offset", String.valueOf(source.offset()));
            }
            context.forward(record.withValue(new Outcome(null, e.getMessage(), record.value())));
            return;
        }
        // the consumer span when tracing is on; else the context the record came with, passed on as a relay does
        TraceContext trace = TraceContext.current();
        if (trace == null) {
            trace = CloudEvent.readTrace(asConsumerRecord(record));
        }
        // kept with the observation for weeks: only a well-formed context, never whatever a foreign producer sent
        boolean wellFormed = trace != null && TRACEPARENT.matcher(trace.traceParent()).matches();
        Petition traced = wellFormed ? petition.traced(trace.traceParent(), trace.traceState()) : petition;
        context.forward(new Record<>(petition.petitionId(), new Outcome(traced, null, null), petition.registeredAt(),
                new RecordHeaders()));
    }

    static Petition parse(String value, String province) {
        if (value == null) {
            throw new PoisonEventException("record has no value");
        }
        JsonNode data;
        try {
            data = JsonSerde.MAPPER.readTree(value);
        } catch (java.io.IOException e) {
            throw new PoisonEventException("data is not JSON");
        }
        if (data == null || !data.isObject()) {
            throw new PoisonEventException("data is not a JSON object");
        }
        String petitionId = text(data, "petitionId");
        try {
            UUID.fromString(petitionId);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("petitionId is not a UUID");
        }
        String category = text(data, "categoryCode");
        if (!CATEGORY.matcher(category).matches()) {
            throw new PoisonEventException("categoryCode is malformed");
        }
        String location = text(data, "locationCode");
        if (!LOCATION.matcher(location).matches() || !location.startsWith(province)) {
            throw new PoisonEventException("locationCode is not a county or township code of province " + province);
        }
        JsonNode persons = data.get("personCount");
        if (persons == null || !persons.canConvertToInt() || !persons.isIntegralNumber() || persons.asInt() < 1) {
            throw new PoisonEventException("personCount must be a positive integer");
        }
        long registeredAt;
        try {
            registeredAt = OffsetDateTime.parse(text(data, "registeredAt")).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("registeredAt is not an RFC 3339 date-time");
        }
        List<String> targets = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        // accusedTargets is an optional additive field: anything but an array of strings reads as "none named"
        JsonNode accused = data.get("accusedTargets");
        if (accused != null && accused.isArray()) {
            for (JsonNode name : accused) {
                String normalised = name.isTextual() ? TargetNames.normalise(name.asText()) : null;
                if (normalised != null && !targets.contains(normalised) && targets.size() < MAX_TARGETS) {
                    targets.add(cut(normalised));
                    labels.add(cut(name.asText().strip()));
                }
            }
        }
        String county = location.substring(0, 6);
        String township = location.length() == 9 ? location : null;
        return new Petition(petitionId, category, county, township, persons.asInt(), registeredAt, targets, labels,
                accusedUnitCodes(data.get("accusedUnitCodes")), null, null);
    }

    /**
     * The recusal set, read strictly: unlike a target name (a display hint), a code left out would show a hot spot
     * to the accused, so anything the contract does not allow makes the record poison, as it does in routing.
     */
    private static List<String> accusedUnitCodes(JsonNode codes) {
        if (codes == null || codes.isNull()) {
            return List.of();
        }
        if (!codes.isArray() || codes.size() > AccusedUnits.MAX) {
            throw new PoisonEventException("accusedUnitCodes must be an array of at most " + AccusedUnits.MAX + " unit codes");
        }
        List<String> accused = new ArrayList<>();
        for (JsonNode code : codes) {
            if (!code.isTextual() || !AccusedUnits.valid(code.asText())) {
                throw new PoisonEventException("accusedUnitCodes holds a malformed unit code");
            }
            if (!accused.contains(code.asText())) {
                accused.add(code.asText());
            }
        }
        return accused;
    }

    /** The contract allows 100 characters; an older or careless producer must not make the event invalid. */
    private static String cut(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.isTextual()) {
            throw new PoisonEventException(field + " is missing");
        }
        return node.asText();
    }

    private ConsumerRecord<String, String> asConsumerRecord(Record<String, String> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return new ConsumerRecord<>(meta == null ? "" : meta.topic(), meta == null ? 0 : meta.partition(),
                meta == null ? 0 : meta.offset(), record.timestamp(), TimestampType.CREATE_TIME, -1, -1,
                record.key(), record.value(), record.headers(), Optional.empty());
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}

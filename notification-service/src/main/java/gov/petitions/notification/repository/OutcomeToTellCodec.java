package gov.petitions.notification.repository;

import gov.petitions.platform.events.TraceContext;
import gov.petitions.platform.relay.PendingEvent;
import org.bson.Document;

import java.time.ZoneOffset;
import java.util.UUID;

/** {@link OutcomeToTell} ↔ its document in {@code outcome_outbox}. */
final class OutcomeToTellCodec extends Mapping<OutcomeToTell> {

    static final String POSITION = "position";
    static final String TOPIC = "topic";
    static final String KEY = "key";
    static final String TYPE = "type";
    static final String SUBJECT = "subject";
    static final String TIME = "time";
    static final String PAYLOAD = "payload";
    static final String POINTER_ID = "pointerId";
    static final String FINAL = "final";
    static final String OUTCOME_SEQ = "outcomeSeq";
    /** The trace the outcome is published in (its delivery attempt's span); absent with none. */
    static final String TRACE_PARENT = "traceParent";
    static final String TRACE_STATE = "traceState";

    OutcomeToTellCodec() {
        super(OutcomeToTell.class);
    }

    @Override
    Document toDocument(OutcomeToTell o) {
        PendingEvent e = o.event();
        Document d = new Document(ID, e.id().toString()).append(POSITION, o.position()).append(TOPIC, e.topic())
                .append(KEY, e.key()).append(TYPE, e.type()).append(SUBJECT, e.subject())
                .append(TIME, date(e.time().toInstant())).append(PAYLOAD, e.payload())
                .append(POINTER_ID, o.told().pointerId()).append(FINAL, o.told().isFinal())
                .append(OUTCOME_SEQ, o.told().outcomeSeq());
        if (e.trace() != null) {
            appendPresent(d, TRACE_PARENT, e.trace().traceParent());
            appendPresent(d, TRACE_STATE, e.trace().traceState());
        }
        return d;
    }

    @Override
    OutcomeToTell fromDocument(Document d) {
        // the outcome events name no data schema (contracts/events are looked up by type)
        PendingEvent event = new PendingEvent(UUID.fromString(d.getString(ID)), d.getString(TOPIC), d.getString(KEY),
                d.getString(TYPE), d.getString(SUBJECT), instant(d, TIME).atOffset(ZoneOffset.UTC), null,
                d.getString(PAYLOAD), trace(d));
        return new OutcomeToTell(event, d.getLong(POSITION),
                new ToldOutcome(d.getString(POINTER_ID), d.getBoolean(FINAL, false), d.getInteger(OUTCOME_SEQ, 0)));
    }

    private static TraceContext trace(Document d) {
        String parent = d.getString(TRACE_PARENT);
        return parent == null ? null : new TraceContext(parent, d.getString(TRACE_STATE));
    }
}

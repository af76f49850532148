package gov.petitions.notification.repository;

import gov.petitions.notification.domain.AttemptOutcome;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.platform.events.TraceContext;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Message} ↔ its document in {@code messages}; the faults harness reads template, petitionId, channel, status. */
final class MessageCodec extends Mapping<Message> {

    static final String EVENT_ID = "eventId";
    static final String EVENT_TYPE = "eventType";
    static final String PETITION_ID = "petitionId";
    static final String RECIPIENT_KIND = "recipientKind";
    static final String RECIPIENT_REF = "recipientRef";
    static final String CHANNEL = "channel";
    static final String TEMPLATE = "template";
    static final String TEMPLATE_VERSION = "templateVersion";
    static final String SUBJECT = "subject";
    static final String TEXT = "text";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String CREATED_AT = "createdAt";
    static final String DATA = "data";
    static final String CLAIM = "claim";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String FINISHED_AT = "finishedAt";
    static final String OUTCOME_SEQ = "outcomeSeq";
    static final String RESEND_BASE = "resendBase";
    /** W3C trace context of the event that caused the message (docs/tracing.md); absent with none. */
    static final String TRACE_PARENT = "traceParent";
    static final String TRACE_STATE = "traceState";

    /** An attempt's fields, inside {@code attempts}. */
    static final String AT = "at";
    static final String OUTCOME = "outcome";
    static final String DESTINATION = "destination";
    static final String ERROR = "error";
    static final String DURATION_MS = "durationMs";

    MessageCodec() {
        super(Message.class);
    }

    @Override
    Document toDocument(Message m) {
        Document d = new Document(ID, m.id()).append(EVENT_ID, m.eventId()).append(EVENT_TYPE, m.eventType())
                .append(PETITION_ID, m.petitionId()).append(RECIPIENT_KIND, name(m.recipientKind()))
                .append(RECIPIENT_REF, m.recipientRef()).append(CHANNEL, name(m.channel()))
                .append(TEMPLATE, m.template()).append(TEMPLATE_VERSION, m.templateVersion())
                .append(SUBJECT, m.subject()).append(TEXT, m.text()).append(STATUS, name(m.status()))
                .append(ATTEMPTS, m.attempts().stream().map(MessageCodec::attempt).toList())
                .append(CREATED_AT, date(m.createdAt()));
        appendPresent(d, DATA, m.letterData() == null ? null : new Document(m.letterData()));
        appendPresent(d, CLAIM, m.claim());
        appendPresent(d, LEASE_UNTIL, date(m.leaseUntil()));
        appendPresent(d, NEXT_ATTEMPT_AT, date(m.nextAttemptAt()));
        appendPresent(d, FINISHED_AT, date(m.finishedAt()));
        if (m.outcomeSeq() != 0) {
            d.append(OUTCOME_SEQ, m.outcomeSeq());
        }
        if (m.resendBase() != 0) {
            d.append(RESEND_BASE, m.resendBase());
        }
        if (m.trace() != null) {
            appendPresent(d, TRACE_PARENT, m.trace().traceParent());
            appendPresent(d, TRACE_STATE, m.trace().traceState());
        }
        return d;
    }

    @Override
    Message fromDocument(Document d) {
        Document data = d.get(DATA, Document.class);
        Map<String, Object> letterData = data == null ? null : new LinkedHashMap<>(data);
        return new Message(d.getString(ID), d.getString(EVENT_ID), d.getString(EVENT_TYPE), d.getString(PETITION_ID),
                enumOf(RecipientKind.class, d, RECIPIENT_KIND), d.getString(RECIPIENT_REF),
                enumOf(Channel.class, d, CHANNEL), d.getString(TEMPLATE), d.getInteger(TEMPLATE_VERSION),
                d.getString(SUBJECT), d.getString(TEXT), enumOf(MessageStatus.class, d, STATUS),
                d.getList(ATTEMPTS, Document.class, List.of()).stream().map(MessageCodec::attempt).toList(),
                instant(d, CREATED_AT), letterData, d.getString(CLAIM), instant(d, LEASE_UNTIL),
                instant(d, NEXT_ATTEMPT_AT), instant(d, FINISHED_AT), d.getInteger(OUTCOME_SEQ, 0),
                d.getInteger(RESEND_BASE, 0), trace(d));
    }

    private static TraceContext trace(Document d) {
        String parent = d.getString(TRACE_PARENT);
        return parent == null ? null : new TraceContext(parent, d.getString(TRACE_STATE));
    }

    static Document attempt(Attempt a) {
        Document d = new Document(AT, date(a.at())).append(OUTCOME, name(a.outcome()));
        appendPresent(d, DESTINATION, a.destination());
        appendPresent(d, ERROR, a.error());
        return d.append(DURATION_MS, a.durationMs());
    }

    static Attempt attempt(Document d) {
        return new Attempt(instant(d, AT), enumOf(AttemptOutcome.class, d, OUTCOME), d.getString(DESTINATION),
                d.getString(ERROR), d.get(DURATION_MS) == null ? null : ((Number) d.get(DURATION_MS)).longValue());
    }
}

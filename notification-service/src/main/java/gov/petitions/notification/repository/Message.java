package gov.petitions.notification.repository;

import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.platform.events.TraceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A message (collection {@code messages}): one per (event, recipient, channel), with its rendered text, its status and
 * every attempt to send it. Field names in MongoDB: {@link MessageCodec}.
 *
 * @param letterData  only for a letter: the event's data its text is rendered again with when it is sent (the
 *                    decision's text joins it then); never personal data
 * @param claim       who may work on it now: a fresh random stamp on every change of holder (see {@link MessageStore})
 * @param leaseUntil  until when the holder of the claim works on it
 * @param outcomeSeq  the number of attempts its latest outcome was recorded after (0 before any)
 * @param resendBase  the attempts before an operator's last resend: the count towards the dead state starts there,
 *                    and it is the generation of its retry pointer
 * @param trace       the trace context of the event that caused it (its consumer span), null if none: every attempt,
 *                    also one the retry scan makes much later, runs in a span of that trace (docs/tracing.md)
 */
public record Message(String id, String eventId, String eventType, String petitionId, RecipientKind recipientKind,
                      String recipientRef, Channel channel, String template, Integer templateVersion, String subject,
                      String text, MessageStatus status, List<Attempt> attempts, Instant createdAt,
                      Map<String, Object> letterData, String claim, Instant leaseUntil, Instant nextAttemptAt,
                      Instant finishedAt, int outcomeSeq, int resendBase, TraceContext trace) {

    public Message {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** A new message, PENDING with no attempt, claimed by whoever stores it until {@code leaseUntil}. */
    public static Message claimedNew(String eventId, String eventType, String petitionId, RecipientKind recipientKind,
                                     String recipientRef, Channel channel, String template, int templateVersion,
                                     String subject, String text, Map<String, Object> letterData, Instant createdAt,
                                     Instant leaseUntil) {
        return claimedNew(eventId, eventType, petitionId, recipientKind, recipientRef, channel, template,
                templateVersion, subject, text, letterData, createdAt, leaseUntil, null);
    }

    /** A new message, as {@link #claimedNew} above, caused by an event applied in the trace {@code trace}. */
    public static Message claimedNew(String eventId, String eventType, String petitionId, RecipientKind recipientKind,
                                     String recipientRef, Channel channel, String template, int templateVersion,
                                     String subject, String text, Map<String, Object> letterData, Instant createdAt,
                                     Instant leaseUntil, TraceContext trace) {
        return new Message(UUID.randomUUID().toString(), eventId, eventType, petitionId, recipientKind, recipientRef,
                channel, template, templateVersion, subject, text, MessageStatus.PENDING, List.of(), createdAt,
                letterData, newClaim(), leaseUntil, null, null, 0, 0, trace);
    }

    static String newClaim() {
        return UUID.randomUUID().toString();
    }

    /** The same message under a fresh claim until {@code leaseUntil}. */
    public Message claimed(Instant leaseUntil) {
        return new Message(id, eventId, eventType, petitionId, recipientKind, recipientRef, channel, template,
                templateVersion, subject, text, status, attempts, createdAt, letterData, newClaim(), leaseUntil,
                nextAttemptAt, finishedAt, outcomeSeq, resendBase, trace);
    }

    Message withResendBase(int base) {
        return new Message(id, eventId, eventType, petitionId, recipientKind, recipientRef, channel, template,
                templateVersion, subject, text, status, attempts, createdAt, letterData, claim, leaseUntil,
                nextAttemptAt, finishedAt, outcomeSeq, base, trace);
    }

    /**
     * As {@link Deliveries#recordFinals} leaves it after a final outcome, without its texts: what a read of the
     * recorded document would return, so that a bulk update that matched every claim needs no read.
     */
    Message withFinal(MessageStatus outcome, Attempt attempt, int attemptsSoFar, Instant at, String recordedClaim) {
        // MongoDB keeps milliseconds: the same instants as a read would give
        Attempt stored = new Attempt(attempt.at().truncatedTo(ChronoUnit.MILLIS), attempt.outcome(), attempt.destination(),
                attempt.error(), attempt.durationMs());
        return new Message(id, eventId, eventType, petitionId, recipientKind, recipientRef, channel, template,
                templateVersion, null, null, outcome, append(attempts, stored), createdAt, null, recordedClaim, null,
                null, at.truncatedTo(ChronoUnit.MILLIS), attemptsSoFar, resendBase, trace);
    }

    public boolean isFinal() {
        return status.isFinal();
    }

    public Optional<Attempt> lastAttempt() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
    }

    /** The id of its retry pointer: its own id, and after an operator's resend, its id and generation. */
    public String pointerId() {
        return resendBase == 0 ? id : id + "#" + resendBase;
    }

    /** When it can be taken next: empty if now (nobody holds it and its next attempt, if any, is due). */
    public Optional<Instant> busyUntil(Instant now) {
        Instant busy = leaseUntil != null && leaseUntil.isAfter(now) ? leaseUntil : null;
        Instant nextAttempt = status == MessageStatus.FAILED ? nextAttemptAt : null;
        if (nextAttempt != null && nextAttempt.isAfter(now) && (busy == null || nextAttempt.isAfter(busy))) {
            busy = nextAttempt;
        }
        return Optional.ofNullable(busy);
    }

    /** Letter data as a mutable copy, for rendering again. */
    public Map<String, Object> letterDataCopy() {
        return letterData == null ? new java.util.HashMap<>() : new java.util.HashMap<>(letterData);
    }

    static List<Attempt> append(List<Attempt> attempts, Attempt attempt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return all;
    }
}

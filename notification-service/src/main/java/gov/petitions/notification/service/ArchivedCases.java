package gov.petitions.notification.service;

import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.events.CaseEvents;
import gov.petitions.notification.repository.ArchivedMessages;
import gov.petitions.notification.repository.Attempt;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.Messages;
import gov.petitions.notification.repository.Petitions;
import gov.petitions.notification.repository.PrintQueueRepository;
import gov.petitions.notification.repository.RetryQueue;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * 信访档案: a closed case past its retention period is archived by supervision (case.archived), and notification removes
 * what it holds of the case's petitioner, keeping what delivery statistics need (docs/notifications.md, "Archived
 * cases").
 *
 * <p>Everything here is kept per petition, so only this petition's data goes: the same petitioner's other petitions
 * (their messages carry the same pseudonymous reference) keep theirs. Removed: the petitioner's reference on the
 * petition and on its messages and letters, the rendered subject and text of every message about the petition (to
 * the petitioner and to units alike: they quote the case) and a letter's data, the masked destination and the error
 * text of every attempt, the steps parked for it, the letters not yet printed, and the title, text and addressee of
 * those printed. Kept: the messages themselves with their template, version, channel, recipient kind, status,
 * timestamps and attempts (when, outcome, how long), where the case is and which unit held it (so staff reads still
 * answer, showing {@link #REMOVED}), and who downloaded which letter when (staff's own audit).
 *
 * <p>A message still pending or failing is cancelled: its retry pointer goes and it is never attempted again, and
 * since it is written back under a fresh claim, a worker sending it right now records nothing on it. Applying the
 * event again changes nothing (a redelivery, or a replay from the dead-letter topic).
 */
@ApplicationScoped
public class ArchivedCases {

    /** What stands in the stored texts, titles and petitioner references of an archived case. */
    public static final String REMOVED = "[archived]";

    /** How often a message is read again when a worker recorded an attempt on it while it was being reduced. */
    private static final int REWRITES = 5;

    private final Petitions petitions;
    private final Messages messages;
    private final ArchivedMessages archivedMessages;
    private final RetryQueue retries;
    private final PrintQueueRepository printQueue;
    private final Clock clock;

    public ArchivedCases(Petitions petitions, Messages messages, ArchivedMessages archivedMessages, RetryQueue retries,
                         PrintQueueRepository printQueue, Clock clock) {
        this.petitions = petitions;
        this.messages = messages;
        this.archivedMessages = archivedMessages;
        this.retries = retries;
        this.printQueue = printQueue;
        this.clock = clock;
    }

    public void remove(CaseEvents.Archived archived) {
        String petitionId = archived.petitionId().toString();
        // the petition first: from here on no step of the case tells its petitioner anything (Notifier), so nothing
        // new is written about the person while the rest goes
        petitions.archive(petitionId, archived.archivedAt().toInstant());
        Instant now = clock.instant();
        int written = 0;
        List<String> cancelled = new ArrayList<>();
        for (Message message : messages.ofPetition(petitionId)) {
            Reduced reduced = reduce(message, now);
            if (reduced.written()) {
                written++;
            }
            if (reduced.message().status() == MessageStatus.CANCELLED) {
                // also one cancelled by an earlier delivery of this event that failed before its pointer went: a
                // pointer left would have the retry scan tell a cancellation as a failed delivery
                cancelled.add(reduced.message().pointerId());
            }
        }
        retries.remove(cancelled);
        printQueue.archive(petitionId, REMOVED);
        // ids and counts only: nothing of the person
        Log.infof("Case %s archived: %d messages reduced now, %d cancelled", petitionId, written, cancelled.size());
    }

    /** A message as it is stored after {@link #reduce}, and whether this call wrote it. */
    private record Reduced(Message message, boolean written) {
    }

    /** Writes the message back reduced, reading it again if a worker recorded an attempt meanwhile. */
    private Reduced reduce(Message message, Instant now) {
        Message current = message;
        for (int round = 0; round < REWRITES; round++) {
            Message reduced = reduced(current, now);
            if (reduced.equals(current)) {
                return new Reduced(current, false); // reduced before: a redelivery
            }
            if (archivedMessages.replace(current, reduced)) {
                return new Reduced(reduced, true);
            }
            // an outcome recorded meanwhile is kept (and told): read it again and reduce that
            Message changed = messages.find(current.id()).orElse(null);
            if (changed == null) {
                throw new IllegalStateException("message " + current.id() + " disappeared while its case was archived");
            }
            current = changed;
        }
        // left to a redelivery: the consumer dead-letters the event, and applying it again is harmless
        throw new IllegalStateException("message " + current.id() + " kept changing while its case was archived");
    }

    /** The message without anything of the person or the case's content; the same claim (the store gives a new one). */
    static Message reduced(Message m, Instant now) {
        boolean cancel = !m.isFinal();
        List<Attempt> attempts = m.attempts().stream()
                .map(a -> new Attempt(a.at(), a.outcome(), null, null, a.durationMs())).toList();
        return new Message(m.id(), m.eventId(), m.eventType(), m.petitionId(), m.recipientKind(),
                m.recipientKind() == RecipientKind.PETITIONER ? REMOVED : m.recipientRef(), m.channel(), m.template(),
                m.templateVersion(), m.subject() == null ? null : REMOVED, m.text() == null ? null : REMOVED,
                cancel ? MessageStatus.CANCELLED : m.status(), attempts, m.createdAt(), null, m.claim(),
                cancel ? null : m.leaseUntil(), cancel ? null : m.nextAttemptAt(), cancel ? now : m.finishedAt(),
                m.outcomeSeq(), m.resendBase(), m.trace());
    }
}

package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import gov.petitions.notification.domain.CaseStatus;
import gov.petitions.notification.repository.Messages;
import gov.petitions.notification.repository.Petition;
import gov.petitions.notification.repository.Petitions;
import gov.petitions.notification.repository.PrintQueueRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The formal written reply (书面答复) on paper: the letter joins the print queue, from which a clerk downloads
 * it as a PDF. The queue keeps the text and the masked addressee only; the name and address are asked of
 * intake again when the PDF is rendered, so no clear contact detail ever rests in this service's database.
 *
 * <p>A letter that carries a decision (a reply, a review or re-review answer, a refusal) prints the handler's own
 * text, asked of supervision-service now ({@link WrittenDecisions}) and rendered into the letter's template: while
 * supervision cannot answer the letter waits and is retried, and without a decision of its stage it is not printed.
 */
@ApplicationScoped
public class LetterChannel implements DeliveryChannel {

    /** The letters that print a decision, and the stage (supervision's status) whose text they print. */
    static final Map<String, CaseStatus> DECISIONS = Stream.of(CaseStatus.REPLIED, CaseStatus.REVIEW_REPLIED,
                    CaseStatus.FINAL, CaseStatus.NOT_ACCEPTED)
            .collect(Collectors.toUnmodifiableMap(status -> status.petitionerTemplate().orElseThrow(), status -> status));

    private final PrintQueueRepository printQueue;
    private final ContactLookup contacts;
    private final Messages messages;
    private final Petitions petitions;
    private final WrittenDecisions decisions;
    private final Texts texts;

    public LetterChannel(PrintQueueRepository printQueue, ContactLookup contacts, Messages messages,
                         Petitions petitions, WrittenDecisions decisions, Texts texts) {
        this.petitions = petitions;
        this.printQueue = printQueue;
        this.contacts = contacts;
        this.messages = messages;
        this.decisions = decisions;
        this.texts = texts;
    }

    @Override
    public Channel channel() {
        return Channel.LETTER;
    }

    @Override
    public String send(Outgoing message) {
        Petition petition = petitions.registered(message.petitionId()).orElse(null);
        if (petition != null && petition.isArchived()) {
            // cancelled with its case (ArchivedCases) while it waited for this thread: nothing is queued for it
            throw new PermanentFailure("the case is archived: its letter is not printed");
        }
        Outgoing letter = withDecision(message);
        String addressee = null;
        if (contacts.configured()) {
            // fails (and so retries) while the petitioner cannot be found: a letter nobody can address is not queued
            addressee = Masks.name(contacts.reveal(letter.recipientRef(), letter.petitionId(),
                    ContactLookup.Purpose.REPLY_LETTER).name());
        }
        // the letter carries where its matter is: only the clerks of that jurisdiction see and print it
        printQueue.enqueue(letter, addressee, petition == null ? null : petition.scope().orElse(null));
        if (letter != message) {
            // the message shows what was printed
            messages.letterText(letter.messageId(), letter.text());
        }
        return "print queue" + (addressee == null ? "" : " (" + addressee + ")");
    }

    /** The letter with its decision's text, rendered with the template version the message was written with. */
    private Outgoing withDecision(Outgoing message) {
        CaseStatus status = DECISIONS.get(message.template());
        if (status == null) {
            return message;
        }
        WrittenDecisions.Decision decision = decisions.of(message.petitionId(), status);
        Map<String, Object> data = new HashMap<>(message.data());
        data.putIfAbsent("petitionId", message.petitionId());
        data.putIfAbsent("trackingNumber", decision.trackingNumber());
        data.putIfAbsent("reason", null);
        data.putIfAbsent("dueDate", null);
        data.put("decisionText", decision.text().strip());
        Texts.Rendered rendered = texts.render(message.template(), Channel.LETTER, message.templateVersion(), data);
        if (!rendered.text().contains(decision.text().strip()) && message.templateVersion() != null) {
            // a letter stored before its template printed decisions: the version in use now
            rendered = texts.render(message.template(), Channel.LETTER, null, data);
        }
        if (!rendered.text().contains(decision.text().strip())) {
            // an edited template that leaves the decision out would print a letter without the answer
            throw new PermanentFailure("the letter's template " + message.template() + " (version " + rendered.version()
                    + ") does not print the decision's text ({decisionText}); edit the template, then resend");
        }
        return new Outgoing(message.messageId(), message.petitionId(), message.recipientKind(), message.recipientRef(),
                message.template(), message.subject(), rendered.text(), rendered.version(), message.data());
    }
}

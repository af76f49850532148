package gov.petitions.notification.service;

import gov.petitions.notification.repository.MessageRepository;
import gov.petitions.notification.repository.PrintQueueRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The formal written reply (书面答复) on paper: the letter joins the print queue, from which a clerk downloads
 * it as a PDF. The queue keeps the text and the masked addressee only; the name and address are asked of
 * intake again when the PDF is rendered, so no clear contact detail ever rests in this service's database.
 */
@ApplicationScoped
public class LetterChannel implements DeliveryChannel {

    public static final String NAME = "LETTER";

    private final PrintQueueRepository printQueue;
    private final ContactLookup contacts;
    private final MessageRepository messages;

    public LetterChannel(PrintQueueRepository printQueue, ContactLookup contacts, MessageRepository messages) {
        this.printQueue = printQueue;
        this.contacts = contacts;
        this.messages = messages;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String send(Outgoing message) {
        String addressee = null;
        if (contacts.configured()) {
            // fails (and so retries) while the petitioner cannot be found: a letter nobody can address is not queued
            addressee = Masks.name(contacts.reveal(message.recipientRef(), message.petitionId(),
                    ContactLookup.Purpose.REPLY_LETTER).name());
        }
        // the letter carries where its matter is: only the clerks of that jurisdiction see and print it
        printQueue.enqueue(message, addressee, messages.scope(message.petitionId()).orElse(null));
        return "print queue" + (addressee == null ? "" : " (" + addressee + ")");
    }
}

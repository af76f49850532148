package gov.petitions.notification.service;

import gov.petitions.notification.repository.RecipientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Which channels a message goes by. Petitioners: SMS (the log channel while no gateway or no intake is configured), and
 * for a formal written decision also a printed letter. Organisations: every channel they registered (a
 * webhook, an email address), or the log channel if none.
 */
@ApplicationScoped
public class ChannelRouter {

    private final SmsChannel sms;
    private final ContactLookup contacts;
    private final RecipientRepository recipients;

    public ChannelRouter(SmsChannel sms, ContactLookup contacts, RecipientRepository recipients) {
        this.sms = sms;
        this.contacts = contacts;
        this.recipients = recipients;
    }

    public List<String> channelsFor(String recipientKind, String recipientRef, TemplateCatalog.Entry template) {
        List<String> channels = new ArrayList<>();
        if ("PETITIONER".equals(recipientKind)) {
            // without intake there is no number to send to
            channels.add(sms.configured() && contacts.configured() ? SmsChannel.NAME : LogChannel.NAME);
            if (template.channels().contains(LetterChannel.NAME)) {
                channels.add(LetterChannel.NAME);
            }
            return channels;
        }
        Document registered = recipients.find(recipientRef).orElse(null);
        if (registered != null && registered.get("webhook") != null) {
            channels.add(WebhookChannel.NAME);
        }
        if (registered != null && registered.getString("email") != null) {
            channels.add(EmailChannel.NAME);
        }
        if (channels.isEmpty()) {
            channels.add(LogChannel.NAME);
        }
        return channels;
    }
}

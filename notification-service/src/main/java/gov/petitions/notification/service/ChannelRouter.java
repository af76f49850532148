package gov.petitions.notification.service;

import gov.petitions.notification.repository.RecipientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.repository.Recipient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The registered channels of these organisations, by reference, in one read (a poll's messages). */
    public Map<String, Recipient> organisations(Collection<String> refs) {
        return recipients.findAll(refs);
    }

    /** @param organisations the registered channels of organisations, read before ({@link #organisations}) */
    public List<Channel> channelsFor(RecipientKind recipientKind, String recipientRef, TemplateCatalog.Entry template,
                                     Map<String, Recipient> organisations) {
        List<Channel> channels = new ArrayList<>();
        if (recipientKind == RecipientKind.PETITIONER) {
            // without intake there is no number to send to
            channels.add(sms.configured() && contacts.configured() ? Channel.SMS : Channel.LOG);
            if (template.channels().contains(Channel.LETTER)) {
                channels.add(Channel.LETTER);
            }
            return channels;
        }
        Optional<Recipient> registered = Optional.ofNullable(organisations.get(recipientRef));
        if (registered.flatMap(Recipient::webhookEndpoint).isPresent()) {
            channels.add(Channel.WEBHOOK);
        }
        if (registered.flatMap(Recipient::emailAddress).isPresent()) {
            channels.add(Channel.EMAIL);
        }
        if (channels.isEmpty()) {
            channels.add(Channel.LOG);
        }
        return channels;
    }
}

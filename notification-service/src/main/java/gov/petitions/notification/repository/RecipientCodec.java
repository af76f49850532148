package gov.petitions.notification.repository;

import org.bson.Document;

/** {@link Recipient} ↔ its document in {@code recipients}. */
final class RecipientCodec extends Mapping<Recipient> {

    static final String EMAIL = "email";
    static final String WEBHOOK = "webhook";
    static final String UPDATED_AT = "updatedAt";
    /** A webhook's fields, inside {@code webhook}. */
    static final String URL = "url";
    static final String SECRET = "secret";

    RecipientCodec() {
        super(Recipient.class);
    }

    static Document webhook(Recipient.Webhook webhook) {
        return new Document(URL, webhook.url()).append(SECRET, webhook.secret());
    }

    @Override
    Document toDocument(Recipient r) {
        Document d = new Document(ID, r.ref());
        appendPresent(d, EMAIL, r.email());
        appendPresent(d, WEBHOOK, r.webhook() == null ? null : webhook(r.webhook()));
        return appendPresent(d, UPDATED_AT, date(r.updatedAt()));
    }

    @Override
    Recipient fromDocument(Document d) {
        Document webhook = d.get(WEBHOOK, Document.class);
        return new Recipient(d.getString(ID), d.getString(EMAIL),
                webhook == null ? null : new Recipient.Webhook(webhook.getString(URL), webhook.getString(SECRET)),
                instant(d, UPDATED_AT));
    }
}

package gov.petitions.notification.repository;

import org.bson.Document;

/** {@link RetryPointer} ↔ its document in {@code retries}. */
final class RetryPointerCodec extends Mapping<RetryPointer> {

    static final String MESSAGE_ID = "messageId";
    static final String GENERATION = "generation";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String PUBLISHED_SEQ = "publishedSeq";

    RetryPointerCodec() {
        super(RetryPointer.class);
    }

    @Override
    Document toDocument(RetryPointer p) {
        Document d = new Document(ID, p.id()).append(MESSAGE_ID, p.messageId()).append(GENERATION, p.generation())
                .append(NEXT_ATTEMPT_AT, date(p.nextAttemptAt()));
        if (p.publishedSeq() != 0) {
            d.append(PUBLISHED_SEQ, p.publishedSeq());
        }
        return d;
    }

    @Override
    RetryPointer fromDocument(Document d) {
        return new RetryPointer(d.getString(ID), d.getString(MESSAGE_ID), d.getInteger(GENERATION, 0),
                instant(d, NEXT_ATTEMPT_AT), d.getInteger(PUBLISHED_SEQ, 0));
    }
}

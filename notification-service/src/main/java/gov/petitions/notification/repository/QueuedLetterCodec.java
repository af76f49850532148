package gov.petitions.notification.repository;

import gov.petitions.notification.domain.PrintStatus;
import org.bson.Document;

/** {@link QueuedLetter} ↔ its document in {@code print_queue}. */
final class QueuedLetterCodec extends Mapping<QueuedLetter> {

    static final String PETITION_ID = "petitionId";
    static final String LOCATION_CODE = "locationCode";
    static final String ACCUSED_UNIT_CODES = "accusedUnitCodes";
    static final String RECIPIENT_REF = "recipientRef";
    static final String TEMPLATE = "template";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String ADDRESSEE_MASKED = "addresseeMasked";
    static final String STATUS = "status";
    static final String QUEUED_AT = "queuedAt";
    static final String PRINTED_AT = "printedAt";
    static final String PRINTED_BY = "printedBy";

    QueuedLetterCodec() {
        super(QueuedLetter.class);
    }

    @Override
    Document toDocument(QueuedLetter l) {
        Document d = new Document(ID, l.id()).append(PETITION_ID, l.petitionId()).append(LOCATION_CODE, l.locationCode())
                .append(ACCUSED_UNIT_CODES, l.accusedUnitCodes()).append(RECIPIENT_REF, l.recipientRef())
                .append(TEMPLATE, l.template()).append(TITLE, l.title()).append(TEXT, l.text())
                .append(ADDRESSEE_MASKED, l.addresseeMasked()).append(STATUS, name(l.status()))
                .append(QUEUED_AT, date(l.queuedAt()));
        appendPresent(d, PRINTED_AT, date(l.printedAt()));
        return appendPresent(d, PRINTED_BY, l.printedBy());
    }

    @Override
    QueuedLetter fromDocument(Document d) {
        return new QueuedLetter(d.getString(ID), d.getString(PETITION_ID), d.getString(LOCATION_CODE),
                strings(d, ACCUSED_UNIT_CODES), d.getString(RECIPIENT_REF), d.getString(TEMPLATE), d.getString(TITLE),
                d.getString(TEXT), d.getString(ADDRESSEE_MASKED), enumOf(PrintStatus.class, d, STATUS),
                instant(d, QUEUED_AT), instant(d, PRINTED_AT), d.getString(PRINTED_BY));
    }
}

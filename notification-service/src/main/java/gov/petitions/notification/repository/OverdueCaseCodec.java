package gov.petitions.notification.repository;

import gov.petitions.notification.domain.DeadlineClock;
import org.bson.Document;

/** {@link OverdueCase} ↔ its document in {@code overdue_cases}. */
final class OverdueCaseCodec extends Mapping<OverdueCase> {

    static final String PETITION_ID = "petitionId";
    static final String TRACKING_NUMBER = "trackingNumber";
    static final String UNIT_CODE = "unitCode";
    static final String JURISDICTION = "jurisdiction";
    static final String CLOCK = "clock";
    static final String DUE_AT = "dueAt";
    static final String RECORDED_AT = "recordedAt";

    OverdueCaseCodec() {
        super(OverdueCase.class);
    }

    @Override
    Document toDocument(OverdueCase c) {
        return new Document(ID, c.id()).append(PETITION_ID, c.petitionId()).append(TRACKING_NUMBER, c.trackingNumber())
                .append(UNIT_CODE, c.unitCode()).append(JURISDICTION, c.jurisdiction()).append(CLOCK, name(c.clock()))
                .append(DUE_AT, date(c.dueAt())).append(RECORDED_AT, date(c.recordedAt()));
    }

    @Override
    OverdueCase fromDocument(Document d) {
        return new OverdueCase(d.getString(ID), d.getString(PETITION_ID), d.getString(TRACKING_NUMBER),
                d.getString(UNIT_CODE), d.getString(JURISDICTION), enumOf(DeadlineClock.class, d, CLOCK),
                instant(d, DUE_AT), instant(d, RECORDED_AT));
    }
}

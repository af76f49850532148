package gov.petitions.notification.repository;

import org.bson.Document;

/** {@link SettledClock} ↔ its document in {@code settled_clocks}. */
final class SettledClockCodec extends Mapping<SettledClock> {

    static final String SETTLED_AT = "settledAt";

    SettledClockCodec() {
        super(SettledClock.class);
    }

    @Override
    Document toDocument(SettledClock c) {
        return new Document(ID, c.id()).append(SETTLED_AT, date(c.settledAt()));
    }

    @Override
    SettledClock fromDocument(Document d) {
        return new SettledClock(d.getString(ID), instant(d, SETTLED_AT));
    }
}

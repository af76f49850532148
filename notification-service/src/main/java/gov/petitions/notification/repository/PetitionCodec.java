package gov.petitions.notification.repository;

import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/** {@link Petition} ↔ its document in {@code petitions}; parked steps are a sub-document keyed by event id. */
final class PetitionCodec extends Mapping<Petition> {

    static final String PETITIONER_REF = "petitionerRef";
    static final String TRACKING_NUMBER = "trackingNumber";
    static final String LOCATION_CODE = "locationCode";
    static final String UNIT_CODE = "unitCode";
    static final String UNIT_NAME = "unitName";
    static final String ACCUSED_UNIT_CODES = "accusedUnitCodes";
    static final String PARKED = "parked";
    static final String ARCHIVED_AT = "archivedAt";
    /** A parked step's fields, inside {@code parked.<eventId>}. */
    static final String KIND = "kind";
    static final String PAYLOAD = "payload";
    static final String PARKED_AT = "parkedAt";

    PetitionCodec() {
        super(Petition.class);
    }

    /** The path of one parked step. */
    static String parked(String eventId) {
        return PARKED + "." + eventId;
    }

    static Document parkedStep(Petition.ParkedStep step) {
        return new Document(KIND, step.kind()).append(PAYLOAD, step.payload()).append(PARKED_AT, date(step.parkedAt()));
    }

    @Override
    Document toDocument(Petition p) {
        Document d = new Document(ID, p.id());
        appendPresent(d, PETITIONER_REF, p.petitionerRef());
        appendPresent(d, TRACKING_NUMBER, p.trackingNumber());
        appendPresent(d, LOCATION_CODE, p.locationCode());
        appendPresent(d, UNIT_CODE, p.unitCode());
        appendPresent(d, UNIT_NAME, p.unitName());
        if (p.locationCode() != null) {
            d.append(ACCUSED_UNIT_CODES, p.accusedUnitCodes());
        }
        if (!p.parked().isEmpty()) {
            Document parked = new Document();
            p.parked().forEach(step -> parked.append(step.eventId(), parkedStep(step)));
            d.append(PARKED, parked);
        }
        return appendPresent(d, ARCHIVED_AT, date(p.archivedAt()));
    }

    @Override
    Petition fromDocument(Document d) {
        List<Petition.ParkedStep> parked = new ArrayList<>();
        Document steps = d.get(PARKED, Document.class);
        if (steps != null) {
            steps.forEach((eventId, value) -> {
                Document step = (Document) value;
                parked.add(new Petition.ParkedStep(eventId, step.getString(KIND), step.getString(PAYLOAD),
                        instant(step, PARKED_AT)));
            });
        }
        return new Petition(d.getString(ID), d.getString(PETITIONER_REF), d.getString(TRACKING_NUMBER),
                d.getString(LOCATION_CODE), d.getString(UNIT_CODE), d.getString(UNIT_NAME), strings(d, ACCUSED_UNIT_CODES),
                parked, instant(d, ARCHIVED_AT));
    }
}

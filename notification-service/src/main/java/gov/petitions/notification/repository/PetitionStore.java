package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import gov.petitions.platform.security.CaseScope;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.PetitionCodec.ACCUSED_UNIT_CODES;
import static gov.petitions.notification.repository.PetitionCodec.LOCATION_CODE;
import static gov.petitions.notification.repository.PetitionCodec.PETITIONER_REF;
import static gov.petitions.notification.repository.PetitionCodec.TRACKING_NUMBER;
import static gov.petitions.notification.repository.PetitionCodec.UNIT_CODE;

/** The petitions collection: one document per petition, written by single-document atomic upserts. */
@ApplicationScoped
public class PetitionStore implements Petitions {

    private final MongoCollection<Petition> petitions;

    public PetitionStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.petitions = new PetitionCodec().collection(client.getDatabase(database), "petitions");
    }

    @Override
    public Petition register(String petitionId, String petitionerRef, String trackingNumber, String locationCode,
                             List<String> accusedUnitCodes) {
        Petition before = petitions.findOneAndUpdate(Filters.eq(ID, petitionId),
                registration(petitionerRef, trackingNumber, locationCode, accusedUnitCodes),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? Petition.unknown(petitionId) : before;
    }

    @Override
    public Map<String, Petition> registerAll(List<Registration> registrations) {
        if (registrations.isEmpty()) {
            return Map.of();
        }
        petitions.bulkWrite(registrations.stream().<WriteModel<Petition>>map(r -> new UpdateOneModel<>(
                Filters.eq(ID, r.petitionId()), registration(r.petitionerRef(), r.trackingNumber(), r.locationCode(),
                r.accusedUnitCodes()), new UpdateOptions().upsert(true))).toList(), new BulkWriteOptions().ordered(false));
        Map<String, Petition> after = new HashMap<>();
        petitions.find(Filters.in(ID, registrations.stream().map(Registration::petitionId).distinct().toList()))
                .forEach(petition -> after.put(petition.id(), petition));
        return after;
    }

    private static Bson registration(String petitionerRef, String trackingNumber, String locationCode,
                                     List<String> accusedUnitCodes) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set(PETITIONER_REF, petitionerRef),
                Updates.set(TRACKING_NUMBER, trackingNumber)));
        if (locationCode != null) {
            updates.add(Updates.set(LOCATION_CODE, locationCode));
            updates.add(Updates.set(ACCUSED_UNIT_CODES, accusedUnitCodes == null ? List.of() : accusedUnitCodes));
        }
        return Updates.combine(updates);
    }

    @Override
    public void assignUnit(String petitionId, String unitCode) {
        petitions.updateOne(Filters.eq(ID, petitionId), Updates.set(UNIT_CODE, unitCode), new UpdateOptions().upsert(true));
    }

    @Override
    public void assignUnits(List<UnitChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        // ordered: a case assigned twice in one poll ends with its later unit
        petitions.bulkWrite(changes.stream().<WriteModel<Petition>>map(a -> new UpdateOneModel<>(
                Filters.eq(ID, a.petitionId()), Updates.combine(Updates.set(UNIT_CODE, a.unitCode()),
                        Updates.set(PetitionCodec.UNIT_NAME, a.unitName())), new UpdateOptions().upsert(true)))
                .toList(), new BulkWriteOptions().ordered(true));
    }

    @Override
    public Map<String, Petition> registeredAmong(Collection<String> petitionIds) {
        Map<String, Petition> registered = new HashMap<>();
        if (!petitionIds.isEmpty()) {
            petitions.find(Filters.in(ID, new LinkedHashSet<>(petitionIds))).forEach(petition -> {
                if (petition.isRegistered()) {
                    registered.put(petition.id(), petition);
                }
            });
        }
        return registered;
    }

    @Override
    public Optional<CaseScope> scope(String petitionId) {
        return petitionId == null ? Optional.empty() : find(petitionId).flatMap(Petition::scope);
    }

    @Override
    public Optional<Petition> registered(String petitionId) {
        return find(petitionId).filter(Petition::isRegistered);
    }

    private Optional<Petition> find(String petitionId) {
        return Optional.ofNullable(petitions.find(Filters.eq(ID, petitionId)).first());
    }

    @Override
    public Petition park(String petitionId, Petition.ParkedStep step) {
        // only whether the registration is there comes back, not every step parked so far with its payload
        return petitions.findOneAndUpdate(Filters.eq(ID, petitionId),
                Updates.set(PetitionCodec.parked(step.eventId()), PetitionCodec.parkedStep(step)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include(PETITIONER_REF, PetitionCodec.ARCHIVED_AT)));
    }

    @Override
    public void archive(String petitionId, Instant archivedAt) {
        petitions.updateOne(Filters.eq(ID, petitionId), Updates.combine(
                Updates.set(PetitionCodec.ARCHIVED_AT, Mapping.date(archivedAt)), Updates.unset(PETITIONER_REF),
                Updates.unset(PetitionCodec.PARKED)), new UpdateOptions().upsert(true));
    }

    @Override
    public void unpark(String petitionId, Collection<String> eventIds) {
        if (!eventIds.isEmpty()) {
            petitions.updateOne(Filters.eq(ID, petitionId),
                    Updates.combine(eventIds.stream().map(id -> Updates.unset(PetitionCodec.parked(id))).toList()));
        }
    }
}

package gov.petitions.intake.service;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.PiiAccess;
import gov.petitions.intake.events.CaseArchived;
import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.time.ChinaTime;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Archived petitions (信访档案, docs/registration.md "Archived petitions"). supervision-service archives a closed case
 * past its retention period: it first reads everything intake holds about the petition ({@link #archiveFile}), writes
 * the archive file, then publishes case.archived, on which intake removes the petition's personal data
 * ({@link #archive}) and keeps what registration statistics and repeat counts need: ids, tracking number, dates,
 * place, channel, category, units, repeat links and counts.
 */
@ApplicationScoped
public class PetitionArchiving {

    /** What stands where free text or a name was: staff reads show it instead of failing on what is gone. */
    public static final String MARKER = "[已归档删除]";

    /** The purpose written to the PII access log for a read of the archive file (not a ContactPurpose: no contact). */
    public static final String AUDIT_PURPOSE = "ARCHIVE";

    private final EntityManager entityManager;
    private final PiiCipher cipher;
    private final Clock clock;

    public PetitionArchiving(EntityManager entityManager, PiiCipher cipher, Clock clock) {
        this.entityManager = entityManager;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The answer to anything that would read or add personal data of an archived petition. */
    public static ProblemException gone(Petition petition) {
        return new ProblemException(Problem.of("archived", "The petition is archived", 410,
                "this case was archived (信访档案) on " + ChinaTime.dateInChina(petition.archivedAt)
                        + " and its personal data removed from intake; the archive file is kept by supervision"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (a) the archive file's contents, for supervision

    /** A person in clear: as given with the petition for its petitioner, as stored for a representative. */
    public record Person(UUID petitionerRef, String name, String idNumber, String phone, String email, String address) {
    }

    public record Accused(String name, Petition.AccusedKind kind, String unitCode, Boolean unitCodeResolved) {
    }

    /** The Open311 (GeoReport v2) client that submitted the petition, if one did. */
    public record Open311Origin(String client, OffsetDateTime requestedAt) {
    }

    public record ArchivedPetition(UUID petitionId, String trackingNumber, Channel channel, String categoryCode,
                                   String locationCode, String summary, String content, int personCount,
                                   Person petitioner, List<Person> representatives, String registeredBy,
                                   OffsetDateTime registeredAt, LocalDate registeredOn, int priorPetitions,
                                   UUID repeatOf, LocalDate letterReceivedOn, LocalDate letterPostmarkedOn,
                                   String instructionLeader, String instructionText, String receivedByLeader,
                                   UUID receptionSessionId, List<Accused> accused, List<String> accusedUnitCodes,
                                   boolean accusedNeedsCheck, Open311Origin open311) {
    }

    public record ArchivedMaterial(UUID id, String fileName, String contentType, long sizeBytes, String sha256,
                                   String state, OffsetDateTime uploadedAt) {
    }

    public record Contact(String name, String phone, String email, String address) {
    }

    public record ArchivedContactChange(long id, UUID petitionerRef, String changedBy, OffsetDateTime changedAt,
                                        boolean personPresent, Contact previous, Contact changedTo) {
    }

    public record ArchiveFile(ArchivedPetition petition, List<ArchivedMaterial> materials,
                              List<ArchivedContactChange> contactChanges) {
    }

    /**
     * Everything intake holds about the petition, personal data in clear, for supervision's archive file. Each person
     * revealed gets a row in the PII access log (who read, for which petition, purpose ARCHIVE), in the transaction of
     * the read: no read without its audit. 404 for a petition intake does not hold, 410 once it is archived.
     */
    @Transactional
    public ArchiveFile archiveFile(UUID petitionId, String readBy) {
        Petition p = Petition.findById(petitionId);
        if (p == null) {
            throw ProblemException.notFound("Petition", "No petition with this id");
        }
        if (p.archived()) {
            throw gone(p);
        }
        Set<UUID> revealed = new LinkedHashSet<>();
        Person petitioner = givenPetitioner(p);
        revealed.add(p.petitionerId);
        List<Person> representatives = new ArrayList<>();
        for (UUID ref : uuids("select petitioner_id from petition_representative where petition_id = :id "
                + "and petitioner_id is not null order by ordinal", p.id)) {
            representatives.add(storedPerson(ref));
            revealed.add(ref);
        }
        ArchivedPetition petition = new ArchivedPetition(p.id, p.trackingNumber, p.channel, p.categoryCode,
                p.locationCode, p.summary, p.content, p.personCount, petitioner, representatives, p.registeredBy,
                inChina(p.registeredAt), ChinaTime.dateInChina(p.registeredAt), p.priorPetitions, p.repeatOf,
                p.letterReceivedOn, p.letterPostmarkedOn, p.instructionLeader, p.instructionText, p.receivedByLeader,
                p.receptionSessionId, accused(p), p.accusedUnitCodes == null ? List.of() : p.accusedUnitCodes,
                p.accusedNeedsCheck, open311(p.id));
        List<ArchivedContactChange> changes = contactChanges(p.id);
        changes.forEach(c -> revealed.add(c.petitionerRef()));
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (UUID person : revealed) {
            if (person == null) {
                continue;
            }
            PiiAccess access = new PiiAccess();
            access.petitionerId = person;
            access.petitionId = p.id;
            access.accessedBy = readBy;
            access.purpose = AUDIT_PURPOSE;
            access.accessedAt = now;
            access.persist();
        }
        return new ArchiveFile(petition, materials(p.id), changes);
    }

    private Person givenPetitioner(Petition p) {
        List<?> given = entityManager.createNativeQuery("select name_ciphertext, id_number_ciphertext, "
                        + "phone_ciphertext, email_ciphertext, address_ciphertext from petition_contact where petition_id = :id")
                .setParameter("id", p.id).getResultList();
        if (given.isEmpty()) {
            // registered before each petition kept its own contact
            return storedPerson(p.petitionerId);
        }
        Object[] row = (Object[]) given.get(0);
        return new Person(p.petitionerId, clear(row[0]), clear(row[1]), clear(row[2]), clear(row[3]), clear(row[4]));
    }

    private Person storedPerson(UUID ref) {
        List<?> rows = entityManager.createNativeQuery("select name_ciphertext, id_number_ciphertext, phone_ciphertext, "
                        + "email_ciphertext, address_ciphertext from petitioner where id = :id")
                .setParameter("id", ref).getResultList();
        if (rows.isEmpty()) {
            return new Person(ref, null, null, null, null, null);
        }
        Object[] row = (Object[]) rows.get(0);
        return new Person(ref, clear(row[0]), clear(row[1]), clear(row[2]), clear(row[3]), clear(row[4]));
    }

    private List<Accused> accused(Petition p) {
        if (p.accused == null || p.accused.isEmpty()) {
            return List.of();
        }
        Map<Integer, String> names = new HashMap<>();
        for (Object o : entityManager.createNativeQuery(
                        "select ordinal, name_ciphertext from accused_person where petition_id = :id")
                .setParameter("id", p.id).getResultList()) {
            Object[] row = (Object[]) o;
            names.put(((Number) row[0]).intValue(), clear(row[1]));
        }
        List<Accused> accused = new ArrayList<>();
        for (int i = 0; i < p.accused.size(); i++) {
            Petition.Accused a = p.accused.get(i);
            // a person's name lives encrypted under the same ordinal; a name in the list is a unit's (or one written
            // in clear before V5 and not sealed yet)
            String name = a.kind() == Petition.AccusedKind.PERSON ? names.getOrDefault(i, a.name()) : a.name();
            accused.add(new Accused(name, a.kind(), a.unitCode(), a.unitCodeResolved()));
        }
        return accused;
    }

    private Open311Origin open311(UUID petitionId) {
        List<?> rows = entityManager.createNativeQuery(
                        "select client, created_at from open311_request where petition_id = :id")
                .setParameter("id", petitionId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) rows.get(0);
        return new Open311Origin((String) row[0], inChina(timestamp(row[1])));
    }

    private List<ArchivedMaterial> materials(UUID petitionId) {
        List<ArchivedMaterial> materials = new ArrayList<>();
        for (Object o : entityManager.createNativeQuery("select id, file_name, content_type, size_bytes, sha256, state, "
                        + "uploaded_at from petition_material where petition_id = :id order by uploaded_at, id")
                .setParameter("id", petitionId).getResultList()) {
            Object[] row = (Object[]) o;
            materials.add(new ArchivedMaterial((UUID) row[0], (String) row[1], (String) row[2],
                    ((Number) row[3]).longValue(), ((String) row[4]).strip(), (String) row[5], inChina(timestamp(row[6]))));
        }
        return materials;
    }

    private List<ArchivedContactChange> contactChanges(UUID petitionId) {
        List<ArchivedContactChange> changes = new ArrayList<>();
        for (gov.petitions.intake.PetitionerContactChange c : gov.petitions.intake.PetitionerContactChange
                .<gov.petitions.intake.PetitionerContactChange>list("petitionId = ?1 order by changedAt, id", petitionId)) {
            changes.add(new ArchivedContactChange(c.id, c.petitionerId, c.changedBy, inChina(c.changedAt),
                    c.personPresent,
                    new Contact(clear(c.previousNameCiphertext), clear(c.previousPhoneCiphertext),
                            clear(c.previousEmailCiphertext), clear(c.previousAddressCiphertext)),
                    new Contact(clear(c.newNameCiphertext), clear(c.newPhoneCiphertext),
                            clear(c.newEmailCiphertext), clear(c.newAddressCiphertext))));
        }
        return changes;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // (b) removing the personal data once the archive is recorded

    public enum Outcome {
        /** The personal data was removed now. */
        ARCHIVED,
        /** It had been before (the same case archived again, under another event id): nothing changes. */
        ALREADY_ARCHIVED,
        /** intake holds no such petition: nothing to remove. */
        UNKNOWN
    }

    /** What one archiving removed, in counts only (for the log: no personal data). */
    public record Removal(Outcome outcome, int materialFiles, int personsDeleted) {
    }

    /**
     * Removes the petition's personal data, in the caller's transaction (the inbox's, which records the event id in
     * the same commit) or a new one. Free text becomes {@link #MARKER}; the contact given with the petition, the
     * accused persons' names, the materials' bytes and the values of the contact changes made for it go; each person
     * of the petition (petitioner, representatives) is deleted when no petition that is not archived refers to them
     * any more, else kept for those petitions (repeat petitioners). Search's text follows the petition's (it is a
     * column PostgreSQL generates from summary and text); search's read model of unit and state holds codes only and
     * stays.
     *
     * @throws PoisonEventException when the event's tracking number is not the petition's: an inconsistent event
     *                              erases nothing, it goes to the dead-letter topic for someone to look at
     */
    @Transactional
    public Removal archive(CaseArchived event) {
        // locked: a concurrent contact change or material upload waits, then sees the petition archived
        Petition p = entityManager.find(Petition.class, event.petitionId(), LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            Log.infof("case.archived for petition %s, which intake does not hold: nothing to remove", event.petitionId());
            return new Removal(Outcome.UNKNOWN, 0, 0);
        }
        if (!p.trackingNumber.equals(event.trackingNumber())) {
            throw new PoisonEventException("case.archived's trackingNumber is not the one of petition " + p.id);
        }
        if (p.archived()) {
            return new Removal(Outcome.ALREADY_ARCHIVED, 0, 0);
        }
        Set<UUID> persons = new LinkedHashSet<>();
        if (p.petitionerId != null) {
            persons.add(p.petitionerId);
        }
        persons.addAll(uuids("select petitioner_id from petition_representative where petition_id = :id "
                + "and petitioner_id is not null", p.id));

        p.summary = MARKER;
        p.content = p.content == null ? null : MARKER;
        p.instructionText = p.instructionText == null ? null : MARKER;
        if (p.accused != null) {
            // units keep their names (no personal data, and statistics count them); a person's name, if one was still
            // written here in clear, goes
            p.accused = p.accused.stream().map(a -> a.kind() == Petition.AccusedKind.PERSON
                    ? new Petition.Accused(null, a.kind(), a.unitCode(), a.unitCodeResolved()) : a).toList();
        }
        p.archivedAt = event.archivedAt();
        p.archiveId = event.archiveId();
        p.archiveSha256 = event.archiveSha256();
        // written now: "is any petition of this person still open" below must see this one archived
        entityManager.flush();

        execute("delete from accused_person where petition_id = :id", p.id);
        execute("delete from petition_contact where petition_id = :id", p.id);
        int files = execute("delete from petition_material_chunk where material_id in "
                + "(select id from petition_material where petition_id = :id)", p.id);
        // the file's name is the petitioner's words (it may name them); type, size, digest, scan state and dates stay
        entityManager.createNativeQuery("update petition_material set file_name = :marker where petition_id = :id")
                .setParameter("marker", MARKER).setParameter("id", p.id).executeUpdate();
        execute("update petitioner_contact_change set " + CONTACT_CHANGE_VALUES_REMOVED + " where petition_id = :id", p.id);

        int deleted = 0;
        for (UUID person : persons) {
            // locked before asking: a registration recognising the person now either committed its petition first
            // (and is seen below: the person stays) or waits for this transaction
            entityManager.createNativeQuery("select 1 from petitioner where id = :id for update")
                    .setParameter("id", person).getResultList();
            if (stillNeeded(person)) {
                continue;
            }
            execute("update petition set petitioner_id = null where petitioner_id = :id", person);
            execute("update petition_representative set petitioner_id = null where petitioner_id = :id", person);
            execute("update petitioner_contact_change set petitioner_id = null, " + CONTACT_CHANGE_VALUES_REMOVED
                    + " where petitioner_id = :id", person);
            deleted += execute("delete from petitioner where id = :id", person);
            if (person.equals(p.petitionerId)) {
                // as the statement above left the row: the entity is written again at commit
                p.petitionerId = null;
            }
        }
        Log.infof("petition %s archived (archive %s): personal data removed, %d material chunk(s) deleted, "
                + "%d person(s) deleted, %d kept for petitions still open", p.id, event.archiveId(), files, deleted,
                persons.size() - deleted);
        return new Removal(Outcome.ARCHIVED, files, deleted);
    }

    private static final String CONTACT_CHANGE_VALUES_REMOVED = "previous_name_ciphertext = null, "
            + "previous_phone_ciphertext = null, previous_email_ciphertext = null, previous_address_ciphertext = null, "
            + "new_name_ciphertext = null, new_phone_ciphertext = null, new_email_ciphertext = null, "
            + "new_address_ciphertext = null";

    /** Does a petition that is not archived refer to the person, as its petitioner or one of its representatives? */
    private boolean stillNeeded(UUID person) {
        return !entityManager.createNativeQuery("select 1 from petition q where q.petitioner_id = :id "
                        + "and q.archived_at is null union all select 1 from petition_representative r "
                        + "join petition q on q.id = r.petition_id where r.petitioner_id = :id and q.archived_at is null "
                        + "limit 1")
                .setParameter("id", person).getResultList().isEmpty();
    }

    private int execute(String sql, UUID id) {
        return entityManager.createNativeQuery(sql).setParameter("id", id).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private List<UUID> uuids(String sql, UUID id) {
        return entityManager.createNativeQuery(sql, UUID.class).setParameter("id", id).getResultList();
    }

    private String clear(Object ciphertext) {
        return ciphertext == null ? null : cipher.decrypt((byte[]) ciphertext);
    }

    private static OffsetDateTime inChina(OffsetDateTime at) {
        return at == null ? null : ChinaTime.inChina(at.toInstant());
    }

    private static OffsetDateTime timestamp(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime at) {
            return at;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }
}

package gov.petitions.intake.service;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.PetitionContact;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.events.IntakeEvents;
import gov.petitions.intake.events.PetitionRegisteredEvent;
import gov.petitions.intake.service.PiiCipher.IdentityKind;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Registers a petition: every well-formed petition is accepted for registration (人员不选择、事项不过滤);
 * only the format and the references (category, location) are checked. The petition, the encrypted
 * petitioner and representatives, and the {@code petition.registered} event commit in one transaction.
 */
@ApplicationScoped
public class PetitionRegistration {

    /** The replayed response's field holding the query code, sealed like PII (dropped with the key after a day). */
    private static final String SEALED_CODE = "queryCodeSealed";

    private final EntityManager entityManager;
    private final IntakeEvents events;
    private final PiiCipher cipher;
    private final DivisionCatalog divisions;
    private final IntakeConfig config;
    private final IdempotencyKeys idempotency;
    private final java.time.Clock clock;
    private final QueryCodes queryCodes;
    private final TrackingNumbers trackingNumbers;
    private final AbuseLimits limits;
    private final AccusedUnits accusedUnits;
    private final RegistrationGroups groups;
    private final ActiveCategories categories;

    public PetitionRegistration(EntityManager entityManager, IntakeEvents events, PiiCipher cipher,
                                DivisionCatalog divisions, IntakeConfig config, IdempotencyKeys idempotency,
                                QueryCodes queryCodes, TrackingNumbers trackingNumbers, AbuseLimits limits,
                                AccusedUnits accusedUnits, RegistrationGroups groups, ActiveCategories categories,
                                java.time.Clock clock) {
        this.clock = clock;
        this.categories = categories;
        this.groups = groups;
        this.accusedUnits = accusedUnits;
        this.idempotency = idempotency;
        this.queryCodes = queryCodes;
        this.trackingNumbers = trackingNumbers;
        this.limits = limits;
        this.entityManager = entityManager;
        this.events = events;
        this.cipher = cipher;
        this.divisions = divisions;
        this.config = config;
    }

    /** A person as given at the desk or online; phone, ID number and address may be absent. */
    public record Person(String name, String phone, String idNumber, String address, String email) {

        public static Person representative(String name, String idNumber, String phone) {
            return new Person(name, phone, idNumber, null, null);
        }
    }

    /**
     * replayed: an idempotent retry got the petition registered before, with the query code handed out then (null
     * when it can no longer be unsealed, e.g. after a PII key was retired: never a new code).
     */
    public record Receipt(Petition petition, String queryCode, boolean replayed) {
        public Receipt(Petition petition, String queryCode) {
            this(petition, queryCode, false);
        }
    }

    /**
     * Registers through {@code work} at most once per Idempotency-Key: a retry gets the same petition back with the
     * same query code. The code is stored for good only as a keyed hash; for the day the key is remembered, the
     * idempotency record keeps it sealed (AES-GCM, like PII) so that a client whose first answer was lost still
     * gets it. A replay never issues a new code: that would let anyone holding the key take the petition over.
     */
    @Transactional
    public Receipt registerOnce(String scope, String idempotencyKey, Object request, Supplier<Receipt> work) {
        return idempotency.once(scope, idempotencyKey, request, work, this::remembered, this::replayed);
    }

    /**
     * {@link #registerOnce} for {@link #register}, in a transaction shared with other registrations (group commit,
     * RegistrationGroups): returns once that transaction has committed, with this registration's own receipt or its
     * own error, as if it had been alone. {@code before} runs first in the transaction (e.g. a per-phone allowance).
     * Must not be called in a transaction. What would call another service (resolving accused units by name in
     * routing's directory) is done here first, outside the transaction, so that a slow directory never holds up a
     * group; a petition whose category or location is unknown is not grouped (it fails alone, as before).
     */
    public Receipt registerShared(String scope, String idempotencyKey, Object request, NewPetition petition,
                                  Runnable before) {
        IdempotencyKeys.checkFormat(idempotencyKey);
        AccusedUnits.Resolution accusation = accusedUnits.resolve(petition.matter().locationCode(), petition.accused());
        // the petition's id and query code are chosen here, so that what a retry will get back is known before the
        // transaction: the key is claimed with its answer in one statement (and the sealing is off the writer thread)
        UUID petitionId = UUID.randomUUID();
        String queryCode = queryCodes.newCode();
        IdempotencyKeys.Outcome answer = idempotencyKey == null ? null : remembered(petitionId, queryCode);
        Supplier<Receipt> work = () -> idempotency.once(scope, idempotencyKey, request, answer, () -> {
            before.run();
            return register(petition, accusation, petitionId, queryCode);
        }, this::replayed);
        return knownReferences(petition.matter()) ? groups.write(work) : QuarkusTransaction.requiringNew().call(work::get);
    }

    /** The category and location exist (both from memory). */
    private boolean knownReferences(NewPetition.Matter matter) {
        return categories.isActive(matter.categoryCode()) && divisions.nameOf(matter.locationCode()).isPresent();
    }

    /** What a retry gets back: the petition, and its query code sealed for the day the key is kept. */
    private IdempotencyKeys.Outcome remembered(Receipt receipt) {
        return remembered(receipt.petition().id, receipt.queryCode());
    }

    private IdempotencyKeys.Outcome remembered(UUID petitionId, String queryCode) {
        return new IdempotencyKeys.Outcome(201, null, JsonNodeFactory.instance.objectNode()
                .put("petitionId", petitionId.toString())
                .put(SEALED_CODE, java.util.Base64.getEncoder().encodeToString(cipher.encrypt(queryCode))));
    }

    private Receipt replayed(IdempotencyKeys.Outcome outcome) {
        UUID petitionId = UUID.fromString(outcome.body().get("petitionId").asText());
        return new Receipt(Petition.findById(petitionId), unseal(outcome.body().path(SEALED_CODE).asText(null)), true);
    }

    private String unseal(String sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return cipher.decrypt(java.util.Base64.getDecoder().decode(sealed));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return null; // its key was retired since: the receipt goes out without the code, and no new one is made
        }
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public Receipt register(NewPetition request) {
        return register(request, null);
    }

    private Receipt register(NewPetition request, AccusedUnits.Resolution resolved) {
        return register(request, resolved, UUID.randomUUID(), queryCodes.newCode());
    }

    /**
     * accusation: the accused as resolved already (registerShared), or null to resolve them here; petitionId and
     * queryCode: the new petition's, chosen by the caller.
     */
    private Receipt register(NewPetition request, AccusedUnits.Resolution resolved, UUID petitionId, String queryCode) {
        NewPetition.Matter matter = request.matter();
        if (!categories.isActive(matter.categoryCode())) {
            throw ProblemException.badRequest("unknown-category", "Unknown category",
                    "'" + matter.categoryCode() + "' is not in the category catalogue (GET /categories)");
        }
        if (divisions.nameOf(matter.locationCode()).isEmpty()) {
            throw ProblemException.badRequest("unknown-location", "Unknown location",
                    "'" + matter.locationCode() + "' is not a county or township division code of " + divisions.provinceName());
        }
        // the one clock, in China's zone: the tracking number's date and every date shown are China's
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);

        Recognised petitioner = recognise(request.petitioner(), now);
        if (petitioner.known()) {
            // in a group (flush at commit) an earlier petition of this person may still wait to be written
            entityManager.flush();
        }
        // every petition is registered (事项不过滤); a repeat is linked and counted, never refused. Someone seen
        // for the first time has no earlier petitions: most petitioners, and a query saved for each of them.
        Earlier earlier = petitioner.known() ? earlierOf(petitioner.id(), matter.categoryCode(), matter.locationCode(),
                matter.summary(), matter.content(), now) : Earlier.NONE;

        Petition petition = new Petition();
        petition.id = petitionId;
        petition.trackingNumber = trackingNumbers.next(ChinaTime.dateInChina(now));
        petition.channel = request.channel();
        petition.categoryCode = matter.categoryCode();
        petition.locationCode = matter.locationCode();
        petition.summary = matter.summary().strip();
        petition.content = matter.content();
        petition.personCount = request.group().personCount();
        petition.petitionerId = petitioner.id();
        petition.queryCodeMac = queryCodes.mac(queryCode);
        petition.registeredBy = request.registeredBy();
        petition.registeredAt = now;
        petition.priorPetitions = (int) earlier.prior();
        petition.repeatOf = earlier.repeatOf();
        if (request.letter() != null) {
            petition.letterReceivedOn = request.letter().receivedOn();
            petition.letterPostmarkedOn = request.letter().postmarkedOn();
        }
        if (request.instruction() != null) {
            petition.instructionLeader = request.instruction().leader();
            petition.instructionText = request.instruction().text();
        }
        AccusedUnits.Resolution accusation = resolved != null ? resolved
                : accusedUnits.resolve(matter.locationCode(), request.accused());
        // an accused person's name is personal data: it lives encrypted in accused_person, never in this list
        List<Petition.Accused> kept = accusation.accused().stream()
                .map(a -> a.kind() == Petition.AccusedKind.PERSON ? new Petition.Accused(null, a.kind(), a.unitCode(), null) : a)
                .toList();
        petition.accused = kept.isEmpty() ? null : kept;
        petition.accusedUnitCodes = accusation.unitCodes().isEmpty() ? null : accusation.unitCodes();
        petition.accusedNeedsCheck = accusation.needsCheck();
        if (request.visit() != null) {
            petition.receivedByLeader = request.visit().receivedByLeader();
            petition.receptionSessionId = request.visit().sessionId();
        }
        petition.persist();
        List<Person> representatives = request.group().representatives();
        if (!representatives.isEmpty() || accusation.accused().stream().anyMatch(a -> a.kind() == Petition.AccusedKind.PERSON)) {
            entityManager.flush(); // the rows written by SQL below reference the petition row
        }
        PetitionContact contact = new PetitionContact();
        contact.petitionId = petition.id;
        contact.nameCiphertext = cipher.encrypt(request.petitioner().name().strip());
        contact.phoneCiphertext = sealed(request.petitioner().phone());
        contact.idNumberCiphertext = request.petitioner().idNumber() == null ? null
                : cipher.encrypt(request.petitioner().idNumber().strip().toUpperCase(java.util.Locale.ROOT));
        contact.emailCiphertext = sealed(request.petitioner().email());
        contact.addressCiphertext = sealed(request.petitioner().address());
        contact.createdAt = now;
        contact.persist();

        for (int i = 0; i < accusation.accused().size(); i++) {
            Petition.Accused a = accusation.accused().get(i);
            if (a.kind() == Petition.AccusedKind.PERSON) {
                entityManager.createNativeQuery("insert into accused_person (petition_id, ordinal, name_ciphertext, name_masked) "
                                + "values (:petition, :ordinal, :name, :masked)")
                        .setParameter("petition", petition.id).setParameter("ordinal", (short) i)
                        .setParameter("name", cipher.encrypt(a.name().strip()))
                        .setParameter("masked", PiiCipher.maskName(a.name())).executeUpdate();
            }
        }

        for (int i = 0; i < representatives.size(); i++) {
            Recognised representative = recognise(representatives.get(i), now);
            entityManager.createNativeQuery("insert into petition_representative (petition_id, ordinal, petitioner_id) "
                            + "values (:petition, :ordinal, :person)")
                    .setParameter("petition", petition.id).setParameter("ordinal", (short) (i + 1))
                    .setParameter("person", representative.id()).executeUpdate();
        }

        List<String> accusedUnitCodes = accusation.unitCodes();
        // units and companies by name, for hot spots; accused persons are never named in events
        List<String> accusedTargets = accusation.accused().stream().filter(a -> a.kind() == Petition.AccusedKind.UNIT)
                .map(a -> hotSpotTarget(a.name())).distinct().toList();
        events.publish(PetitionRegisteredEvent.of(petition, accusedUnitCodes, accusedTargets));
        return new Receipt(petition, queryCode);
    }

    /**
     * The same person again (README "Repeat petitions"): by resident ID number when given; otherwise, or when no
     * one has that ID yet, by phone among persons recorded without an ID (someone with a different ID who shares
     * the phone is another member of the family). A person already known keeps the contact stored for them: anyone
     * can type in someone's ID number or phone, so a registration never changes it (a clerk does, with the person
     * present: PetitionerContacts#change). The contact given goes with the petition instead (PetitionContact).
     */
    private Recognised recognise(Person person, OffsetDateTime now) {
        // one statement: look the person up by ID number, then by phone, and record them when neither finds anyone
        List<String> lookups = new ArrayList<>(2);
        if (person.idNumber() != null) {
            lookups.add("(select id, 1 as rank from petitioner where id_number_index in (:idIndexes) limit 1)");
        }
        if (person.phone() != null) {
            lookups.add("(select id, 2 as rank from petitioner where phone_index in (:phoneIndexes)"
                    + (person.idNumber() == null ? "" : " and id_number_index is null") + " order by created_at limit 1)");
        }
        String found = lookups.isEmpty() ? "select null::uuid as id where false"
                : "select id from (" + String.join(" union all ", lookups) + ") candidate order by rank limit 1";
        String id = person.idNumber() == null ? null : person.idNumber().strip().toUpperCase(java.util.Locale.ROOT);
        UUID newId = UUID.randomUUID();
        var query = entityManager.createNativeQuery("with found as (" + found + "), "
                        + "recorded as (insert into petitioner (id, created_at, name_ciphertext, name_masked, phone_ciphertext, "
                        + "phone_masked, phone_index, id_number_ciphertext, id_number_masked, id_number_index, "
                        + "address_ciphertext, email_ciphertext) "
                        + "select :id, :createdAt, :name, :nameMasked, :phone, :phoneMasked, :phoneIndex, :idNumber, "
                        + ":idNumberMasked, :idNumberIndex, :address, :email where not exists (select 1 from found) returning id) "
                        + "select id, true as known from found union all select id, false from recorded")
                .unwrap(org.hibernate.query.NativeQuery.class);
        if (person.idNumber() != null) {
            query.setParameterList("idIndexes", cipher.indexesUnderEveryKey(IdentityKind.ID_NUMBER, person.idNumber()));
        }
        if (person.phone() != null) {
            query.setParameterList("phoneIndexes", cipher.indexesUnderEveryKey(IdentityKind.PHONE, person.phone()));
        }
        boolean hasPhone = person.phone() != null;
        query.setParameter("id", newId, UUID.class)
                .setParameter("createdAt", now, OffsetDateTime.class)
                .setParameter("name", cipher.encrypt(person.name().strip()), byte[].class)
                .setParameter("nameMasked", PiiCipher.maskName(person.name()), String.class)
                .setParameter("phone", hasPhone ? cipher.encrypt(person.phone().strip()) : null, byte[].class)
                .setParameter("phoneMasked", hasPhone ? PiiCipher.maskPhone(person.phone()) : null, String.class)
                .setParameter("phoneIndex", hasPhone ? cipher.index(IdentityKind.PHONE, person.phone()) : null, String.class)
                .setParameter("idNumber", id == null ? null : cipher.encrypt(id), byte[].class)
                .setParameter("idNumberMasked", id == null ? null : PiiCipher.maskIdNumber(id), String.class)
                .setParameter("idNumberIndex", id == null ? null : cipher.index(IdentityKind.ID_NUMBER, id), String.class)
                .setParameter("address", sealed(person.address()), byte[].class)
                .setParameter("email", sealed(person.email()), byte[].class);
        Object[] row = (Object[]) query.getSingleResult();
        return new Recognised((UUID) row[0], (Boolean) row[1]);
    }

    /** known: the person had been recorded before this registration. */
    private record Recognised(UUID id, boolean known) {
    }

    /**
     * The statement behind {@link #earlierOf}: the person's count, and their petitions of the category within the
     * window; index {@code petition_petitioner_category} (V19) makes the second one range whatever the statistics.
     */
    public static final String REPEAT_CHECK = "select n.prior, c.id, c.repeat_of, c.location_code, c.summary, "
            + "c.content from (select count(*) as prior from petition where petitioner_id = :person) n "
            + "left join lateral (select id, repeat_of, location_code, summary, content, registered_at from petition "
            + "where petitioner_id = :person and category_code = :category and registered_at > :since) c on true "
            + "order by c.registered_at, c.id";

    /**
     * What a known person petitioned before: how many petitions (prior), and the petition this one repeats (the
     * first of its chain), if any: the same person, the same category, the same county, registered within the
     * window, and a description at least {@code intake.repeats.min-similarity} alike. The earliest such petition
     * wins, and a chain always points at its first petition. One statement: the count, with the candidates of the
     * same category within the window beside it (none: one row with the count alone).
     */
    private Earlier earlierOf(UUID petitionerId, String categoryCode, String locationCode, String summary,
                              String content, OffsetDateTime now) {
        String county = locationCode.substring(0, 6);
        String text = summary + " " + (content == null ? "" : content);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(REPEAT_CHECK)
                .setParameter("person", petitionerId).setParameter("category", categoryCode)
                .setParameter("since", now.minus(config.repeats().window()))
                .getResultList();
        long prior = ((Number) rows.get(0)[0]).longValue();
        for (Object[] row : rows) {
            if (row[1] == null) {
                continue;
            }
            String location = (String) row[3];
            String earlierText = row[4] + " " + (row[5] == null ? "" : (String) row[5]);
            if (location.startsWith(county) && TextSimilarity.dice(text, earlierText) >= config.repeats().minSimilarity()) {
                UUID id = (UUID) row[1];
                UUID repeatOf = (UUID) row[2];
                return new Earlier(prior, repeatOf != null ? repeatOf : id);
            }
        }
        return new Earlier(prior, null);
    }

    /** prior: the person's petitions before this one; repeatOf: the first petition of the chain this one repeats. */
    private record Earlier(long prior, UUID repeatOf) {
        static final Earlier NONE = new Earlier(0, null);
    }

    /**
     * The petition, if the tracking number exists and the query code matches; no hint which one was wrong. Wrong
     * codes for an existing petition count towards its lock; while it is locked, no code works (429).
     */
    public Optional<Petition> lookUp(String trackingNumber, String queryCode) {
        limits.trackingNumber(trackingNumber);
        Optional<Petition> found = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> Petition.findByTrackingNumber(trackingNumber));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Petition petition = found.get();
        limits.checkNotLocked(petition.id);
        if (!queryCodes.matches(queryCode, petition.queryCodeMac)) {
            limits.wrongCode(petition.id);
            return Optional.empty();
        }
        limits.rightCode(petition.id);
        return found;
    }

    /**
     * A unit's name as a hot-spot target: compatibility forms folded (full-width letters and digits, ideographic
     * space) and runs of spaces made one, so that one company is counted once however its name was typed.
     */
    static String hotSpotTarget(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    }

    private byte[] sealed(String value) {
        return value == null || value.isBlank() ? null : cipher.encrypt(value.strip());
    }

    /** SHA-256 in hex: the idempotency records' request fingerprint. */
    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

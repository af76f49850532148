package gov.petitions.intake.service;

import gov.petitions.intake.Category;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.PetitionContact;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.messaging.IntakeEvents;
import gov.petitions.intake.messaging.PetitionRegisteredEvent;
import gov.petitions.intake.service.PiiCipher.IdentityKind;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
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

    public PetitionRegistration(EntityManager entityManager, IntakeEvents events, PiiCipher cipher,
                                DivisionCatalog divisions, IntakeConfig config, IdempotencyKeys idempotency,
                                QueryCodes queryCodes, TrackingNumbers trackingNumbers, AbuseLimits limits,
                                AccusedUnits accusedUnits, java.time.Clock clock) {
        this.clock = clock;
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

    /** What a retry gets back: the petition, and its query code sealed for the day the key is kept. */
    private IdempotencyKeys.Outcome remembered(Receipt receipt) {
        return new IdempotencyKeys.Outcome(201, null, JsonNodeFactory.instance.objectNode()
                .put("petitionId", receipt.petition().id.toString())
                .put(SEALED_CODE, java.util.Base64.getEncoder().encodeToString(cipher.encrypt(receipt.queryCode()))));
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
        NewPetition.Matter matter = request.matter();
        Category category = Category.findById(matter.categoryCode());
        if (category == null || !category.active) {
            throw ProblemException.badRequest("unknown-category", "Unknown category",
                    "'" + matter.categoryCode() + "' is not in the category catalogue (GET /categories)");
        }
        if (divisions.nameOf(matter.locationCode()).isEmpty()) {
            throw ProblemException.badRequest("unknown-location", "Unknown location",
                    "'" + matter.locationCode() + "' is not a county or township division code of Anhui");
        }
        // the one clock, in China's zone: the tracking number's date and every date shown are China's
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);

        Recognised recognised = recognise(request.petitioner(), now);
        Petitioner petitioner = recognised.person();
        // every petition is registered (事项不过滤); a repeat is linked and counted, never refused. Someone seen
        // for the first time has no earlier petitions: most petitioners, and two queries saved for each of them.
        long prior = recognised.known() ? Petition.count("petitionerId", petitioner.id) : 0;
        Optional<Petition> original = recognised.known() ? originalOf(petitioner.id, category.code,
                matter.locationCode(), matter.summary(), matter.content(), now) : Optional.empty();

        String queryCode = queryCodes.newCode();
        Petition petition = new Petition();
        petition.id = UUID.randomUUID();
        petition.trackingNumber = trackingNumbers.next(ChinaTime.dateInChina(now));
        petition.channel = request.channel();
        petition.categoryCode = category.code;
        petition.locationCode = matter.locationCode();
        petition.summary = matter.summary().strip();
        petition.content = matter.content();
        petition.personCount = request.group().personCount();
        petition.petitionerId = petitioner.id;
        petition.queryCodeMac = queryCodes.mac(queryCode);
        petition.registeredBy = request.registeredBy();
        petition.registeredAt = now;
        petition.priorPetitions = (int) prior;
        petition.repeatOf = original.map(o -> o.repeatOf != null ? o.repeatOf : o.id).orElse(null);
        if (request.letter() != null) {
            petition.letterReceivedOn = request.letter().receivedOn();
            petition.letterPostmarkedOn = request.letter().postmarkedOn();
        }
        if (request.instruction() != null) {
            petition.instructionLeader = request.instruction().leader();
            petition.instructionText = request.instruction().text();
        }
        AccusedUnits.Resolution accusation = accusedUnits.resolve(matter.locationCode(), request.accused());
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
        entityManager.flush(); // the contact and representatives reference the petition row
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

        List<Person> representatives = request.group().representatives();
        for (int i = 0; i < representatives.size(); i++) {
            Petitioner representative = recognise(representatives.get(i), now).person();
            entityManager.createNativeQuery("insert into petition_representative (petition_id, ordinal, petitioner_id) "
                            + "values (:petition, :ordinal, :person)")
                    .setParameter("petition", petition.id).setParameter("ordinal", (short) (i + 1))
                    .setParameter("person", representative.id).executeUpdate();
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
        Petitioner found = null;
        if (person.idNumber() != null) {
            found = Petitioner.<Petitioner>find("idNumberIndex in ?1",
                    cipher.indexesUnderEveryKey(IdentityKind.ID_NUMBER, person.idNumber())).firstResult();
        }
        if (found == null && person.phone() != null) {
            List<String> phoneIndexes = cipher.indexesUnderEveryKey(IdentityKind.PHONE, person.phone());
            found = person.idNumber() == null
                    ? Petitioner.<Petitioner>find("phoneIndex in ?1 order by createdAt", phoneIndexes).firstResult()
                    : Petitioner.<Petitioner>find("phoneIndex in ?1 and idNumberIndex is null order by createdAt",
                    phoneIndexes).firstResult();
        }
        if (found != null) {
            return new Recognised(found, true);
        }
        found = new Petitioner();
        found.id = UUID.randomUUID();
        found.createdAt = now;
        found.nameCiphertext = cipher.encrypt(person.name().strip());
        found.nameMasked = PiiCipher.maskName(person.name());
        if (person.phone() != null) {
            found.phoneCiphertext = cipher.encrypt(person.phone().strip());
            found.phoneMasked = PiiCipher.maskPhone(person.phone());
            found.phoneIndex = cipher.index(IdentityKind.PHONE, person.phone());
        }
        if (person.idNumber() != null) {
            String id = person.idNumber().strip().toUpperCase(java.util.Locale.ROOT);
            found.idNumberCiphertext = cipher.encrypt(id);
            found.idNumberMasked = PiiCipher.maskIdNumber(id);
            found.idNumberIndex = cipher.index(IdentityKind.ID_NUMBER, id);
        }
        if (person.address() != null && !person.address().isBlank()) {
            found.addressCiphertext = cipher.encrypt(person.address().strip());
        }
        if (person.email() != null && !person.email().isBlank()) {
            found.emailCiphertext = cipher.encrypt(person.email().strip());
        }
        found.persist();
        return new Recognised(found, false);
    }

    /** known: the person had been recorded before this registration. */
    private record Recognised(Petitioner person, boolean known) {
    }

    /**
     * The petition this one repeats: the same person, the same category, the same county, registered within the
     * window, and a description at least {@code intake.repeats.min-similarity} alike. The earliest such petition
     * wins, and a chain always points at its first petition.
     */
    private Optional<Petition> originalOf(UUID petitionerId, String categoryCode, String locationCode,
                                          String summary, String content, OffsetDateTime now) {
        String county = locationCode.substring(0, 6);
        String text = summary + " " + (content == null ? "" : content);
        List<Petition> earlier = Petition.list("petitionerId = ?1 and categoryCode = ?2 and registeredAt > ?3 "
                + "order by registeredAt", petitionerId, categoryCode, now.minus(config.repeats().window()));
        return earlier.stream()
                .filter(p -> p.locationCode.startsWith(county))
                .filter(p -> TextSimilarity.dice(text, p.summary + " " + (p.content == null ? "" : p.content))
                        >= config.repeats().minSimilarity())
                .findFirst();
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
        if (!queryCodes.matches(queryCode, petition.queryCodeMac, petition.queryCodeHash)) {
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

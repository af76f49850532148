package gov.petitions.intake.service;

import gov.petitions.intake.Category;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.PetitionContact;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.messaging.PetitionRegisteredEvent;
import gov.petitions.intake.service.PiiCipher.IdentityKind;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
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
    private final Outbox outbox;
    private final PiiCipher cipher;
    private final DivisionCatalog divisions;
    private final IntakeConfig config;
    private final IdempotencyKeys idempotency;
    private final java.time.Clock clock;
    private final QueryCodes queryCodes;
    private final TrackingNumbers trackingNumbers;
    private final AbuseLimits limits;
    private final AccusedUnits accusedUnits;

    public PetitionRegistration(EntityManager entityManager, Outbox outbox, PiiCipher cipher,
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
        this.outbox = outbox;
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

    public record NewPetition(Channel channel, String categoryCode, String locationCode, String summary,
                              String content, int personCount, Person petitioner, List<Person> representatives,
                              LocalDate letterReceivedOn, LocalDate letterPostmarkedOn, String instructionLeader,
                              String instructionText, List<Petition.Accused> accused, String receivedByLeader,
                              UUID receptionSessionId, String registeredBy) {

        public static NewPetition simple(Channel channel, String categoryCode, String locationCode, String summary,
                                         String content, int personCount, Person petitioner, String registeredBy) {
            return new NewPetition(channel, categoryCode, locationCode, summary, content, personCount, petitioner,
                    List.of(), null, null, null, null, List.of(), null, null, registeredBy);
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
        Receipt[] done = new Receipt[1];
        IdempotencyKeys.Outcome outcome = idempotency.once(scope, idempotencyKey, request, () -> {
            done[0] = work.get();
            return new IdempotencyKeys.Outcome(201, null, JsonNodeFactory.instance.objectNode()
                    .put("petitionId", done[0].petition().id.toString())
                    .put(SEALED_CODE, java.util.Base64.getEncoder().encodeToString(cipher.encrypt(done[0].queryCode()))));
        }, replay -> replay);
        if (!outcome.replayed()) {
            return done[0];
        }
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
        Category category = Category.findById(request.categoryCode());
        if (category == null || !category.active) {
            throw ProblemException.badRequest("unknown-category", "Unknown category",
                    "'" + request.categoryCode() + "' is not in the category catalogue (GET /categories)");
        }
        if (divisions.nameOf(request.locationCode()).isEmpty()) {
            throw ProblemException.badRequest("unknown-location", "Unknown location",
                    "'" + request.locationCode() + "' is not a county or township division code of Anhui");
        }
        // the one clock, in China's zone: the tracking number's date and every date shown are China's
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);

        Recognised recognised = recognise(request.petitioner(), now);
        Petitioner petitioner = recognised.person();
        // every petition is registered (事项不过滤); a repeat is linked and counted, never refused. Someone seen
        // for the first time has no earlier petitions: most petitioners, and two queries saved for each of them.
        long prior = recognised.known() ? Petition.count("petitionerId", petitioner.id) : 0;
        Optional<Petition> original = recognised.known() ? originalOf(petitioner.id, category.code,
                request.locationCode(), request.summary(), request.content(), now) : Optional.empty();

        String queryCode = queryCodes.newCode();
        Petition petition = new Petition();
        petition.id = UUID.randomUUID();
        petition.trackingNumber = trackingNumbers.next(ChinaTime.dateInChina(now));
        petition.channel = request.channel();
        petition.categoryCode = category.code;
        petition.locationCode = request.locationCode();
        petition.summary = request.summary().strip();
        petition.content = request.content();
        petition.personCount = request.personCount();
        petition.petitionerId = petitioner.id;
        petition.queryCodeMac = queryCodes.mac(queryCode);
        petition.registeredBy = request.registeredBy();
        petition.registeredAt = now;
        petition.priorPetitions = (int) prior;
        petition.repeatOf = original.map(o -> o.repeatOf != null ? o.repeatOf : o.id).orElse(null);
        petition.letterReceivedOn = request.letterReceivedOn();
        petition.letterPostmarkedOn = request.letterPostmarkedOn();
        petition.instructionLeader = request.instructionLeader();
        petition.instructionText = request.instructionText();
        AccusedUnits.Resolution accusation = accusedUnits.resolve(request.locationCode(), request.accused());
        // an accused person's name is personal data: it lives encrypted in accused_person, never in this list
        List<Petition.Accused> kept = accusation.accused().stream()
                .map(a -> a.kind() == Petition.AccusedKind.PERSON ? new Petition.Accused(null, a.kind(), a.unitCode(), null) : a)
                .toList();
        petition.accused = kept.isEmpty() ? null : kept;
        petition.accusedUnitCodes = accusation.unitCodes().isEmpty() ? null : accusation.unitCodes();
        petition.accusedNeedsCheck = accusation.needsCheck();
        petition.receivedByLeader = request.receivedByLeader();
        petition.receptionSessionId = request.receptionSessionId();
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

        List<Person> representatives = request.representatives() == null ? List.of() : request.representatives();
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
        outbox.record(PetitionRegisteredEvent.TOPIC, PetitionRegisteredEvent.TYPE, petition.id.toString(),
                new PetitionRegisteredEvent(petition.id, petition.trackingNumber, petition.channel,
                        petition.categoryCode, petition.locationCode, petitioner.id, petition.personCount,
                        petition.registeredAt, accusedUnitCodes.isEmpty() ? null : accusedUnitCodes,
                        petition.priorPetitions, petition.repeatOf, accusedTargets.isEmpty() ? null : accusedTargets,
                        petition.receivedByLeader,
                        petition.channel == Channel.LETTER ? petition.letterReceivedOn : null),
                PetitionRegisteredEvent.SCHEMA);
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

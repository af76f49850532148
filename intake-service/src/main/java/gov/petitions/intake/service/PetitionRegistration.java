package gov.petitions.intake.service;

import gov.petitions.intake.Category;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.messaging.PetitionRegisteredEvent;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers a petition: every well-formed petition is accepted for registration (人员不选择、事项不过滤);
 * only the format and the references (category, location) are checked. The petition, the encrypted
 * petitioner and the {@code petition.registered} event commit in one transaction.
 */
@ApplicationScoped
public class PetitionRegistration {

    /** No 0/O or 1/I/L: the code is read out on the phone and copied from paper. */
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final PiiCipher cipher;
    private final DivisionCatalog divisions;
    private final ZoneId zone;
    private final SecureRandom random = new SecureRandom();

    public PetitionRegistration(EntityManager entityManager, Outbox outbox, PiiCipher cipher,
                                DivisionCatalog divisions, IntakeConfig config) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.cipher = cipher;
        this.divisions = divisions;
        this.zone = ZoneId.of(config.timeZone());
    }

    public record NewPetition(Channel channel, String categoryCode, String locationCode, String summary,
                              String content, int personCount, String petitionerName, String petitionerPhone,
                              String registeredBy) {
    }

    public record Receipt(Petition petition, String queryCode) {
    }

    @Transactional
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
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);

        String identity = cipher.identityIndex(request.petitionerName(), request.petitionerPhone());
        Petitioner petitioner = Petitioner.<Petitioner>find("identityIndex", identity).firstResultOptional().orElse(null);
        if (petitioner == null) {
            petitioner = new Petitioner();
            petitioner.id = UUID.randomUUID();
            petitioner.nameCiphertext = cipher.encrypt(request.petitionerName().strip());
            petitioner.phoneCiphertext = cipher.encrypt(request.petitionerPhone().strip());
            petitioner.nameMasked = PiiCipher.maskName(request.petitionerName());
            petitioner.phoneMasked = PiiCipher.maskPhone(request.petitionerPhone());
            petitioner.identityIndex = identity;
            petitioner.createdAt = now;
            petitioner.persist();
        }
        // every petition is registered (事项不过滤); a repeat is counted, never refused
        long prior = Petition.count("petitionerId", petitioner.id);

        String queryCode = newQueryCode();
        Petition petition = new Petition();
        petition.id = UUID.randomUUID();
        petition.trackingNumber = nextTrackingNumber(now);
        petition.channel = request.channel();
        petition.categoryCode = category.code;
        petition.locationCode = request.locationCode();
        petition.summary = request.summary().strip();
        petition.content = request.content();
        petition.personCount = request.personCount();
        petition.petitionerId = petitioner.id;
        petition.queryCodeHash = hash(queryCode);
        petition.registeredBy = request.registeredBy();
        petition.registeredAt = now;
        petition.priorPetitions = (int) prior;
        petition.persist();

        outbox.record(PetitionRegisteredEvent.TOPIC, PetitionRegisteredEvent.TYPE, petition.id.toString(),
                new PetitionRegisteredEvent(petition.id, petition.trackingNumber, petition.channel,
                        petition.categoryCode, petition.locationCode, petitioner.id, petition.personCount,
                        petition.registeredAt, null, petition.priorPetitions),
                PetitionRegisteredEvent.SCHEMA);
        return new Receipt(petition, queryCode);
    }

    /** The petition, if the tracking number exists and the query code matches; no hint which one was wrong. */
    @Transactional
    public Optional<Petition> lookUp(String trackingNumber, String queryCode) {
        return Petition.findByTrackingNumber(trackingNumber)
                .filter(p -> MessageDigest.isEqual(p.queryCodeHash.getBytes(StandardCharsets.US_ASCII),
                        hash(queryCode.toUpperCase()).getBytes(StandardCharsets.US_ASCII)));
    }

    private String nextTrackingNumber(OffsetDateTime now) {
        long sequence = ((Number) entityManager.createNativeQuery("select nextval('tracking_number_seq')")
                .getSingleResult()).longValue();
        return "XF" + DAY.format(now.atZoneSameInstant(zone)) + String.format("%06d", sequence % 1_000_000);
    }

    private String newQueryCode() {
        char[] code = new char[8];
        for (int i = 0; i < code.length; i++) {
            code[i] = CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)];
        }
        return new String(code);
    }

    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

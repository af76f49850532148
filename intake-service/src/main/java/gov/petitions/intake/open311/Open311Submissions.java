package gov.petitions.intake.open311;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.intake.Category;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.client.SupervisionClient;
import gov.petitions.intake.service.AbuseLimits;
import gov.petitions.intake.service.DivisionCatalog;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.intake.service.PetitionRegistration.Person;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Open311 GeoReport v2 over the platform's own rules: a request is an online petition (网上信访) registered, routed and
 * told like any other, submitted by a known client for a citizen; the client reads back only what it submitted, with
 * the status mapped from the case's.
 */
@ApplicationScoped
public class Open311Submissions {

    /** The case states in which the matter has been answered: GeoReport's "closed". */
    static final Set<String> CLOSED = Set.of("REPLIED", "EVALUATED", "REVIEW_REPLIED", "RE_REVIEW_REPLIED", "FINAL",
            "NOT_ACCEPTED");

    private final PetitionRegistration registration;
    private final Open311Clients clients;
    private final AbuseLimits limits;
    private final SupervisionClient supervision;
    private final DivisionCatalog divisions;
    private final Open311Config config;
    private final Clock clock;

    public Open311Submissions(PetitionRegistration registration, Open311Clients clients, AbuseLimits limits,
                              SupervisionClient supervision, DivisionCatalog divisions, Open311Config config, Clock clock) {
        this.registration = registration;
        this.clients = clients;
        this.limits = limits;
        this.supervision = supervision;
        this.divisions = divisions;
        this.config = config;
        this.clock = clock;
    }

    /** What a client gets back for a new request: the tracking number as the id, a token, and the query code. */
    public record Submitted(String serviceRequestId, UUID token, String queryCode, boolean replayed) {
    }

    /** One request as GeoReport lists it. */
    public record Listed(Open311Request link, Petition petition, String categoryName, String status, String statusNotes,
                         OffsetDateTime updated, OffsetDateTime expected, String address) {
    }

    public String authenticated(String apiKey) {
        return clients.clientOf(apiKey).orElseThrow(() -> new Open311Error(403, "api_key is missing or not valid"));
    }

    /** Registers the petition once per Idempotency-Key and client, and remembers which client sent it. */
    @Transactional
    public Submitted submit(String client, String idempotencyKey, Object request, NewPetition.Matter matter, Person petitioner) {
        PetitionRegistration.Receipt receipt = registration.registerOnce("open311 " + client, idempotencyKey, request,
                () -> {
                    clients.takeOne(client).ifPresent(wait -> {
                        throw new Open311Error(429, "this client's allowance of new requests for today is used up",
                                Math.max(1L, wait.toSeconds()));
                    });
                    // the phone's daily allowance of online petitions holds whichever door they come through
                    limits.onlineSubmission(petitioner.phone());
                    return registration.register(NewPetition.of(Channel.ONLINE, matter, petitioner, "open311:" + client));
                });
        Petition petition = receipt.petition();
        Open311Request link = Open311Request.findById(petition.id);
        if (link == null) {
            link = new Open311Request();
            link.petitionId = petition.id;
            link.client = client;
            link.token = UUID.randomUUID();
            link.trackingNumber = petition.trackingNumber;
            link.createdAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
            link.persist();
        }
        return new Submitted(petition.trackingNumber, link.token, receipt.queryCode(), receipt.replayed());
    }

    /** The client's own requests: by id, or by service code, dates and status; newest first, at most the configured number. */
    @Transactional
    public List<Listed> find(String client, List<String> ids, String serviceCode, OffsetDateTime from, OffsetDateTime to,
                             Set<String> statuses) {
        if (ids.size() > config.maxRequestsPerAnswer()) {
            throw new Open311Error(400, "at most " + config.maxRequestsPerAnswer() + " service_request_id values at once");
        }
        StringBuilder query = new StringBuilder("client = ?1");
        List<Object> params = new ArrayList<>(List.of(client));
        if (!ids.isEmpty()) {
            params.add(ids);
            query.append(" and trackingNumber in ?").append(params.size());
        } else {
            if (from != null) {
                params.add(from);
                query.append(" and createdAt >= ?").append(params.size());
            }
            if (to != null) {
                params.add(to);
                query.append(" and createdAt <= ?").append(params.size());
            }
        }
        query.append(" order by createdAt desc");
        List<Open311Request> links = Open311Request.<Open311Request>find(query.toString(), params.toArray())
                .page(0, config.maxRequestsPerAnswer()).list();
        List<Listed> listed = new ArrayList<>();
        for (Open311Request link : links) {
            Petition petition = Petition.findById(link.petitionId);
            // service_request_id overrides every other argument, as the specification says
            if (petition == null || (ids.isEmpty() && serviceCode != null && !serviceCode.equals(petition.categoryCode))) {
                continue;
            }
            Listed one = listed(link, petition);
            if (statuses.isEmpty() || statuses.contains(one.status())) {
                listed.add(one);
            }
        }
        return listed;
    }

    /** The service request id a token stands for, if the token is this client's. */
    @Transactional
    public Optional<Open311Request> byToken(String client, UUID token) {
        return Open311Request.<Open311Request>find("token = ?1 and client = ?2", token, client).firstResultOptional();
    }

    private Listed listed(Open311Request link, Petition petition) {
        Optional<JsonNode> progress = supervision.progress(petition.id);
        String state = progress.map(p -> p.path("status").asText("REGISTERED")).orElse("REGISTERED");
        String notes = progress.map(p -> p.path("statusText").asText(null)).orElse("已登记 (registered)");
        OffsetDateTime updated = petition.registeredAt;
        OffsetDateTime expected = null;
        if (progress.isPresent()) {
            for (JsonNode step : progress.get().path("steps")) {
                updated = later(updated, instant(step.path("at").asText(null)));
            }
            expected = instant(progress.get().path("dueAt").asText(null));
        }
        Category category = Category.findById(petition.categoryCode);
        return new Listed(link, petition, category == null ? petition.categoryCode : category.nameZh,
                CLOSED.contains(state) ? "closed" : "open", notes, updated, expected,
                divisions.nameOf(petition.locationCode).orElse(null));
    }

    private static OffsetDateTime instant(String text) {
        if (text == null || text.isEmpty() || text.equals("null")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
        return b == null || (a != null && a.isAfter(b)) ? a : b;
    }
}

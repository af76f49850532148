package gov.petitions.intake.open311;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * The client's own requests: by id, or by service code, dates and status; newest first, at most the configured
     * number. The rows are read in a short transaction of their own, and the cases' states are asked of supervision
     * after it: a slow supervision never holds a database connection.
     */
    public List<Listed> find(String client, List<String> ids, String serviceCode, OffsetDateTime from, OffsetDateTime to,
                             Set<String> statuses) {
        if (ids.size() > config.maxRequestsPerAnswer()) {
            throw new Open311Error(400, "at most " + config.maxRequestsPerAnswer() + " service_request_id values at once");
        }
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> linksAndPetitions(client, ids, serviceCode, from, to));
        List<Listed> listed = new ArrayList<>();
        for (Object[] row : rows) {
            Listed one = listed((Open311Request) row[0], (Petition) row[1], (String) row[2]);
            if (statuses.isEmpty() || statuses.contains(one.status())) {
                listed.add(one);
            }
        }
        return listed;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> linksAndPetitions(String client, List<String> ids, String serviceCode, OffsetDateTime from,
                                             OffsetDateTime to) {
        StringBuilder query = new StringBuilder("select r, p, c.nameZh from Open311Request r, Petition p "
                + "left join Category c on c.code = p.categoryCode where p.id = r.petitionId and r.client = :client");
        Map<String, Object> params = new HashMap<>(Map.of("client", client));
        if (!ids.isEmpty()) {
            // service_request_id overrides every other argument, as the specification says
            query.append(" and r.trackingNumber in :ids");
            params.put("ids", ids);
        } else {
            if (serviceCode != null) {
                query.append(" and p.categoryCode = :code");
                params.put("code", serviceCode);
            }
            if (from != null) {
                query.append(" and r.createdAt >= :from");
                params.put("from", from);
            }
            if (to != null) {
                query.append(" and r.createdAt <= :to");
                params.put("to", to);
            }
        }
        query.append(" order by r.createdAt desc");
        var q = Open311Request.getEntityManager().createQuery(query.toString(), Object[].class)
                .setMaxResults(config.maxRequestsPerAnswer());
        params.forEach(q::setParameter);
        return q.getResultList();
    }

    /** The service request id a token stands for, if the token is this client's. */
    @Transactional
    public Optional<Open311Request> byToken(String client, UUID token) {
        return Open311Request.<Open311Request>find("token = ?1 and client = ?2", token, client).firstResultOptional();
    }

    private Listed listed(Open311Request link, Petition petition, String categoryName) {
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
        return new Listed(link, petition, categoryName == null ? petition.categoryCode : categoryName,
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

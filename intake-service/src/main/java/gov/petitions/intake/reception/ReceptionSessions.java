package gov.petitions.intake.reception;

import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.reception.ReceptionSession.Status;
import gov.petitions.intake.service.DivisionCatalog;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Public reception sessions and their visitor queue (有访必接、一个不漏): every visitor who takes a ticket is either
 * registered at a desk or carried over to the next morning's queue of the same county; nothing else ends a ticket.
 */
@ApplicationScoped
public class ReceptionSessions {

    private final EntityManager entityManager;
    private final DivisionCatalog divisions;
    private final PetitionRegistration registration;
    private final IntakeConfig config;
    private final ZoneId zone;
    private final Clock clock;

    public ReceptionSessions(EntityManager entityManager, DivisionCatalog divisions, PetitionRegistration registration,
                             IntakeConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.divisions = divisions;
        this.registration = registration;
        this.config = config;
        this.clock = clock;
        this.zone = clock.getZone(); // China's: a session's day and hours are Hefei's
        if (config.reception().maxDesks() < 1 || config.reception().maxDesks() > SessionRequests.HARD_MAX_DESKS) {
            throw new IllegalStateException("intake.reception.max-desks must be between 1 and " + SessionRequests.HARD_MAX_DESKS);
        }
        if (config.reception().openGrace().isNegative() || config.reception().openGrace().toHours() >= 24) {
            throw new IllegalStateException("intake.reception.open-grace must be between PT0S and PT24H");
        }
    }

    /** The most desks a session holds (intake.reception.max-desks). */
    public int maxDesks() {
        return config.reception().maxDesks();
    }

    /** One ticket carried over at closing: its old number and its place in the next morning's queue. */
    public record CarriedOver(int number, LocalDate fromQueue, int newNumber, LocalDate toQueue, UUID ticketId) {
    }

    public record ClosingReport(UUID sessionId, long registered, List<CarriedOver> carriedOver, boolean queueStillServed) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ReceptionSession create(SessionRequests.NewSession request, String by) {
        if (divisions.nameOf(request.countyCode()).isEmpty()) {
            throw ProblemException.badRequest("unknown-location", "Unknown county",
                    "'" + request.countyCode() + "' is not a county-level division code of " + divisions.provinceName());
        }
        if (request.desks().size() > maxDesks()) {
            throw ProblemException.badRequest("too-many-desks", "Too many desks",
                    "A session holds at most " + maxDesks() + " joint reception desks (intake.reception.max-desks); "
                            + "this one has " + request.desks().size());
        }
        ReceptionSession session = new ReceptionSession();
        session.id = UUID.randomUUID();
        session.leaderName = request.leaderName().strip();
        session.leaderTitle = request.leaderTitle().strip();
        session.level = request.level();
        session.venue = request.venue().strip();
        session.countyCode = request.countyCode();
        session.sessionDate = request.date();
        session.startsAt = request.startsAt();
        session.endsAt = request.endsAt();
        session.desks = request.desks().stream()
                .map(d -> new ReceptionSession.Desk(d.name().strip(), d.staff().stream().map(String::strip).toList()))
                .toList();
        session.status = Status.DRAFT;
        session.createdBy = by;
        session.createdAt = now();
        session.persist();
        return session;
    }

    /** The announcement (公示) must reach the public a full lead time (7 days by default) before the session starts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ReceptionSession publish(UUID sessionId) {
        ReceptionSession session = find(sessionId);
        requireStatus(session, Status.DRAFT, "publish");
        ZonedDateTime starts = ZonedDateTime.of(session.sessionDate, session.startsAt, zone);
        ZonedDateTime latest = starts.minus(config.reception().publicationLead());
        OffsetDateTime now = now();
        if (now.isAfter(latest.toOffsetDateTime())) {
            throw new ProblemException(Problem.of("publication-too-late", "Too late to announce this session", 422,
                    "A reception session is announced at least " + config.reception().publicationLead().getDays()
                            + " days before it starts: this one starts " + starts.toLocalDateTime()
                            + " and had to be published by " + latest.toLocalDateTime() + " (" + zone + ")"));
        }
        session.status = Status.PUBLISHED;
        session.publishedAt = now;
        return session;
    }

    /**
     * Opens the announced session: on its day in China only (README: "on the day"), from the grace
     * (intake.reception.open-grace, 2 hours by default) before its start hour. Earlier or on a later day: 409, saying
     * when it can open.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ReceptionSession open(UUID sessionId) {
        ReceptionSession session = find(sessionId);
        requireStatus(session, Status.PUBLISHED, "open");
        OffsetDateTime now = now();
        ZonedDateTime starts = ZonedDateTime.of(session.sessionDate, session.startsAt, zone);
        ZonedDateTime earliest = starts.minus(config.reception().openGrace());
        if (earliest.toLocalDate().isBefore(session.sessionDate)) {
            earliest = session.sessionDate.atStartOfDay(zone); // never before its day begins in China
        }
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        if (today.isAfter(session.sessionDate)) {
            throw ProblemException.conflict("session-day-over", "The session's day is over",
                    "This session was for " + session.sessionDate + " (" + zone + "); today is " + today
                            + ": it can no longer open. Plan and announce a new session");
        }
        if (now.toInstant().isBefore(earliest.toInstant())) {
            throw ProblemException.conflict("session-not-yet", "Too early to open this session",
                    "A session opens on its day only: this one starts " + session.sessionDate + " " + session.startsAt
                            + " and can open from " + earliest.toLocalDate() + " " + earliest.toLocalTime() + " (" + zone
                            + ", " + earliest.toOffsetDateTime() + "); it is now " + now.atZoneSameInstant(zone)
                            .toLocalDateTime().truncatedTo(ChronoUnit.MINUTES));
        }
        session.status = Status.OPEN;
        session.openedAt = now;
        return session;
    }

    /** A visitor arrives: the next number of the county's queue for the session's day. No details are asked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public VisitorTicket issueTicket(UUID sessionId) {
        ReceptionSession session = find(sessionId);
        requireStatus(session, Status.OPEN, "issue tickets for");
        return newTicket(session.countyCode, session.sessionDate, session.id, false, null);
    }

    /**
     * The desk calls the next visitor: carried-over tickets first, then by number. Desks calling at once get
     * different tickets (each takes the first waiting row no other transaction holds: FOR UPDATE SKIP LOCKED), and
     * a desk holds one visitor at a time: while its called visitor is still at the desk, calling again (a double
     * click, a retry, a second clerk at the same desk) answers that same ticket. Calls of one desk are serialised by a
     * transaction-scoped advisory lock on (session, desk). Empty when nobody waits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<VisitorTicket> callNext(UUID sessionId, int desk) {
        ReceptionSession session = find(sessionId);
        requireStatus(session, Status.OPEN, "call tickets for");
        if (desk < 1 || desk > session.desks.size()) {
            throw ProblemException.badRequest("unknown-desk", "Unknown desk",
                    "This session has desks 1 to " + session.desks.size());
        }
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "reception-desk:" + session.id + ":" + desk).getSingleResult();
        List<VisitorTicket> atDesk = VisitorTicket.list("sessionId = ?1 and desk = ?2 and status = ?3 order by calledAt",
                session.id, desk, VisitorTicket.Status.CALLED);
        if (!atDesk.isEmpty()) {
            return Optional.of(atDesk.get(0));
        }
        @SuppressWarnings("unchecked")
        List<UUID> next = entityManager.createNativeQuery("select id from visitor_ticket where county_code = :county "
                        + "and queue_date <= :day and status = 'WAITING' order by carried_over desc, queue_date, number "
                        + "limit 1 for update skip locked", UUID.class)
                .setParameter("county", session.countyCode).setParameter("day", session.sessionDate).getResultList();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        VisitorTicket ticket = VisitorTicket.findById(next.get(0));
        ticket.status = VisitorTicket.Status.CALLED;
        ticket.sessionId = session.id;
        ticket.desk = desk;
        ticket.calledAt = now();
        return Optional.of(ticket);
    }

    /** The called visitor stepped away: back into the queue at the number they hold. */
    @Transactional(Transactional.TxType.MANDATORY)
    public VisitorTicket returnToQueue(UUID sessionId, UUID ticketId) {
        VisitorTicket ticket = calledTicket(sessionId, ticketId);
        ticket.status = VisitorTicket.Status.WAITING;
        ticket.desk = null;
        return ticket;
    }

    /** Registers the called visitor's petition (来访) and closes the ticket in the same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PetitionRegistration.Receipt registerVisit(UUID sessionId, UUID ticketId,
                                                     java.util.function.Function<ReceptionSession, NewPetition> petition) {
        ReceptionSession session = find(sessionId);
        requireStatus(session, Status.OPEN, "register visits at");
        VisitorTicket ticket = calledTicket(sessionId, ticketId);
        PetitionRegistration.Receipt receipt = registration.register(petition.apply(session));
        ticket.status = VisitorTicket.Status.REGISTERED;
        ticket.petitionId = receipt.petition().id;
        return receipt;
    }

    /**
     * Closes a session. Refused while a desk holds a called ticket (that visitor would be lost); the waiting tickets
     * move to the front of the next morning's queue of the county, unless another session of the county is still
     * open that day and goes on serving them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ClosingReport close(UUID sessionId) {
        ReceptionSession session = find(sessionId);
        entityManager.lock(session, LockModeType.PESSIMISTIC_WRITE);
        requireStatus(session, Status.OPEN, "close");
        List<VisitorTicket> atDesks = VisitorTicket.list("sessionId = ?1 and status = ?2 order by number",
                session.id, VisitorTicket.Status.CALLED);
        if (!atDesks.isEmpty()) {
            throw ProblemException.conflict("tickets-at-desks", "Visitors are still at the desks",
                    "Tickets " + atDesks.stream().map(t -> String.valueOf(t.number)).toList()
                            + " have been called but not registered: register them or return them to the queue first");
        }
        session.status = Status.CLOSED;
        session.closedAt = now();
        long registered = VisitorTicket.count("sessionId = ?1 and status = ?2", session.id, VisitorTicket.Status.REGISTERED);
        boolean othersOpen = ReceptionSession.count("countyCode = ?1 and sessionDate = ?2 and status = ?3 and id <> ?4",
                session.countyCode, session.sessionDate, Status.OPEN, session.id) > 0;
        List<CarriedOver> carried = new ArrayList<>();
        if (!othersOpen) {
            LocalDate nextMorning = session.sessionDate.plusDays(1);
            List<VisitorTicket> waiting = entityManager.createQuery("from VisitorTicket where countyCode = :county "
                            + "and queueDate <= :day and status = :waiting order by carriedOver desc, queueDate, number",
                            VisitorTicket.class)
                    .setParameter("county", session.countyCode).setParameter("day", session.sessionDate)
                    .setParameter("waiting", VisitorTicket.Status.WAITING)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            for (VisitorTicket old : waiting) {
                old.status = VisitorTicket.Status.CARRIED_OVER;
                VisitorTicket moved = newTicket(old.countyCode, nextMorning, null, true, old.id);
                carried.add(new CarriedOver(old.number, old.queueDate, moved.number, moved.queueDate, moved.id));
            }
        }
        return new ClosingReport(session.id, registered, carried, othersOpen);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<VisitorTicket> waiting(UUID sessionId) {
        ReceptionSession session = find(sessionId);
        return VisitorTicket.list("countyCode = ?1 and queueDate <= ?2 and status = ?3 order by carriedOver desc, queueDate, number",
                session.countyCode, session.sessionDate, VisitorTicket.Status.WAITING);
    }

    /** Announced sessions from today on, soonest first: what the public sees. */
    @Transactional
    public List<ReceptionSession> upcoming(Optional<String> countyPrefix, int limit) {
        LocalDate today = today();
        return ReceptionSession.find("status in ?1 and sessionDate >= ?2 and countyCode like ?3 order by sessionDate, startsAt",
                        List.of(Status.PUBLISHED, Status.OPEN), today, countyPrefix.orElse("") + "%")
                .page(0, limit).list();
    }

    /** Sessions of every state for staff: a county or city prefix, from a day on, soonest first. */
    @Transactional
    public List<ReceptionSession> planned(String countyPrefix, LocalDate from, int limit) {
        return ReceptionSession.find("countyCode like ?1 and sessionDate >= ?2 order by sessionDate, startsAt",
                countyPrefix + "%", from).page(0, limit).list();
    }

    public ReceptionSession find(UUID sessionId) {
        ReceptionSession session = ReceptionSession.findById(sessionId);
        if (session == null) {
            throw ProblemException.notFound("Reception session", "No reception session with id " + sessionId);
        }
        return session;
    }

    private VisitorTicket calledTicket(UUID sessionId, UUID ticketId) {
        VisitorTicket ticket = VisitorTicket.findById(ticketId, LockModeType.PESSIMISTIC_WRITE);
        if (ticket == null) {
            throw ProblemException.notFound("Ticket", "No ticket with id " + ticketId);
        }
        if (ticket.status != VisitorTicket.Status.CALLED || !sessionId.equals(ticket.sessionId)) {
            throw ProblemException.conflict("ticket-not-called", "Ticket not at a desk of this session",
                    "Ticket " + ticket.number + " is " + ticket.status + "; only a ticket called at a desk of this session can be registered or returned");
        }
        return ticket;
    }

    private VisitorTicket newTicket(String county, LocalDate day, UUID sessionId, boolean carriedOver, UUID carriedFrom) {
        // one row per county and day hands out numbers: the upsert serialises concurrent arrivals
        int number = ((Number) entityManager.createNativeQuery("insert into visitor_queue (county_code, queue_date, last_number) "
                        + "values (:county, :day, 1) on conflict (county_code, queue_date) "
                        + "do update set last_number = visitor_queue.last_number + 1 returning last_number")
                .setParameter("county", county).setParameter("day", day).getSingleResult()).intValue();
        VisitorTicket ticket = new VisitorTicket();
        ticket.id = UUID.randomUUID();
        ticket.countyCode = county;
        ticket.queueDate = day;
        ticket.number = number;
        ticket.carriedOver = carriedOver;
        ticket.carriedFrom = carriedFrom;
        ticket.status = VisitorTicket.Status.WAITING;
        ticket.sessionId = sessionId;
        ticket.issuedAt = now();
        ticket.persist();
        return ticket;
    }

    private static void requireStatus(ReceptionSession session, Status expected, String action) {
        if (session.status != expected) {
            throw ProblemException.conflict("session-state", "Not possible in the session's current state",
                    "Cannot " + action + " a session that is " + session.status + " (it must be " + expected + ")");
        }
    }

    /** Today in China, by the service's clock. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}

package gov.petitions.routing.service;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.province.Province;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Assignment;
import gov.petitions.routing.Leader;
import gov.petitions.routing.Level;
import gov.petitions.routing.Unit;
import gov.petitions.routing.service.RoutingDecision.Target;
import gov.petitions.routing.events.CaseAssignedEvent;
import gov.petitions.routing.events.EscalationRequested;
import gov.petitions.routing.events.PetitionRegistered;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Picks the responsible unit of a case. Territorial responsibility first (属地管理、分级负责): the
 * department of the petition's county that handles its category, or the county's petition bureau.
 * A unit the petition accuses, or any unit of the accused unit's division or below it, never receives
 * it: the case then starts one level higher (地域回避), and never at the accused unit itself.
 */
@ApplicationScoped
public class CaseRouter {

    private final Outbox outbox;
    private final Clock clock;
    private final RoutingDecision rules;

    public CaseRouter(Outbox outbox, Clock clock, Province province, CachedDirectory directory) {
        this.outbox = outbox;
        this.clock = clock;
        this.rules = new RoutingDecision(directory, province.code());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void routeNew(PetitionRegistered petition) {
        if (Assignment.routedBefore(petition.petitionId())) {
            return; // the same petition under a second event id (a replay): routed already
        }
        List<String> accused = petition.accusedUnitCodes() == null ? List.of() : petition.accusedUnitCodes();
        Target target = initialTarget(petition.categoryCode(), petition.locationCode(), accused);
        assign(1, petition.petitionId(), petition.trackingNumber(), petition.categoryCode(),
                petition.locationCode(), petition.registeredAt(), target.unit(), null, Assignment.Reason.INITIAL,
                target.note(), null, accused.toArray(String[]::new));
    }

    /** The first responsible unit (see {@link RoutingDecision}); also used by the exhaustive recusal test. */
    public Target initialTarget(String categoryCode, String locationCode, List<String> accusedUnitCodes) {
        return rules.initialTarget(categoryCode, locationCode, accusedUnitCodes);
    }

    /** One level up from the unit that holds the case: county → city → province (提级); review and re-review likewise. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment escalate(EscalationRequested request) {
        // supervision escalates only cases it learnt of from this service's case.assigned, so a case never assigned
        // here is no race to wait out but a foreign or corrupt event: retrying it would hold its partition for the
        // inbox's whole retry budget, so it goes to the dead-letter topic at once
        Assignment current = Assignment.current(request.petitionId())
                .orElseThrow(() -> new PoisonEventException("escalation of a case routing never assigned: "
                        + request.petitionId()));
        if (!current.unitCode.equals(request.fromUnitCode())) {
            Log.infof("Escalation of %s from %s ignored: the case is now with %s", request.petitionId(),
                    request.fromUnitCode(), current.unitCode);
            return current;
        }
        Assignment.Reason reason = RoutingDecision.reasonOf(request.reason());
        Unit from = Unit.findById(current.unitCode);
        Target target = escalationTarget(from, current.scope());
        String note = request.reason() + (request.note() == null ? "" : ": " + request.note())
                + (target.note() == null ? "" : " — " + target.note());
        return assign(current.sequence + 1, current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, target.unit(), from, reason, note, current.returnedBy, current.accusedUnitCodes);
    }

    /** The unit one level above {@code from} (see {@link RoutingDecision#escalationTarget}). */
    public Target escalationTarget(Unit from, CaseScope scope) {
        return rules.escalationTarget(from, scope);
    }

    /**
     * A supervisor moves a case to another unit, with a reason (改派): only a case they may supervise, only to a
     * unit inside their own jurisdiction, and never to a unit inside the case's recusal set.
     */
    @Transactional
    public Assignment reassign(UUID petitionId, String unitCode, String reason, CallerScope caller) {
        Assignment current = Assignment.current(petitionId).orElseThrow(() -> notFound(petitionId));
        if (!current.accusationKnown() || !caller.maySupervise(current.scope())) {
            throw notFound(petitionId); // 404, not 403: the accused must not learn that the case exists
        }
        Unit unit = Unit.findById(unitCode);
        if (unit == null) {
            throw ProblemException.badRequest("unknown-unit", "Unknown unit", "No unit with code " + unitCode);
        }
        checkReassignment(caller, current.scope(), unit);
        if (unit.code.equals(current.unitCode)) {
            throw ProblemException.conflict("same-unit", "Already there", "The case is already with " + unit.name);
        }
        return assign(current.sequence + 1, current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, unit, Unit.findById(current.unitCode), Assignment.Reason.REASSIGNMENT, reason,
                current.returnedBy, current.accusedUnitCodes);
    }

    /** Whether a supervisor may move this case to that unit (see {@link RoutingDecision#checkReassignment}). */
    public static void checkReassignment(CallerScope caller, CaseScope scope, Unit target) {
        RoutingDecision.checkReassignment(caller, scope, target);
    }

    /** The unit holding a case sends it back as misrouted (退回), once per case, to its level's petition bureau. */
    @Transactional
    public Assignment returnCase(UUID petitionId, CallerScope caller, String reason) {
        Assignment current = Assignment.current(petitionId).orElseThrow(() -> notFound(petitionId));
        String unitCode = caller.unit().orElse(null);
        if (!caller.has(Roles.HANDLER) || !current.unitCode.equals(unitCode) || !caller.maySee(current.scope())) {
            throw notFound(petitionId);
        }
        Unit from = Unit.findById(current.unitCode);
        RoutingDecision.checkReturn(from, current.returnedBy);
        Target bureau;
        try {
            bureau = returnTarget(from, current.scope());
        } catch (PoisonEventException e) {
            throw ProblemException.conflict("no-free-bureau", "No bureau free of the accusation",
                    "No petition bureau may take this case back; ask a supervisor to reassign it");
        }
        return assign(current.sequence + 1, current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, bureau.unit(), from, Assignment.Reason.RETURNED,
                bureau.note() == null ? reason : reason + " — " + bureau.note(), from.code, current.accusedUnitCodes);
    }

    /** The petition bureau of the returning unit's level (see {@link RoutingDecision#returnTarget}). */
    public Target returnTarget(Unit from, CaseScope scope) {
        return rules.returnTarget(from, scope);
    }

    private static ProblemException notFound(UUID petitionId) {
        return ProblemException.notFound("Case", "No case with petition id " + petitionId + " for you");
    }

    /**
     * @param sequence the case's next assignment number: 1, or one more than the current assignment's, which every
     *                 caller has just read (sequences run 1, 2, … without gaps, so counting them again is not needed)
     */
    private Assignment assign(int sequence, UUID petitionId, String trackingNumber, String categoryCode, String locationCode,
                              OffsetDateTime registeredAt, Unit unit, Unit previous, Assignment.Reason reason,
                              String note, String returnedBy, String[] accusedUnitCodes) {
        CaseScope scope = CaseScope.of(locationCode, unit.code, accusedUnitCodes == null ? List.of() : List.of(accusedUnitCodes));
        if (!RoutingDecision.mayHold(scope, unit.code)) {
            // every path picks its target outside the recusal set; this guards the invariant itself
            throw new IllegalStateException("refusing to assign case " + petitionId + " to recused unit " + unit.code);
        }
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.petitionId = petitionId;
        assignment.sequence = sequence;
        assignment.trackingNumber = trackingNumber;
        assignment.level = unit.level;
        assignment.unitCode = unit.code;
        assignment.previousUnitCode = previous == null ? null : previous.code;
        assignment.reason = reason;
        assignment.note = note == null || note.length() <= 2000 ? note : note.substring(0, 2000);
        assignment.categoryCode = categoryCode;
        assignment.locationCode = locationCode;
        assignment.registeredAt = registeredAt;
        assignment.assignedAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        assignment.returnedBy = returnedBy;
        assignment.accusedUnitCodes = accusedUnitCodes;
        List<Leader> leaders = unit.level == Level.CITY || unit.level == Level.PROVINCE
                ? Leader.covering(locationCode.substring(0, 4)) : List.of();
        assignment.coveringLeaders = leaders.isEmpty() ? null
                : leaders.stream().map(l -> l.id).collect(Collectors.joining(","));
        assignment.persist();

        outbox.record(new CaseAssignedEvent(petitionId, assignment.id, trackingNumber, assignment.sequence,
                unit.level.name(), ref(unit), previous == null ? null : ref(previous), reason.name(),
                categoryCode, locationCode, registeredAt, assignment.assignedAt, assignment.note,
                leaders.isEmpty() ? null : leaders.stream()
                        .map(l -> new CaseAssignedEvent.LeaderRef(l.id, l.name)).toList()));
        return assignment;
    }

    private static CaseAssignedEvent.UnitRef ref(Unit unit) {
        return new CaseAssignedEvent.UnitRef(unit.code, unit.name, unit.divisionCode, unit.level.name());
    }
}

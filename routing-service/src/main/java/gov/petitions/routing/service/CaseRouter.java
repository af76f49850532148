package gov.petitions.routing.service;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Assignment;
import gov.petitions.routing.Division;
import gov.petitions.routing.Leader;
import gov.petitions.routing.Level;
import gov.petitions.routing.RoutingRule;
import gov.petitions.routing.Unit;
import gov.petitions.routing.messaging.CaseAssignedEvent;
import gov.petitions.routing.messaging.EscalationRequested;
import gov.petitions.routing.messaging.PetitionRegistered;
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

    public CaseRouter(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Target(Unit unit, String note) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment routeNew(PetitionRegistered petition) {
        Optional<Assignment> existing = Assignment.current(petition.petitionId());
        if (existing.isPresent()) {
            return existing.get(); // the same petition under a second event id (a replay): routed already
        }
        List<String> accused = petition.accusedUnitCodes() == null ? List.of() : petition.accusedUnitCodes();
        Target target = initialTarget(petition.categoryCode(), petition.locationCode(), accused);
        return assign(petition.petitionId(), petition.trackingNumber(), petition.categoryCode(),
                petition.locationCode(), petition.registeredAt(), target.unit(), null, Assignment.Reason.INITIAL,
                target.note(), null, accused.toArray(String[]::new));
    }

    /** The first responsible unit; pure lookup, also used by the exhaustive recusal test. */
    public Target initialTarget(String categoryCode, String locationCode, List<String> accusedUnitCodes) {
        CaseScope scope = CaseScope.of(locationCode, null, accusedUnitCodes);
        Division location = Division.findById(locationCode);
        if (location == null) {
            // never dropped: the city's petition bureau (or the province's) sorts it out by hand
            Division city = locationCode.length() >= 4 ? Division.findById(locationCode.substring(0, 4)) : null;
            Target bureau = free(city != null ? city : Division.findById(CallerScope.PROVINCE), Unit.PETITION_BUREAU, scope);
            return new Target(bureau.unit(), "location " + locationCode + " is not in the jurisdiction tree: for manual dispatch"
                    + (bureau.note() == null ? "" : "; " + bureau.note()));
        }
        RoutingRule rule = RoutingRule.findById(categoryCode);
        String department = rule == null ? Unit.PETITION_BUREAU : rule.department;
        String note = rule == null ? "no routing rule for category " + categoryCode + ": the petition bureau dispatches it" : null;
        Target target = free(atLevel(location, rule == null ? Level.COUNTY : rule.startLevel), department, scope);
        return new Target(target.unit(), target.note() != null ? target.note() : note);
    }

    /**
     * The unit of that department in the first division from {@code start} upwards that is outside the case's
     * recusal set (地域回避), else that division's petition bureau or government; never an accused unit. At the
     * province nothing is higher, so there only the accused units themselves are passed over.
     */
    public Target free(Division start, String department, CaseScope scope) {
        Division division = start;
        String note = null;
        while (scope.recuses(division.code) && division.parentCode != null) {
            division = Division.findById(division.parentCode);
            note = "regional recusal (地域回避): the petition accuses a unit at or under " + division.name + "'s lower level";
        }
        Optional<Unit> unit = freeOf(division, department, scope.accusedUnitCodes());
        if (unit.isEmpty()) {
            // the province's own department, bureau and government all accused: nothing in this tree may take it,
            // and no retry changes that, so it goes to the dead-letter topic at once instead of holding its
            // partition through the retries; the provincial bureau's operators dispatch it from there by hand
            throw new PoisonEventException("no unit of " + division.name + " is free of the accusation ("
                    + String.join(", ", scope.accusedUnitCodes()) + "): for manual dispatch");
        }
        return new Target(unit.get(), note);
    }

    /** One level up from the unit that holds the case: county → city → province (提级); review and re-review likewise. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment escalate(EscalationRequested request) {
        Assignment current = Assignment.current(request.petitionId())
                .orElseThrow(() -> new IllegalStateException("escalation for a case not routed yet: "
                        + request.petitionId() + "; retried until petition.registered has been applied"));
        if (!current.unitCode.equals(request.fromUnitCode())) {
            Log.infof("Escalation of %s from %s ignored: the case is now with %s", request.petitionId(),
                    request.fromUnitCode(), current.unitCode);
            return current;
        }
        Assignment.Reason reason = switch (request.reason()) {
            case REVIEW_REQUESTED -> Assignment.Reason.REVIEW;       // 复查: the level above the unit that replied
            case RE_REVIEW_REQUESTED -> Assignment.Reason.RE_REVIEW; // 复核: the level above the reviewer
            default -> Assignment.Reason.ESCALATION;
        };
        Unit from = Unit.findById(current.unitCode);
        Target target = escalationTarget(from, current.scope());
        String note = request.reason() + (request.note() == null ? "" : ": " + request.note())
                + (target.note() == null ? "" : " — " + target.note());
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, target.unit(), from, reason, note, current.returnedBy, current.accusedUnitCodes);
    }

    /** The unit one level above {@code from} (a township's case goes to the county), outside the recusal set. */
    public Target escalationTarget(Unit from, CaseScope scope) {
        Division division = Division.findById(from.divisionCode);
        Division higher = division.parentCode == null ? division : Division.findById(division.parentCode);
        if (higher.level == Level.TOWNSHIP) {
            higher = Division.findById(higher.parentCode);
        }
        Target target = free(higher, from.department, scope);
        if (higher == division) {
            // nowhere higher than the province: the covering leader's dedicated team takes it (专班)
            return new Target(target.unit(), "at province level: for the covering provincial leader and a dedicated team (专班)");
        }
        return target;
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
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, unit, Unit.findById(current.unitCode), Assignment.Reason.REASSIGNMENT, reason,
                current.returnedBy, current.accusedUnitCodes);
    }

    /** Whether a supervisor may move this case to that unit: inside their jurisdiction, outside the recusal set. */
    public static void checkReassignment(CallerScope caller, CaseScope scope, Unit target) {
        String jurisdiction = caller.subtree();
        if (!CaseScope.within(target.divisionCode, jurisdiction)) {
            throw new ProblemException(Problem.of("outside-jurisdiction", "Outside your jurisdiction", 403,
                    target.code + " is outside your jurisdiction " + jurisdiction + "; ask the level above to move it"));
        }
        if (scope.recuses(target.code)) {
            // saying so is safe: the caller sees the case and its accusation already
            throw new ProblemException(Problem.of("recused-unit", "The unit is recused", 422,
                    target.code + " is an accused unit or at or under an accused unit's division; the case may not go"
                            + " there (回避)"));
        }
    }

    /** The unit holding a case sends it back as misrouted (退回), once per case, to its level's petition bureau. */
    @Transactional
    public Assignment returnCase(UUID petitionId, CallerScope caller, String reason) {
        Assignment current = Assignment.current(petitionId).orElseThrow(() -> notFound(petitionId));
        String unitCode = caller.unit().orElse(null);
        if (!caller.has(Roles.HANDLER) || !current.unitCode.equals(unitCode) || !caller.maySee(current.scope())) {
            throw notFound(petitionId);
        }
        if (current.returnedBy != null) {
            throw ProblemException.conflict("already-returned", "Already returned once",
                    "This case was returned once already (by " + current.returnedBy + "); ask a supervisor to reassign it");
        }
        Unit from = Unit.findById(current.unitCode);
        if (Unit.PETITION_BUREAU.equals(from.department)) {
            throw ProblemException.conflict("bureau-cannot-return", "The petition bureau dispatches",
                    "A petition bureau cannot return a case; reassign it to the right unit instead");
        }
        Target bureau;
        try {
            bureau = returnTarget(from, current.scope());
        } catch (PoisonEventException e) {
            throw ProblemException.conflict("no-free-bureau", "No bureau free of the accusation",
                    "No petition bureau may take this case back; ask a supervisor to reassign it");
        }
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, bureau.unit(), from, Assignment.Reason.RETURNED,
                bureau.note() == null ? reason : reason + " — " + bureau.note(), from.code, current.accusedUnitCodes);
    }

    /** The petition bureau of the returning unit's level, or the nearest one above it outside the recusal set. */
    public Target returnTarget(Unit from, CaseScope scope) {
        return free(Division.findById(from.divisionCode), Unit.PETITION_BUREAU, scope);
    }

    private static ProblemException notFound(UUID petitionId) {
        return ProblemException.notFound("Case", "No case with petition id " + petitionId + " for you");
    }

    private Assignment assign(UUID petitionId, String trackingNumber, String categoryCode, String locationCode,
                              OffsetDateTime registeredAt, Unit unit, Unit previous, Assignment.Reason reason,
                              String note, String returnedBy, String[] accusedUnitCodes) {
        CaseScope scope = CaseScope.of(locationCode, unit.code, accusedUnitCodes == null ? List.of() : List.of(accusedUnitCodes));
        if (scope.accusedUnitCodes().contains(unit.code)
                || (scope.recuses(unit.code) && !scope.recuses(CallerScope.PROVINCE))) {
            // every path picks its target outside the recusal set; this guards the invariant itself
            throw new IllegalStateException("refusing to assign case " + petitionId + " to recused unit " + unit.code);
        }
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.petitionId = petitionId;
        assignment.sequence = (int) Assignment.count("petitionId", petitionId) + 1;
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

        outbox.record(CaseAssignedEvent.TOPIC, CaseAssignedEvent.TYPE, petitionId.toString(),
                new CaseAssignedEvent(petitionId, assignment.id, trackingNumber, assignment.sequence,
                        unit.level.name(), ref(unit), previous == null ? null : ref(previous), reason.name(),
                        categoryCode, locationCode, registeredAt, assignment.assignedAt, assignment.note,
                        leaders.isEmpty() ? null : leaders.stream()
                                .map(l -> new CaseAssignedEvent.LeaderRef(l.id, l.name)).toList()),
                CaseAssignedEvent.SCHEMA);
        return assignment;
    }

    private static CaseAssignedEvent.UnitRef ref(Unit unit) {
        return new CaseAssignedEvent.UnitRef(unit.code, unit.name, unit.divisionCode, unit.level.name());
    }

    /** The division's unit of that department, else its petition bureau, else its government; never an accused unit. */
    private static Optional<Unit> freeOf(Division division, String department, java.util.Collection<String> accusedCodes) {
        for (String candidate : List.of(department, Unit.PETITION_BUREAU, "ZF")) {
            Optional<Unit> unit = Unit.of(division.code, candidate);
            if (unit.isPresent() && !accusedCodes.contains(unit.get().code)) {
                return unit;
            }
        }
        return Optional.empty();
    }

    private static Division atLevel(Division location, Level level) {
        Division division = location;
        while (level.isAbove(division.level) && division.parentCode != null) {
            division = Division.findById(division.parentCode);
        }
        return division;
    }
}

package gov.petitions.routing.service;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.problem.ProblemException;
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

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    public CaseRouter(Outbox outbox) {
        this.outbox = outbox;
    }

    public record Target(Unit unit, String note) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment routeNew(PetitionRegistered petition) {
        Optional<Assignment> existing = Assignment.current(petition.petitionId());
        if (existing.isPresent()) {
            return existing.get(); // the same petition under a second event id (a replay): routed already
        }
        Target target = initialTarget(petition.categoryCode(), petition.locationCode(),
                petition.accusedUnitCodes() == null ? List.of() : petition.accusedUnitCodes());
        return assign(petition.petitionId(), petition.trackingNumber(), petition.categoryCode(),
                petition.locationCode(), petition.registeredAt(), target.unit(), null, Assignment.Reason.INITIAL,
                target.note(), null);
    }

    /** The first responsible unit; pure lookup, also used by the exhaustive recusal test. */
    public Target initialTarget(String categoryCode, String locationCode, List<String> accusedUnitCodes) {
        Division location = Division.findById(locationCode);
        String note = null;
        if (location == null) {
            // never dropped: the city's petition bureau (or the province's) sorts it out by hand
            Division city = locationCode.length() >= 4 ? Division.findById(locationCode.substring(0, 4)) : null;
            location = city != null ? city : Division.findById("34");
            return new Target(unitFor(location, Unit.PETITION_BUREAU, List.of()),
                    "location " + locationCode + " is not in the jurisdiction tree: for manual dispatch");
        }
        RoutingRule rule = RoutingRule.findById(categoryCode);
        String department = rule == null ? Unit.PETITION_BUREAU : rule.department;
        if (rule == null) {
            note = "no routing rule for category " + categoryCode + ": the petition bureau dispatches it";
        }
        Division division = atLevel(location, rule == null ? Level.COUNTY : rule.startLevel);
        List<Unit> accused = accusedUnitCodes.stream().map(c -> Unit.<Unit>findById(c)).filter(u -> u != null).toList();
        while (isRecused(division, accused) && division.parentCode != null) {
            division = Division.findById(division.parentCode);
            note = "regional recusal (地域回避): the petition accuses a unit at or under " + division.name + "'s lower level";
        }
        if (!accused.isEmpty() && division.parentCode == null && freeOf(division, department, accused).isEmpty()) {
            // the province's own department, bureau and government all accused: nothing in this tree may take it,
            // and no retry changes that, so it goes to the dead-letter topic at once instead of holding its
            // partition through the retries; the provincial bureau's operators dispatch it from there by hand
            throw new PoisonEventException("no unit of " + division.name + " is free of the accusation ("
                    + String.join(", ", accused.stream().map(u -> u.code).toList()) + "): for manual dispatch");
        }
        return new Target(unitFor(division, department, accused), note);
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
        Division division = Division.findById(from.divisionCode);
        String note = request.reason() + (request.note() == null ? "" : ": " + request.note());
        Division higher = division.parentCode == null ? division : Division.findById(division.parentCode);
        if (higher.level == Level.TOWNSHIP) {
            higher = Division.findById(higher.parentCode);
        }
        if (higher == division) {
            // nowhere higher than the province: the covering leader's dedicated team takes it (专班)
            note = note + " — at province level: for the covering provincial leader and a dedicated team (专班)";
        }
        Unit unit = unitFor(higher, from.department, List.of());
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, unit, from, reason, note, current.returnedBy);
    }

    /** A supervisor moves a case to another unit, with a reason (改派). */
    @Transactional
    public Assignment reassign(UUID petitionId, String unitCode, String reason, String jurisdiction) {
        Assignment current = currentOrNotFound(petitionId);
        if (jurisdiction == null || !current.locationCode.startsWith(jurisdiction)) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " in your jurisdiction");
        }
        Unit unit = Unit.findById(unitCode);
        if (unit == null) {
            throw ProblemException.badRequest("unknown-unit", "Unknown unit", "No unit with code " + unitCode);
        }
        if (unit.code.equals(current.unitCode)) {
            throw ProblemException.conflict("same-unit", "Already there", "The case is already with " + unit.name);
        }
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, unit, Unit.findById(current.unitCode), Assignment.Reason.REASSIGNMENT, reason,
                current.returnedBy);
    }

    /** The unit holding a case sends it back as misrouted (退回), once per case, to its level's petition bureau. */
    @Transactional
    public Assignment returnCase(UUID petitionId, String unitCode, String reason) {
        Assignment current = currentOrNotFound(petitionId);
        if (unitCode == null || !unitCode.equals(current.unitCode)) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " with your unit");
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
        Unit bureau = unitFor(Division.findById(from.divisionCode), Unit.PETITION_BUREAU, List.of());
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, bureau, from, Assignment.Reason.RETURNED, reason, from.code);
    }

    private static Assignment currentOrNotFound(UUID petitionId) {
        return Assignment.current(petitionId).orElseThrow(() ->
                ProblemException.notFound("Case", "No case with petition id " + petitionId + " has been routed"));
    }

    private Assignment assign(UUID petitionId, String trackingNumber, String categoryCode, String locationCode,
                              OffsetDateTime registeredAt, Unit unit, Unit previous, Assignment.Reason reason,
                              String note, String returnedBy) {
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
        assignment.assignedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        assignment.returnedBy = returnedBy;
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

    /**
     * The division's unit of that department, else its petition bureau, else its government; never a
     * unit the petition accuses (at the province, where nothing is higher, another provincial unit).
     */
    private static Unit unitFor(Division division, String department, List<Unit> accused) {
        return freeOf(division, department, accused).orElseThrow(() ->
                new IllegalStateException("division " + division.code + " has no unit free of the accusation"));
    }

    private static Optional<Unit> freeOf(Division division, String department, List<Unit> accused) {
        List<String> accusedCodes = accused.stream().map(u -> u.code).toList();
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

    /** Codes nest by prefix (3413 > 341302 > 341302001): a division at or under an accused unit's division is out. */
    private static boolean isRecused(Division division, List<Unit> accused) {
        return accused.stream().anyMatch(u -> division.code.startsWith(u.divisionCode));
    }
}

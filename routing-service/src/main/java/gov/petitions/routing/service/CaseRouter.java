package gov.petitions.routing.service;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.routing.Assignment;
import gov.petitions.routing.Division;
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

/**
 * Picks the responsible unit of a case. Territorial responsibility first (属地管理、分级负责): the
 * department of the petition's county that handles its category, or the county's petition bureau.
 * A unit the petition accuses, or any unit of the accused unit's division, never receives it: the
 * case then starts one level higher (地域回避).
 */
@ApplicationScoped
public class CaseRouter {

    private final Outbox outbox;

    public CaseRouter(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment routeNew(PetitionRegistered petition) {
        if (Assignment.current(petition.petitionId()).isPresent()) {
            // the same petition arriving under a second event id (a replay): it is routed already
            return Assignment.current(petition.petitionId()).get();
        }
        Division location = Division.findById(petition.locationCode());
        if (location == null) {
            throw new PoisonEventException("location " + petition.locationCode() + " is not in the jurisdiction tree");
        }
        RoutingRule rule = RoutingRule.findById(petition.categoryCode());
        String department = rule == null ? Unit.PETITION_BUREAU : rule.department;
        Level startLevel = rule == null ? Level.COUNTY : rule.startLevel;

        Division division = atLevel(location, startLevel);
        List<String> accused = petition.accusedUnitCodes() == null ? List.of() : petition.accusedUnitCodes();
        String note = null;
        while (isRecused(division, accused) && division.parentCode != null) {
            division = Division.findById(division.parentCode);
            note = "regional recusal (地域回避): the petition accuses a unit of the lower level";
        }
        Unit unit = unitFor(division, department);
        return assign(petition.petitionId(), petition.trackingNumber(), petition.categoryCode(),
                petition.locationCode(), petition.registeredAt(), unit, null, Assignment.Reason.INITIAL, note);
    }

    /** One level up from the unit that holds the case: county → city → province (提级). */
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
        Unit unit = unitFor(higher, from.department);
        return assign(current.petitionId, current.trackingNumber, current.categoryCode, current.locationCode,
                current.registeredAt, unit, from, Assignment.Reason.ESCALATION, note);
    }

    private Assignment assign(UUID petitionId, String trackingNumber, String categoryCode, String locationCode,
                              OffsetDateTime registeredAt, Unit unit, Unit previous, Assignment.Reason reason,
                              String note) {
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.petitionId = petitionId;
        assignment.sequence = (int) Assignment.count("petitionId", petitionId) + 1;
        assignment.trackingNumber = trackingNumber;
        assignment.level = unit.level;
        assignment.unitCode = unit.code;
        assignment.previousUnitCode = previous == null ? null : previous.code;
        assignment.reason = reason;
        assignment.note = note;
        assignment.categoryCode = categoryCode;
        assignment.locationCode = locationCode;
        assignment.registeredAt = registeredAt;
        assignment.assignedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        assignment.persist();

        outbox.record(CaseAssignedEvent.TOPIC, CaseAssignedEvent.TYPE, petitionId.toString(),
                new CaseAssignedEvent(petitionId, assignment.id, trackingNumber, assignment.sequence,
                        unit.level.name(), ref(unit), previous == null ? null : ref(previous), reason.name(),
                        categoryCode, locationCode, registeredAt, assignment.assignedAt, note),
                CaseAssignedEvent.SCHEMA);
        return assignment;
    }

    private static CaseAssignedEvent.UnitRef ref(Unit unit) {
        return new CaseAssignedEvent.UnitRef(unit.code, unit.name, unit.divisionCode, unit.level.name());
    }

    /** The division's own unit of that department, else its petition bureau (or, for a township, its government). */
    private static Unit unitFor(Division division, String department) {
        return Unit.of(division.code, department)
                .or(() -> Unit.of(division.code, Unit.PETITION_BUREAU))
                .or(() -> Unit.of(division.code, "ZF"))
                .orElseThrow(() -> new IllegalStateException("division " + division.code + " has no units"));
    }

    private static Division atLevel(Division location, Level level) {
        Division division = location;
        while (level.isAbove(division.level) && division.parentCode != null) {
            division = Division.findById(division.parentCode);
        }
        return division;
    }

    private static boolean isRecused(Division division, List<String> accusedUnitCodes) {
        for (String code : accusedUnitCodes) {
            Optional<Unit> accused = Unit.findByIdOptional(code);
            // division codes nest by prefix: 3413 > 341302 > 341302001
            if (accused.isPresent() && division.code.startsWith(accused.get().divisionCode)) {
                return true;
            }
        }
        return false;
    }
}

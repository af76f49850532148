package gov.petitions.routing.service;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.routing.Assignment;
import gov.petitions.routing.Division;
import gov.petitions.routing.Level;
import gov.petitions.routing.RoutingRule;
import gov.petitions.routing.Unit;
import gov.petitions.routing.events.EscalationRequested;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The routing rules themselves, without storage: which unit takes a case first, one level up, or back, and whether a
 * supervisor may move it somewhere. Everything it needs of the jurisdiction tree comes through a {@link Directory}
 * ({@link CaseRouter} reads it from the database; the unit tests give it a small tree in memory), so every rule can
 * be checked in milliseconds.
 *
 * <ul>
 *   <li>Territorial responsibility first (属地管理、分级负责): the category's department at the rule's start level
 *       (the county unless the rule says otherwise) of the petition's location; a township's petition starts at its
 *       county; a category without a rule goes to the petition bureau (信访局) of that level; a location outside the
 *       tree to the city's petition bureau (the province's when the city is unknown too), for manual dispatch.</li>
 *   <li>Recusal (地域回避): a unit the petition accuses, and every unit at or under the accused unit's division, never
 *       receives it: the case starts, escalates or returns one level higher. At the province, where nothing is
 *       higher, only the accused units are passed over (the department, else the bureau, else the government).</li>
 *   <li>Escalation, review (复查) and re-review (复核) go one level up: township → county → city → province; at the
 *       province the case stays at the province, with a note for the covering leader's dedicated team (专班).</li>
 *   <li>A return (退回) goes to the petition bureau of the returning unit's level, once per case, never from a bureau.</li>
 *   <li>A reassignment (改派) goes only inside the supervisor's jurisdiction and never into the recusal set.</li>
 * </ul>
 */
public final class RoutingDecision {

    /** What the rules read of the jurisdiction tree. */
    public interface Directory {
        /** The division with that code, or null when the tree has none. */
        Division division(String code);

        /** The unit of that department in that division, if the division has one. */
        Optional<Unit> unit(String divisionCode, String department);

        /** The routing rule of a category, or null when there is none. */
        RoutingRule rule(String categoryCode);
    }

    /** The unit chosen, and why it is not the obvious one (null when it is). */
    public record Target(Unit unit, String note) {
    }

    private final Directory directory;
    private final String provinceCode;

    /**
     * @param provinceCode the deployment's province ({@code petitions.province.code}): the root of the tree, and the
     *                     only province whose petitions this deployment routes
     */
    public RoutingDecision(Directory directory, String provinceCode) {
        this.directory = directory;
        this.provinceCode = provinceCode;
    }

    /** The first responsible unit of a petition. */
    public Target initialTarget(String categoryCode, String locationCode, List<String> accusedUnitCodes) {
        if (!locationCode.startsWith(provinceCode)) {
            // another province's petition reached this deployment (a misconfigured intake, a wrong topic): no unit of
            // this tree is responsible, and no retry changes that; the dead-letter topic keeps it, with this reason
            throw new PoisonEventException("location " + locationCode + " is outside this deployment's province ("
                    + provinceCode + "): it belongs to another province's deployment");
        }
        CaseScope scope = CaseScope.of(locationCode, null, accusedUnitCodes);
        Division location = directory.division(locationCode);
        if (location == null) {
            // never dropped: the city's petition bureau (or the province's) sorts it out by hand
            Division city = locationCode.length() >= 4 ? directory.division(locationCode.substring(0, 4)) : null;
            Target bureau = free(city != null ? city : directory.division(provinceCode), Unit.PETITION_BUREAU, scope);
            return new Target(bureau.unit(), "location " + locationCode + " is not in the jurisdiction tree: for manual dispatch"
                    + (bureau.note() == null ? "" : "; " + bureau.note()));
        }
        RoutingRule rule = directory.rule(categoryCode);
        String department = rule == null ? Unit.PETITION_BUREAU : rule.department;
        String note = rule == null ? "no routing rule for category " + categoryCode + ": the petition bureau dispatches it" : null;
        Target target = free(atLevel(location, rule == null ? Level.COUNTY : rule.startLevel), department, scope);
        return new Target(target.unit(), target.note() != null ? target.note() : note);
    }

    /**
     * The unit of that department in the first division from {@code start} upwards that is outside the case's
     * recusal set (地域回避), else that division's petition bureau or government; never an accused unit. At the
     * province nothing is higher, so there only the accused units themselves are passed over.
     *
     * @throws PoisonEventException when no unit of the province is free of the accusation: no retry changes that
     */
    public Target free(Division start, String department, CaseScope scope) {
        Division division = start;
        String note = null;
        while (scope.recuses(division.code) && division.parentCode != null) {
            division = directory.division(division.parentCode);
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

    /** The unit one level above {@code from} (a township's case goes to the county), outside the recusal set. */
    public Target escalationTarget(Unit from, CaseScope scope) {
        Division division = directory.division(from.divisionCode);
        Division higher = division.parentCode == null ? division : directory.division(division.parentCode);
        if (higher.level == Level.TOWNSHIP) {
            higher = directory.division(higher.parentCode);
        }
        Target target = free(higher, from.department, scope);
        if (higher.code.equals(division.code)) {
            // nowhere higher than the province: the covering leader's dedicated team takes it (专班)
            return new Target(target.unit(), "at province level: for the covering provincial leader and a dedicated team (专班)");
        }
        return target;
    }

    /** The assignment reason an escalation request makes: review (复查), re-review (复核), else escalation (提级). */
    public static Assignment.Reason reasonOf(EscalationRequested.Reason requested) {
        return switch (requested) {
            case REVIEW_REQUESTED -> Assignment.Reason.REVIEW;       // 复查: the level above the unit that replied
            case RE_REVIEW_REQUESTED -> Assignment.Reason.RE_REVIEW; // 复核: the level above the reviewer
            default -> Assignment.Reason.ESCALATION;
        };
    }

    /**
     * The petition bureau of the returning unit's level, or the nearest one above it outside the recusal set. A
     * township has no petition bureau, so a township government's return goes to its county's (before, the search
     * fell through to the township's own government and handed the case back to the unit that returned it).
     */
    public Target returnTarget(Unit from, CaseScope scope) {
        Division division = directory.division(from.divisionCode);
        if (division.level == Level.TOWNSHIP && division.parentCode != null) {
            division = directory.division(division.parentCode);
        }
        return free(division, Unit.PETITION_BUREAU, scope);
    }

    /**
     * Whether the unit holding a case may send it back (退回): once per case, and never from a petition bureau
     * (the bureau dispatches; it reassigns instead). Who may act for the unit is the caller's scope, checked before.
     *
     * @param returnedBy the unit that returned the case before, or null
     */
    public static void checkReturn(Unit from, String returnedBy) {
        if (returnedBy != null) {
            throw ProblemException.conflict("already-returned", "Already returned once",
                    "This case was returned once already (by " + returnedBy + "); ask a supervisor to reassign it");
        }
        if (Unit.PETITION_BUREAU.equals(from.department)) {
            throw ProblemException.conflict("bureau-cannot-return", "The petition bureau dispatches",
                    "A petition bureau cannot return a case; reassign it to the right unit instead");
        }
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

    /**
     * The invariant every assignment keeps: never to an accused unit, and never into the recusal set, except at the
     * province when the whole province is recused (then only the accused units themselves are out).
     */
    public static boolean mayHold(CaseScope scope, String unitCode) {
        String province = unitCode.substring(0, CaseScope.PROVINCE_CODE_LENGTH); // codes nest by prefix
        return !scope.accusedUnitCodes().contains(unitCode)
                && !(scope.recuses(unitCode) && !scope.recuses(province));
    }

    /** The division's unit of that department, else its petition bureau, else its government; never an accused unit. */
    private Optional<Unit> freeOf(Division division, String department, Collection<String> accusedCodes) {
        for (String candidate : List.of(department, Unit.PETITION_BUREAU, "ZF")) {
            Optional<Unit> unit = directory.unit(division.code, candidate);
            if (unit.isPresent() && !accusedCodes.contains(unit.get().code)) {
                return unit;
            }
        }
        return Optional.empty();
    }

    /** The division at {@code level} above the location (or the location itself, when it is at or above it). */
    private Division atLevel(Division location, Level level) {
        Division division = location;
        while (level.isAbove(division.level) && division.parentCode != null) {
            division = directory.division(division.parentCode);
        }
        return division;
    }
}

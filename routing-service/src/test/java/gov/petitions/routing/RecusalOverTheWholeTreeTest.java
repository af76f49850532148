package gov.petitions.routing;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.service.CaseRouter;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whistle-blower protection, checked for every unit of the province, city and county levels (and the
 * township governments): a petition accusing it, located in its area and of the category its own
 * department handles, never lands on it nor on any unit at or under its division.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class RecusalOverTheWholeTreeTest {

    @Inject
    CaseRouter router;

    @Test
    void noPetitionReachesTheUnitItAccusesNorOneBelowIt() {
        List<String> violations = new ArrayList<>();
        int[] checked = {0};
        QuarkusTransaction.requiringNew().timeout(600).run(() -> {
            Map<String, String> categoryOfDepartment = RoutingRule.<RoutingRule>listAll().stream()
                    .collect(Collectors.toMap(r -> r.department, r -> r.categoryCode, (a, b) -> a));
            List<Unit> units = Unit.list("level <> ?1 or department = 'ZF'", Level.TOWNSHIP);
            for (Unit accused : units) {
                String location = somewhereUnder(accused);
                String category = categoryOfDepartment.getOrDefault(accused.department, "other");
                Unit got = router.initialTarget(category, location, List.of(accused.code)).unit();
                checked[0]++;
                boolean underAccused = got.divisionCode.startsWith(accused.divisionCode);
                if (got.code.equals(accused.code)
                        || (accused.level != Level.PROVINCE && underAccused)
                        || (accused.level == Level.PROVINCE && got.level != Level.PROVINCE)) {
                    violations.add(accused.code + " accused, location " + location + " → " + got.code);
                }
            }
        });
        assertTrue(checked[0] > 3_000, "the whole tree was walked: " + checked[0]);
        assertEquals(List.of(), violations);
    }

    /**
     * Every later path as well, for every accused unit: escalation (and review and re-review, which take the same
     * step up) from wherever the case is, up to the province; a return from each unit it reaches; and a
     * reassignment by the province's supervisors into the recusal set, which is refused.
     */
    @Test
    void noLaterPathReachesTheRecusalSetEither() {
        List<String> violations = new ArrayList<>();
        int[] checked = {0};
        CallerScope province = new CallerScope("s", Set.of(Roles.SUPERVISOR), Optional.empty(), Optional.of("34"));
        QuarkusTransaction.requiringNew().timeout(600).run(() -> {
            Map<String, String> categoryOfDepartment = RoutingRule.<RoutingRule>listAll().stream()
                    .collect(Collectors.toMap(r -> r.department, r -> r.categoryCode, (a, b) -> a));
            List<Unit> units = Unit.list("level <> ?1 or department = 'ZF'", Level.TOWNSHIP);
            for (Unit accused : units) {
                String location = somewhereUnder(accused);
                CaseScope scope = CaseScope.of(location, null, List.of(accused.code));
                String category = categoryOfDepartment.getOrDefault(accused.department, "other");
                Unit at = router.initialTarget(category, location, List.of(accused.code)).unit();
                for (int step = 0; step < 4; step++) {
                    if (!Unit.PETITION_BUREAU.equals(at.department)) {
                        check(violations, accused, scope, "return from " + at.code, router.returnTarget(at, scope).unit());
                    }
                    Unit up = router.escalationTarget(at, scope).unit();
                    check(violations, accused, scope, "escalation from " + at.code, up);
                    checked[0]++;
                    at = up;
                }
                // at the province, where nothing is higher, the province's other units take the case: only the
                // accused unit itself is out there (a county's or city's bureau and government are out with it)
                List<String> recusedTargets = accused.divisionCode.length() <= 2 ? List.of(accused.code)
                        : List.of(accused.code, accused.divisionCode + "-XFJ", accused.divisionCode + "-ZF");
                for (String target : recusedTargets) {
                    Unit unit = Unit.findById(target);
                    if (unit == null) {
                        continue; // a township has no petition bureau of its own
                    }
                    try {
                        CaseRouter.checkReassignment(province, scope, unit);
                        violations.add(accused.code + " accused: reassignment to " + target + " allowed");
                    } catch (ProblemException refused) {
                        if (refused.problem().status() != 422) {
                            violations.add(accused.code + " accused: reassignment to " + target + " → " + refused.problem());
                        }
                    }
                }
            }
        });
        assertTrue(checked[0] > 12_000, "the whole tree was walked: " + checked[0]);
        assertEquals(List.of(), violations);
    }

    /**
     * Outside the recusal set; at the province, which has nothing above it, an accused provincial unit recuses
     * the whole province, so there the case goes to another provincial unit.
     */
    private static void check(List<String> violations, Unit accused, CaseScope scope, String path, Unit got) {
        boolean wrong = accused.level == Level.PROVINCE
                ? got.code.equals(accused.code) || got.level != Level.PROVINCE
                : scope.recuses(got.code);
        if (wrong) {
            violations.add(accused.code + " accused, location " + scope.locationCode() + ": " + path + " → " + got.code);
        }
    }

    @Test
    void anAccusedCountyGovernmentSendsTheCaseToTheCity() {
        QuarkusTransaction.requiringNew().run(() -> {
            Unit got = router.initialTarget("labour-wages", "341302001", List.of("341302-ZF")).unit();
            assertEquals("3413-RSJ", got.code);
        });
    }

    /** A county inside the accused unit's division, or the accused division itself when it is a county or township. */
    private static String somewhereUnder(Unit accused) {
        Division division = Division.findById(accused.divisionCode);
        while (division.level == Level.PROVINCE || division.level == Level.CITY) {
            division = Division.<Division>find("parentCode = ?1 order by code", division.code).firstResult();
        }
        return division.code;
    }
}

package gov.petitions.routing;

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

package gov.petitions.routing.service;

import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Assignment;
import gov.petitions.routing.Division;
import gov.petitions.routing.Level;
import gov.petitions.routing.RoutingRule;
import gov.petitions.routing.Unit;
import gov.petitions.routing.events.EscalationRequested;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing rules on a small piece of Anhui's tree held in memory, without Quarkus, a database or a broker: each
 * case runs in microseconds. The component tests ({@code RoutingFlowTest}, {@code RecusalOverTheWholeTreeTest}) check
 * the same rules on the whole tree, through the database and the broker.
 *
 * <pre>
 * 34 安徽省 ── 3413 宿州市 ─┬─ 341302 埇桥区 ── 341302001 (a township)
 *          │              └─ 341322 萧县   ── 341322101 (a township)
 *          └─ 3415 六安市 ─── 341502 金安区
 * </pre>
 * Every province, city and county has a petition bureau (XFJ), a government (ZF) and the departments RSJ, GAJ, JYJ
 * and JTJ; a township has only its government, as in the real tree.
 */
class RoutingDecisionTest {

    static final Map<String, Division> DIVISIONS = new HashMap<>();
    static final Map<String, Unit> UNITS = new HashMap<>();
    static final Map<String, RoutingRule> RULES = new HashMap<>();

    static {
        division("34", "安徽省", Level.PROVINCE, null);
        division("3413", "宿州市", Level.CITY, "34");
        division("3415", "六安市", Level.CITY, "34");
        division("341302", "埇桥区", Level.COUNTY, "3413");
        division("341322", "萧县", Level.COUNTY, "3413");
        division("341502", "金安区", Level.COUNTY, "3415");
        division("341302001", "埇桥区某街道", Level.TOWNSHIP, "341302");
        division("341322101", "萧县某镇", Level.TOWNSHIP, "341322");
        rule("labour-wages", "RSJ", Level.COUNTY);
        rule("law-enforcement", "GAJ", Level.COUNTY);
        rule("education", "JYJ", Level.COUNTY);
        rule("transport", "JTJ", Level.CITY);             // an admin moved it to the city (PUT /routing-rules)
        rule("provincial-roads", "JTJ", Level.PROVINCE);
        rule("village-affairs", "ZF", Level.TOWNSHIP);
    }

    private static void division(String code, String name, Level level, String parent) {
        Division d = new Division();
        d.code = code;
        d.name = name;
        d.level = level;
        d.parentCode = parent;
        DIVISIONS.put(code, d);
        List<String> departments = level == Level.TOWNSHIP ? List.of("ZF") : List.of("XFJ", "ZF", "RSJ", "GAJ", "JYJ", "JTJ");
        for (String department : departments) {
            Unit u = new Unit();
            u.code = code + "-" + department;
            u.name = name + department;
            u.divisionCode = code;
            u.level = level;
            u.department = department;
            UNITS.put(u.code, u);
        }
    }

    private static void rule(String category, String department, Level start) {
        RoutingRule r = new RoutingRule();
        r.categoryCode = category;
        r.department = department;
        r.startLevel = start;
        RULES.put(category, r);
    }

    static final RoutingDecision DECISION = new RoutingDecision(new RoutingDecision.Directory() {
        @Override
        public Division division(String code) {
            return DIVISIONS.get(code);
        }

        @Override
        public Optional<Unit> unit(String divisionCode, String department) {
            return Optional.ofNullable(UNITS.get(divisionCode + "-" + department));
        }

        @Override
        public RoutingRule rule(String categoryCode) {
            return RULES.get(categoryCode);
        }
    }, "34");

    static Unit unit(String code) {
        Unit u = UNITS.get(code);
        if (u == null) {
            throw new IllegalArgumentException("no unit " + code + " in the test tree");
        }
        return u;
    }

    static List<String> accused(String codes) {
        return codes == null || codes.isBlank() ? List.of() : Arrays.asList(codes.split(" "));
    }

    static CaseScope scope(String location, String accusedCodes) {
        return CaseScope.of(location, null, accused(accusedCodes));
    }

    @Nested
    class FirstRouting {

        @ParameterizedTest(name = "{0} at {1} goes to {2}")
        @CsvSource(delimiter = '|', textBlock = """
                labour-wages     | 341302    | 341302-RSJ
                education        | 341502    | 341502-JYJ
                law-enforcement  | 341322    | 341322-GAJ
                labour-wages     | 341302001 | 341302-RSJ
                labour-wages     | 3413      | 3413-RSJ
                transport        | 341302    | 3413-JTJ
                transport        | 341302001 | 3413-JTJ
                provincial-roads | 341322101 | 34-JTJ
                village-affairs  | 341302001 | 341302001-ZF
                village-affairs  | 341302    | 341302-ZF
                """)
        void aCategoryGoesToItsDepartmentAtTheRulesStartLevelAboveTheLocation(String category, String location, String expected) {
            RoutingDecision.Target target = DECISION.initialTarget(category, location, List.of());
            assertEquals(expected, target.unit().code);
            assertNull(target.note(), "nothing out of the ordinary to explain");
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                341302    | 341302-XFJ
                341302001 | 341302-XFJ
                3415      | 3415-XFJ
                """)
        void anUnknownCategoryGoesToThePetitionBureauOfTheCountyWithAReason(String location, String expected) {
            RoutingDecision.Target target = DECISION.initialTarget("no-such-category", location, List.of());
            assertEquals(expected, target.unit().code);
            assertEquals("no routing rule for category no-such-category: the petition bureau dispatches it", target.note());
        }

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', textBlock = """
                341399    | 3413-XFJ
                341302999 | 3413-XFJ
                349999    | 34-XFJ
                3499      | 34-XFJ
                """)
        void anUnknownLocationGoesToItsCitysPetitionBureauElseTheProvincesForManualDispatch(String location, String expected) {
            RoutingDecision.Target target = DECISION.initialTarget("labour-wages", location, List.of());
            assertEquals(expected, target.unit().code);
            assertEquals("location " + location + " is not in the jurisdiction tree: for manual dispatch", target.note());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"640104", "640104001", "350102", "99"})
        void aLocationOfAnotherProvinceIsNeverRoutedHere(String location) {
            // not to the province's bureau "for manual dispatch": no unit of this deployment is responsible at all
            PoisonEventException poison = assertThrows(PoisonEventException.class,
                    () -> DECISION.initialTarget("labour-wages", location, List.of()));
            assertTrue(poison.getMessage().contains("outside this deployment's province (34)"), poison.getMessage());
        }
    }

    @Nested
    class Recusal {

        @ParameterizedTest(name = "{0} at {1} accusing [{2}] goes to {3}")
        @CsvSource(delimiter = '|', textBlock = """
                labour-wages     | 341302    | 341302-RSJ           | 3413-RSJ | 宿州市
                labour-wages     | 341302    | 341302-ZF            | 3413-RSJ | 宿州市
                labour-wages     | 341302    | 341302-XFJ           | 3413-RSJ | 宿州市
                labour-wages     | 341302001 | 341302-ZF            | 3413-RSJ | 宿州市
                law-enforcement  | 341322    | 341322-GAJ 341322-ZF | 3413-GAJ | 宿州市
                labour-wages     | 341302    | 3413-ZF              | 34-RSJ   | 安徽省
                labour-wages     | 341302    | 3413-RSJ             | 34-RSJ   | 安徽省
                labour-wages     | 341302    | 341302-RSJ 3413-RSJ  | 34-RSJ   | 安徽省
                transport        | 341302    | 3413-JTJ             | 34-JTJ   | 安徽省
                labour-wages     | 341302    | 34-RSJ               | 34-XFJ   | 安徽省
                labour-wages     | 341302    | 34-RSJ 34-XFJ        | 34-ZF    | 安徽省
                """)
        void anAccusedUnitRecusesItsDivisionAndEverythingUnderItSoTheCaseStartsHigherWithANote(
                String category, String location, String accusedCodes, String expected, String movedTo) {
            RoutingDecision.Target target = DECISION.initialTarget(category, location, accused(accusedCodes));
            assertEquals(expected, target.unit().code);
            assertTrue(RoutingDecision.mayHold(scope(location, accusedCodes), target.unit().code));
            assertEquals("regional recusal (地域回避): the petition accuses a unit at or under " + movedTo + "'s lower level",
                    target.note());
        }

        @Test
        void atTheProvinceAnAccusedProvincialDepartmentIsPassedOverForTheBureauThenTheGovernment() {
            // a rule that starts at the province moves no level: only the accused units themselves are passed over
            assertEquals("34-XFJ", DECISION.initialTarget("provincial-roads", "341302", List.of("34-JTJ")).unit().code);
            assertEquals("34-ZF", DECISION.initialTarget("provincial-roads", "341302", List.of("34-JTJ", "34-XFJ")).unit().code);
        }

        @ParameterizedTest(name = "{0} at {1} accusing [{2}] stays with {3}")
        @CsvSource(delimiter = '|', textBlock = """
                labour-wages | 341302    | 341302001-ZF | 341302-RSJ
                labour-wages | 341302    | 341322-RSJ   | 341302-RSJ
                labour-wages | 341302    | 341502-ZF    | 341302-RSJ
                labour-wages | 341302    | 3415-ZF      | 341302-RSJ
                labour-wages | 341302    | 341302-GAJ   | 3413-RSJ
                """)
        void anAccusationOutsideTheLocationsLineDoesNotMoveTheCaseButOneInsideItDoes(String category, String location,
                                                                                     String accusedCodes, String expected) {
            // a township government, a neighbouring county or another city are not above 埇桥区: its own units stay
            // neutral; any unit of 埇桥区 itself (here its public security bureau) recuses the whole county
            assertEquals(expected, DECISION.initialTarget(category, location, accused(accusedCodes)).unit().code);
        }

        @Test
        void whenTheProvincesDepartmentBureauAndGovernmentAreAllAccusedNoUnitTakesItAndTheEventIsPoison() {
            PoisonEventException poison = assertThrows(PoisonEventException.class, () -> DECISION.initialTarget(
                    "labour-wages", "341302", List.of("34-RSJ", "34-XFJ", "34-ZF")));
            assertTrue(poison.getMessage().contains("for manual dispatch"), poison.getMessage());
        }

        @ParameterizedTest(name = "[{0}] may not hold {1}")
        @CsvSource(delimiter = '|', textBlock = """
                341302-RSJ | 341302-RSJ
                341302-RSJ | 341302-XFJ
                341302-ZF  | 341302001-ZF
                3413-ZF    | 341322-GAJ
                34-RSJ     | 34-RSJ
                34-RSJ     | 3413-RSJ
                """)
        void theInvariantRefusesAnAccusedUnitAndAnyUnitUnderItsDivision(String accusedCodes, String unit) {
            assertFalse(RoutingDecision.mayHold(scope("341302", accusedCodes), unit));
        }

        @ParameterizedTest(name = "[{0}] may hold {1}")
        @CsvSource(delimiter = '|', textBlock = """
                341302-RSJ   | 3413-RSJ
                341302001-ZF | 341302-XFJ
                3413-ZF      | 34-RSJ
                34-RSJ       | 34-XFJ
                ''           | 341302-RSJ
                """)
        void theInvariantLetsEveryOtherUnitHoldTheCase(String accusedCodes, String unit) {
            assertTrue(RoutingDecision.mayHold(scope("341302", accusedCodes), unit));
        }
    }

    @Nested
    class Escalation {

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', textBlock = """
                341302-RSJ   | 3413-RSJ
                341322-GAJ   | 3413-GAJ
                341302-XFJ   | 3413-XFJ
                3413-RSJ     | 34-RSJ
                3415-JYJ     | 34-JYJ
                341302001-ZF | 341302-ZF
                """)
        void escalationGoesOneLevelUpToTheSameDepartmentCountyToCityToProvinceTownshipToCounty(String from, String expected) {
            RoutingDecision.Target target = DECISION.escalationTarget(unit(from), scope("341302", null));
            assertEquals(expected, target.unit().code);
            assertNull(target.note());
        }

        @Test
        void atTheProvinceTheCaseStaysWithTheProvincialUnitForTheCoveringLeadersDedicatedTeam() {
            RoutingDecision.Target target = DECISION.escalationTarget(unit("34-RSJ"), scope("341302", null));
            assertEquals("34-RSJ", target.unit().code, "nothing is higher than the province");
            assertEquals("at province level: for the covering provincial leader and a dedicated team (专班)", target.note());
        }

        @Test
        void escalationToTheProvinceOfACaseAccusingTheProvincialDepartmentGoesToTheProvincesBureau() {
            RoutingDecision.Target target = DECISION.escalationTarget(unit("3413-RSJ"), scope("341302", "34-RSJ"));
            assertEquals("34-XFJ", target.unit().code);
        }

        @Test
        void atTheProvinceACaseAccusingAProvincialDepartmentStaysWithTheProvincesBureau() {
            RoutingDecision.Target target = DECISION.escalationTarget(unit("34-XFJ"), scope("341302", "34-RSJ"));
            assertEquals("34-XFJ", target.unit().code);
            assertEquals("at province level: for the covering provincial leader and a dedicated team (专班)", target.note());
        }

        @ParameterizedTest(name = "{0} accusing [{1}] → {2}")
        @CsvSource(delimiter = '|', textBlock = """
                341322-RSJ   | 3413-ZF    | 34-RSJ
                341322-RSJ   | 3413-RSJ   | 34-RSJ
                341302001-ZF | 341302-RSJ | 3413-ZF
                """)
        void escalationSkipsARecusedLevel(String from, String accusedCodes, String expected) {
            RoutingDecision.Target target = DECISION.escalationTarget(unit(from), scope("341302", accusedCodes));
            assertEquals(expected, target.unit().code);
            assertTrue(target.note().startsWith("regional recusal (地域回避)"), target.note());
        }

        @Test
        void reviewAndReReviewTakeTheSameStepUpAsEscalation() {
            // 复查 by the level above the unit that replied, 复核 by the level above the reviewer
            Unit replied = unit("341302-JYJ");
            Unit reviewer = DECISION.escalationTarget(replied, scope("341302", null)).unit();
            Unit reReviewer = DECISION.escalationTarget(reviewer, scope("341302", null)).unit();
            assertEquals(List.of("3413-JYJ", "34-JYJ"), List.of(reviewer.code, reReviewer.code));
        }

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', textBlock = """
                REVIEW_REQUESTED    | REVIEW
                RE_REVIEW_REQUESTED | RE_REVIEW
                CANNOT_RESOLVE      | ESCALATION
                DEADLINE_BREACHED   | ESCALATION
                LEADER_INSTRUCTION  | ESCALATION
                """)
        void theRequestsReasonNamesTheAssignmentsReason(EscalationRequested.Reason requested, Assignment.Reason expected) {
            assertEquals(expected, RoutingDecision.reasonOf(requested));
        }
    }

    @Nested
    class Return {

        @ParameterizedTest(name = "{0} accusing [{1}] returns to {2}")
        @CsvSource(delimiter = '|', textBlock = """
                341302-RSJ   | ''         | 341302-XFJ
                3413-GAJ     | ''         | 3413-XFJ
                34-JYJ       | ''         | 34-XFJ
                3413-GAJ     | 341322-ZF  | 3413-XFJ
                341302-RSJ   | 341302-GAJ | 3413-XFJ
                341302001-ZF | ''         | 341302-XFJ
                """)
        void aReturnGoesToThePetitionBureauOfTheReturningUnitsLevelOrTheNearestFreeOneAbove(String from, String accusedCodes,
                                                                                          String expected) {
            assertEquals(expected, DECISION.returnTarget(unit(from), scope("341302", accusedCodes)).unit().code);
        }

        @Test
        void aTownshipGovernmentsReturnGoesToItsCountysBureauNotBackToItself() {
            assertEquals("341322-XFJ", DECISION.returnTarget(unit("341322101-ZF"), scope("341322101", null)).unit().code);
        }

        @Test
        void aUnitMayReturnACaseOnceAndNeverFromAPetitionBureau() {
            assertDoesNotThrow(() -> RoutingDecision.checkReturn(unit("341302-RSJ"), null));
            ProblemException twice = assertThrows(ProblemException.class,
                    () -> RoutingDecision.checkReturn(unit("341302-XFJ"), "341302-RSJ"));
            assertEquals(409, twice.problem().status());
            assertTrue(twice.problem().type().toString().endsWith("already-returned"), twice.problem().type().toString());
            ProblemException bureau = assertThrows(ProblemException.class,
                    () -> RoutingDecision.checkReturn(unit("341302-XFJ"), null));
            assertEquals(409, bureau.problem().status());
            assertTrue(bureau.problem().type().toString().endsWith("bureau-cannot-return"), bureau.problem().type().toString());
        }
    }

    @Nested
    class Reassignment {

        private static CallerScope supervisor(String jurisdiction) {
            return new CallerScope("s", Set.of(Roles.SUPERVISOR), Optional.empty(), Optional.ofNullable(jurisdiction));
        }

        private static int refusal(CallerScope caller, CaseScope scope, String target) {
            try {
                RoutingDecision.checkReassignment(caller, scope, unit(target));
                return 0;
            } catch (ProblemException refused) {
                return refused.problem().status();
            }
        }

        @ParameterizedTest(name = "supervisor of {0}, accusing [{1}], to {2}: {3}")
        @CsvSource(delimiter = '|', textBlock = """
                3413   | ''         | 341322-RSJ   | 0
                3413   | ''         | 3413-XFJ     | 0
                3413   | ''         | 341302001-ZF | 0
                3413   | ''         | 341502-RSJ   | 403
                3413   | ''         | 34-RSJ       | 403
                341302 | ''         | 3413-RSJ     | 403
                341302 | ''         | 341322-RSJ   | 403
                34     | ''         | 341502-RSJ   | 0
                3413   | 341322-RSJ | 341322-RSJ   | 422
                3413   | 341322-RSJ | 341322-GAJ   | 422
                3413   | 341322-RSJ | 341322101-ZF | 422
                3413   | 341322-RSJ | 341302-RSJ   | 0
                34     | 3413-ZF    | 341302-RSJ   | 422
                34     | 34-RSJ     | 34-RSJ       | 422
                34     | 34-RSJ     | 3413-RSJ     | 422
                34     | 34-RSJ     | 34-XFJ       | 0
                """)
        void aSupervisorMovesACaseOnlyInsideTheirJurisdictionAndNeverIntoTheRecusalSet(String jurisdiction, String accusedCodes,
                                                                                      String target, int status) {
            // 0: allowed; 403 outside the jurisdiction (checked first); 422 into the recusal set (回避)
            assertEquals(status, refusal(supervisor(jurisdiction), scope("341322", accusedCodes), target));
        }

        @Test
        void aSupervisorWithoutAJurisdictionMovesNothing() {
            assertEquals(403, refusal(supervisor(null), scope("341322", null), "341322-RSJ"));
        }
    }
}

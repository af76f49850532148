package gov.petitions.platform.security;

import gov.petitions.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerScopeTest {

    // a case in 萧县 (341322) that accuses 萧县人社局, now at 宿州市人社局 (recusal moved it up)
    static final CaseScope ACCUSES_XIAO_RSJ = CaseScope.of("341322", "3413-RSJ", List.of("341322-RSJ"));
    static final CaseScope PLAIN_XIAO = CaseScope.of("341322", "341322-RSJ", List.of());

    static CallerScope supervisor(String jurisdiction) {
        return new CallerScope("s", Set.of(Roles.SUPERVISOR), Optional.empty(), Optional.ofNullable(jurisdiction));
    }

    static CallerScope handler(String unit) {
        return new CallerScope("h", Set.of(Roles.HANDLER), Optional.ofNullable(unit), Optional.empty());
    }

    @Test
    void theAccusedCountysOwnSupervisorDoesNotSeeTheCase() {
        assertFalse(supervisor("341322").maySee(ACCUSES_XIAO_RSJ));
        assertFalse(supervisor("341322").maySupervise(ACCUSES_XIAO_RSJ));
        assertTrue(supervisor("3413").maySee(ACCUSES_XIAO_RSJ));
        assertTrue(supervisor("34").maySee(ACCUSES_XIAO_RSJ));
        assertTrue(supervisor("341322").maySee(PLAIN_XIAO));
    }

    @Test
    void everyUnitAtOrUnderAnAccusedDivisionIsRecused() {
        CaseScope accusesCountyGovernment = CaseScope.of("341322", "3413-ZF", List.of("341322-ZF"));
        assertTrue(accusesCountyGovernment.recuses("341322-ZF"));
        assertTrue(accusesCountyGovernment.recuses("341322-RSJ"));
        assertTrue(accusesCountyGovernment.recuses("341322101-ZF"));
        assertTrue(accusesCountyGovernment.recuses("341322"));
        assertFalse(accusesCountyGovernment.recuses("3413-ZF"));
        assertFalse(accusesCountyGovernment.recuses("3413"));
        assertFalse(accusesCountyGovernment.recuses("341321-ZF"));
    }

    @Test
    void atTheProvinceTheAccusedUnitAndEverythingBelowAreRecusedButNotTheProvincesOtherUnits() {
        CaseScope accusesProvincialDepartment = CaseScope.of("341322", "34-XFJ", List.of("34-RSJ"));
        assertTrue(accusesProvincialDepartment.recuses("34-RSJ"));
        assertTrue(accusesProvincialDepartment.recuses("341322-RSJ"));
        assertTrue(accusesProvincialDepartment.recuses("3413"));
        assertFalse(accusesProvincialDepartment.recuses("34-XFJ"));
        assertFalse(accusesProvincialDepartment.recuses("34"));
        assertFalse(supervisor("3413").maySee(accusesProvincialDepartment));
        assertTrue(supervisor("34").maySee(accusesProvincialDepartment));
        assertTrue(handler("34-XFJ").maySee(accusesProvincialDepartment));
        assertFalse(handler("34-RSJ").maySee(CaseScope.of("341322", "34-RSJ", List.of("34-RSJ"))));
    }

    @Test
    void aHandlerOfTheAccusedUnitNeverSeesTheCaseEvenIfItWereAssignedThere() {
        CaseScope wronglyAssigned = CaseScope.of("341322", "341322-RSJ", List.of("341322-RSJ"));
        assertFalse(handler("341322-RSJ").maySee(wronglyAssigned));
        assertTrue(handler("341322-RSJ").maySee(PLAIN_XIAO));
        assertFalse(handler("341322-GAJ").maySee(PLAIN_XIAO));
    }

    @Test
    void otherJurisdictionsSeeNothing() {
        assertFalse(supervisor("3415").maySee(PLAIN_XIAO));
        assertThrows(ProblemException.class, () -> supervisor("3413").subtree("3415"));
        assertEquals("341322", supervisor("3413").subtree("341322"));
    }

    @Test
    void failsClosedWithoutAUsableClaim() {
        for (String missing : new String[] {null, "", " ", "3", "99", "34%", "3413' or 1=1"}) {
            CallerScope s = supervisor(missing);
            assertFalse(s.maySee(PLAIN_XIAO), "jurisdiction '" + missing + "'");
            assertThrows(ProblemException.class, s::subtree, "jurisdiction '" + missing + "'");
        }
        assertFalse(handler(null).maySee(PLAIN_XIAO));
        assertFalse(handler("").maySee(CaseScope.of("341322", null, List.of())));
        CallerScope noRole = new CallerScope("x", Set.of(), Optional.empty(), Optional.of("34"));
        assertFalse(noRole.maySee(PLAIN_XIAO));
        assertThrows(ProblemException.class, noRole::subtree);
        CallerScope handlerWithJurisdiction = new CallerScope("h", Set.of(Roles.HANDLER), Optional.of("341322-GAJ"), Optional.of("34"));
        assertFalse(handlerWithJurisdiction.maySee(PLAIN_XIAO), "a handler is scoped by unit, not by a jurisdiction claim");
    }

    @Test
    void servicesAndAuditorsSeeTheProvince() {
        CallerScope auditor = new CallerScope("a", Set.of(Roles.AUDITOR), Optional.empty(), Optional.empty());
        assertTrue(auditor.maySee(ACCUSES_XIAO_RSJ));
        assertEquals("34", auditor.subtree());
        assertFalse(auditor.maySupervise(PLAIN_XIAO), "an auditor reads, it does not act");
    }

    @Test
    void aJurisdictionOfAnotherProvinceCoversNothingHere() {
        // the deployment here is the default one (petitions.province.code=34): a Ningxia claim covers none of its cases
        assertEquals("34", CallerScope.province());
        for (String elsewhere : new String[] {"64", "6401", "640104", "640104001"}) {
            CallerScope s = supervisor(elsewhere);
            assertFalse(s.maySee(PLAIN_XIAO), "jurisdiction '" + elsewhere + "'");
            assertFalse(s.maySupervise(PLAIN_XIAO), "jurisdiction '" + elsewhere + "'");
            assertFalse(s.maySee(ACCUSES_XIAO_RSJ), "jurisdiction '" + elsewhere + "'");
        }
        assertThrows(ProblemException.class, () -> supervisor("34").subtree("6401"), "a subtree outside the province");
        assertEquals("3413", supervisor("34").subtree("3413"));
    }
}

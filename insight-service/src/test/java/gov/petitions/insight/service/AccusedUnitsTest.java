package gov.petitions.insight.service;

import gov.petitions.platform.security.CaseScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recusal set of a hot spot stays small without ever recusing less. */
class AccusedUnitsTest {

    static final AccusedUnits ANHUI = new AccusedUnits("34");

    @Test
    void aSmallUnionIsExactSortedAndDropsWhatIsNotAUnitCode() {
        assertEquals(List.of("3413-ZF", "341302-RSJ"),
                ANHUI.union(List.of("3413-ZF", "341302-RSJ"), java.util.Arrays.asList("3413-ZF", null, "bad code")));
        assertEquals(List.of(), ANHUI.union(null, List.of()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(textBlock = """
            3413-ZF,        true
            341302-RSJ,     true
            34-GAT,         true
            341302101-ZF,   true
            3413-zf,        false
            ' 3413-ZF',     false
            -3413-ZF,       false
            3,              false
            3413_ZF,        false
            '',             false
            """)
    void aUnitCodeIsUpperCaseLettersDigitsAndDashesNotStartingWithADash(String code, boolean valid) {
        assertEquals(valid, AccusedUnits.valid(code));
    }

    @Test
    void exactlyTheBoundIsKeptAsItIsAndOneMoreWidensToCityGovernments() {
        List<String> twenty = new ArrayList<>();
        for (int county = 1; county <= AccusedUnits.MAX; county++) {
            twenty.add(String.format("3413%02d-RSJ", county));
        }
        assertEquals(twenty, ANHUI.union(twenty, List.of()), "at the bound nothing is widened");
        assertEquals(List.of("3413-ZF"), ANHUI.union(twenty, List.of("341399-RSJ")),
                "past it, every unit of 宿州市 stands as 宿州市's government");
    }

    @Test
    void pastTheBoundUnitsStandAsTheirCityGovernmentAndNothingRecusedBeforeIsShownAfter() {
        List<String> many = new ArrayList<>();
        for (int county = 1; county <= 12; county++) {
            many.add(String.format("3413%02d-RSJ", county));
            many.add(String.format("3401%02d-GAJ", county));
        }
        many.add("34-GAT");
        many.add("341302101-ZF");
        List<String> bounded = ANHUI.union(List.of(), many);
        assertTrue(bounded.size() <= AccusedUnits.MAX, bounded.toString());
        assertEquals(List.of("34-GAT", "3401-ZF", "3413-ZF"), bounded);
        CaseScope exact = CaseScope.of("341302", null, many);
        CaseScope wider = CaseScope.of("341302", null, bounded);
        for (String jurisdiction : List.of("34", "3413", "341302", "341302101", "3401", "340101", "3402", "340201",
                "341302-RSJ", "34-GAT", "34-JYT")) {
            if (exact.recuses(jurisdiction)) {
                assertTrue(wider.recuses(jurisdiction), jurisdiction + " was recused and must stay so");
            }
        }
        assertFalse(wider.recuses("34"), "the province's supervisors still oversee it");
    }

    @Test
    void anotherProvincesCitiesAreWidenedByItsOwnCode() {
        AccusedUnits jiangsu = new AccusedUnits("32");
        List<String> many = new ArrayList<>();
        for (int county = 1; county <= AccusedUnits.MAX; county++) {
            many.add(String.format("3201%02d-RSJ", county));
        }
        many.add("32-GAT");
        assertEquals(List.of("32-GAT", "3201-ZF"), jiangsu.union(List.of(), many),
                "南京市's units stand as 南京市's government, and the province's own unit is kept");
        many.set(0, "34-GAT");
        assertEquals(List.of("32-GAT", "3201-ZF", "34-GAT"), jiangsu.union(List.of(), many),
                "a unit of another province is neither a city's nor the province's own: kept last, not widened");
    }

    @ParameterizedTest
    @CsvSource({"3", "340", "04", "ab", "''"})
    void aProvinceCodeIsTwoDigits(String code) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new AccusedUnits(code));
    }
}

package gov.petitions.insight.service;

import gov.petitions.platform.security.CaseScope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recusal set of a hot spot stays small without ever recusing less. */
class AccusedUnitsTest {

    @Test
    void aSmallUnionIsExactSortedAndDropsWhatIsNotAUnitCode() {
        assertEquals(List.of("3413-ZF", "341302-RSJ"),
                AccusedUnits.union(List.of("3413-ZF", "341302-RSJ"), java.util.Arrays.asList("3413-ZF", null, "bad code")));
        assertEquals(List.of(), AccusedUnits.union(null, List.of()));
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
        List<String> bounded = AccusedUnits.union(List.of(), many);
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
}

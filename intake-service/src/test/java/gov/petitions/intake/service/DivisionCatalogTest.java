package gov.petitions.intake.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The division files are CSV: quoted names are read as CSV reads them, not by deleting quote characters. */
class DivisionCatalogTest {

    @Test
    void quotedNamesMayHoldCommasAndDoubledQuotes() throws IOException {
        Map<String, String> names = DivisionCatalog.namesIn(new StringReader(String.join("\n",
                "code,name,cityCode,provinceCode",
                "340102,\"瑶海区\",3401,34",
                "340103,\"庐阳区, 老城\",3401,34",
                "340104,\"蜀山\"\"区\"\"\",3401,34",
                "340111,包河区,3401,34",
                "", "")));
        assertEquals(List.of("340102", "340103", "340104", "340111"), List.copyOf(names.keySet()));
        assertEquals("瑶海区", names.get("340102"));
        assertEquals("庐阳区, 老城", names.get("340103"), "a comma inside quotes is part of the name");
        assertEquals("蜀山\"区\"", names.get("340104"), "a doubled quote is one quote");
        assertEquals("包河区", names.get("340111"), "unquoted names too");
    }

    @Test
    void aRowWithoutANameIsAnErrorNotASilentGap() {
        assertThrows(IllegalStateException.class, () -> DivisionCatalog.namesIn(new StringReader("code,name\n340102\n")));
        assertThrows(IllegalStateException.class, () -> DivisionCatalog.namesIn(new StringReader("code,name\n340102,\"\"\n")));
    }

    @Test
    void theShippedCatalogueReadsEveryLevel() {
        DivisionCatalog catalog = new DivisionCatalog();
        assertEquals("安徽省", catalog.divisionName("34").orElseThrow());
        assertEquals("合肥市", catalog.divisionName("3401").orElseThrow());
        assertEquals("瑶海区", catalog.nameOf("340102").orElseThrow());
        assertEquals("明光路街道", catalog.nameOf("340102001").orElseThrow());
        assertTrue(catalog.size() > 1_500, "counties and townships: " + catalog.size());
        assertTrue(catalog.nameOf("3401").isEmpty(), "a city is no petition location");
    }
}

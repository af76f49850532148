package gov.petitions.intake.search;

import gov.petitions.intake.service.DivisionCatalog;
import gov.petitions.platform.province.Province;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22: which categories and places a term names, and where a run of Chinese is cut at a name, on Anhui's
 * shipped division files and categories as V1 and V14 name them.
 */
class SearchNamesTest {

    private static final SearchNames.Catalogue NAMES = SearchNames.Catalogue.of(List.of(
                    new SearchNames.CategoryNames("labour-wages", "劳动和社会保障（欠薪）",
                            List.of("劳动保障", "拖欠工资", "工资拖欠", "欠薪", "讨薪")),
                    new SearchNames.CategoryNames("social-security", "社会保障", List.of("社保", "养老保险")),
                    new SearchNames.CategoryNames("education", "教育", List.of("招生考试")),
                    new SearchNames.CategoryNames("environment", "生态环境", List.of("环境污染"))),
            new DivisionCatalog(new Province.Standalone("34", "安徽省"), DivisionCatalog.shipped("34")).allNames());

    private static List<String> terms(String q) {
        return NAMES.split(SearchTerms.parse(q)).terms();
    }

    @Test
    void aPlaceNameResolvesToTheFewestPrefixesCoveringEveryPlaceUnderIt() {
        // the city, all its counties; and a county elsewhere whose own name holds 合肥 (阜阳合肥现代产业园区)
        assertEquals(List.of("3401", "341271"), NAMES.resolve("合肥").placePrefixes());
        assertEquals(List.of("340122"), NAMES.resolve("肥东").placePrefixes()); // the county and its townships
        assertEquals(List.of("340122"), NAMES.resolve("合肥市肥东县").placePrefixes()); // across two levels
        assertEquals(List.of("340122101"), NAMES.resolve("撮镇").placePrefixes()); // a township
        assertEquals(List.of("34"), NAMES.resolve("安徽").placePrefixes()); // the province: everything
        assertEquals(List.of(), NAMES.resolve("拖欠工资").placePrefixes());
        assertEquals(List.of(), NAMES.resolve("%_\\'").placePrefixes());
    }

    @Test
    void aCategoryIsNamedByItsNameAndItsOtherNames() {
        assertEquals(Set.of("labour-wages"), NAMES.resolve("拖欠工资").categoryCodes());
        assertEquals(Set.of("labour-wages"), NAMES.resolve("欠薪").categoryCodes());
        assertEquals(Set.of("labour-wages", "social-security"), NAMES.resolve("社会保障").categoryCodes());
        assertEquals(Set.of(), NAMES.resolve("合肥").categoryCodes());
        assertEquals("劳动和社会保障（欠薪） · 拖欠工资", NAMES.categoryLabel("labour-wages", List.of("拖欠工资", "肥东")));
        assertEquals("劳动和社会保障（欠薪）", NAMES.categoryLabel("labour-wages", List.of("肥东")));
        assertEquals("安徽省合肥市肥东县撮镇镇", NAMES.placePath("340122101"));
        assertTrue(NAMES.placeMatches("340122101", List.of("撮镇")));
        assertFalse(NAMES.placeMatches("341302", List.of("肥东")));
    }

    @Test
    void aRunOfChineseIsCutWhereItHoldsAName() {
        assertEquals(List.of("肥东", "拖欠工资"), terms("肥东拖欠工资"));
        assertEquals(List.of("肥东", "拖欠工资"), terms("肥东 拖欠工资"));
        assertEquals(List.of("合肥市", "肥东县", "撮镇镇", "拖欠工资"), terms("合肥市肥东县撮镇镇拖欠工资"));
        assertEquals(List.of("肥东县", "农民工工资", "拖欠"), terms("肥东县农民工工资被拖欠"));
        // phrasings that hold no name stay as the particle cut left them
        assertEquals(List.of("农民工工资", "拖欠"), terms("农民工工资被拖欠"));
        assertEquals(List.of("拖欠农民工工资"), terms("拖欠农民工工资"));
        assertEquals(List.of("物业公司乱收费"), terms("物业公司乱收费"));
        assertEquals(List.of("%_\\'", "--"), terms("%_\\'\";--"));
        // a lone character left by the cut: a letter is dropped, anything else stays literal text to find
        assertEquals(List.of("肥东"), terms("去肥东"));
        assertEquals(List.of("肥东", "%"), terms("肥东%"));
        assertEquals(List.of("撮镇", "5"), terms("撮镇5"));
    }
}

package gov.petitions.intake.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The short forms a citizen writes in front of a unit's name, for any province's divisions: a province, city or county
 * without its 省/市/县, an autonomous one (民族自治地方) without its people and 自治….
 */
class AccusedUnitsAliasesTest {

    @Test
    void aProvinceCityOrCountyDropsItsLevel() {
        assertEquals(List.of("安徽省", "安徽"), AccusedUnits.aliases("安徽省"));
        assertEquals(List.of("宿州市", "宿州"), AccusedUnits.aliases("宿州市"));
        assertEquals(List.of("兴庆区", "兴庆"), AccusedUnits.aliases("兴庆区"));
        assertEquals(List.of("萧县"), AccusedUnits.aliases("萧县"), "one character plus 县 is never shortened");
    }

    @Test
    void anAutonomousDivisionDropsItsPeopleAndAutonomy() {
        assertEquals(List.of("宁夏回族自治区", "宁夏"), AccusedUnits.aliases("宁夏回族自治区"));
        assertEquals(List.of("新疆维吾尔自治区", "新疆"), AccusedUnits.aliases("新疆维吾尔自治区"));
        assertEquals(List.of("内蒙古自治区", "内蒙古"), AccusedUnits.aliases("内蒙古自治区"));
        assertEquals(List.of("恩施土家族苗族自治州", "恩施"), AccusedUnits.aliases("恩施土家族苗族自治州"));
        assertEquals(List.of("莫力达瓦达斡尔族自治旗", "莫力达瓦"), AccusedUnits.aliases("莫力达瓦达斡尔族自治旗"));
    }
}

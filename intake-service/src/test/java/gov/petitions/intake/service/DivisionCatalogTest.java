package gov.petitions.intake.service;

import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.province.Province;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The division files are CSV: quoted names are read as CSV reads them, not by deleting quote characters. The catalogue
 * is the configured province's, from any province's NBS files: Anhui's shipped ones, Ningxia's (test resources), or
 * the whole-country files, whose other provinces are skipped.
 */
class DivisionCatalogTest {

    private static final Province ANHUI = new Province.Standalone("34", "安徽省");
    private static final Province NINGXIA = new Province.Standalone("64", "宁夏回族自治区");

    /** What the catalogue reads for Anhui when intake.divisions.files is unset. */
    private static final List<String> SHIPPED = DivisionCatalog.shipped("34");

    /** intake.divisions.files (INTAKE_DIVISIONS_FILES) not set. */
    private static final IntakeConfig.Divisions UNSET = Optional::empty;

    private static final List<String> NINGXIA_FILES = List.of("classpath:divisions/64/province.csv",
            "classpath:divisions/64/cities.csv", "classpath:divisions/64/counties.csv", "classpath:divisions/64/townships.csv");

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
        DivisionCatalog catalog = new DivisionCatalog(ANHUI, SHIPPED);
        assertEquals("安徽省", catalog.divisionName("34").orElseThrow());
        assertEquals("合肥市", catalog.divisionName("3401").orElseThrow());
        assertEquals("瑶海区", catalog.nameOf("340102").orElseThrow());
        assertEquals("明光路街道", catalog.nameOf("340102001").orElseThrow());
        assertTrue(catalog.size() > 1_500, "counties and townships: " + catalog.size());
        assertTrue(catalog.nameOf("3401").isEmpty(), "a city is no petition location");
    }

    @Test
    void theShippedFilesAreThoseOfTheConfiguredCode() {
        assertEquals(List.of("classpath:divisions/34/province.csv", "classpath:divisions/34/cities.csv",
                "classpath:divisions/34/counties.csv", "classpath:divisions/34/townships.csv"), SHIPPED);
    }

    /**
     * A second province with nothing set but the province: intake.divisions.files unset, the catalogue reads
     * divisions/64/ (here the test resources' Ningxia files, on the classpath as a jar's would be), as the injected
     * constructor does.
     */
    @Test
    void ningxiaLoadsWithoutSettingTheFiles() {
        DivisionCatalog catalog = new DivisionCatalog(NINGXIA, UNSET);
        assertEquals(22 + 259, catalog.size(), "Ningxia's 22 county-level units and 259 townships");
        assertEquals("银川市", catalog.divisionName("6401").orElseThrow());
        assertTrue(catalog.nameOf("341302").isEmpty(), "nothing of Anhui");

        DivisionCatalog anhui = new DivisionCatalog(ANHUI, UNSET);
        assertEquals("埇桥区", anhui.nameOf("341302").orElseThrow(), "Anhui's shipped files, by its code alone");
        assertTrue(anhui.nameOf("640104").isEmpty());
    }

    @Test
    void ningxiaLoadsFromItsOwnNbsFiles() {
        DivisionCatalog catalog = new DivisionCatalog(NINGXIA, NINGXIA_FILES);
        assertEquals(22 + 259, catalog.size(), "Ningxia's 22 county-level units and 259 townships");
        assertEquals("宁夏回族自治区", catalog.divisionName("64").orElseThrow());
        assertEquals("银川市", catalog.divisionName("6401").orElseThrow());
        assertEquals("兴庆区", catalog.nameOf("640104").orElseThrow());
        assertEquals("凤凰北街街道", catalog.nameOf("640104001").orElseThrow());
        assertTrue(catalog.nameOf("341302").isEmpty(), "nothing of Anhui");
        assertTrue(catalog.divisionName("34").isEmpty(), "nothing of Anhui");
    }

    /**
     * The whole-country files' layout (china-provinces.csv, china-cities.csv, china-areas.csv, china-streets.csv of the
     * NBS data set), here with rows of Beijing, Anhui and Ningxia: only Ningxia's are kept.
     */
    @Test
    void theWholeCountryFilesServeAnyProvinceTheOthersSkipped(@TempDir Path dir) throws IOException {
        Path provinces = write(dir, "china-provinces.csv", "code,name", "11,\"北京市\"", "34,\"安徽省\"", "64,\"宁夏回族自治区\"");
        Path cities = write(dir, "china-cities.csv", "code,name,provinceCode", "1101,\"市辖区\",11", "3413,\"宿州市\",34",
                "6401,\"银川市\",64");
        Path areas = write(dir, "china-areas.csv", "code,name,cityCode,provinceCode", "110101,\"东城区\",1101,11",
                "341302,\"埇桥区\",3413,34", "640104,\"兴庆区\",6401,64", "640105,\"西夏区\",6401,64");
        Path streets = write(dir, "china-streets.csv", "code,name,areaCode,provinceCode,cityCode",
                "110101001,\"东华门街道\",110101,11,1101", "640104001,\"凤凰北街街道\",640104,64,6401");
        List<String> files = List.of(provinces.toString(), cities.toString(), areas.toString(), streets.toString());

        DivisionCatalog ningxia = new DivisionCatalog(NINGXIA, files);
        assertEquals(3, ningxia.size(), "兴庆区, 西夏区 and 凤凰北街街道 only");
        assertEquals("西夏区", ningxia.nameOf("640105").orElseThrow());
        assertTrue(ningxia.nameOf("341302").isEmpty() && ningxia.nameOf("110101").isEmpty()
                && ningxia.nameOf("110101001").isEmpty());

        DivisionCatalog anhui = new DivisionCatalog(ANHUI, files);
        assertEquals("埇桥区", anhui.nameOf("341302").orElseThrow(), "the same files, another deployment");
        assertTrue(anhui.nameOf("640104").isEmpty());
    }

    @Test
    void filesOfAnotherProvinceStopTheStartSayingWhatToSet() {
        // Ningxia configured, the default (Anhui's) files left: no row of the province
        IllegalStateException wrongFiles = assertThrows(IllegalStateException.class, () -> new DivisionCatalog(NINGXIA, SHIPPED));
        assertTrue(wrongFiles.getMessage().contains("not those of 宁夏回族自治区 (64)")
                && wrongFiles.getMessage().contains("INTAKE_DIVISIONS_FILES"), wrongFiles.getMessage());
        // the code of one province and the name of another
        IllegalStateException wrongName = assertThrows(IllegalStateException.class,
                () -> new DivisionCatalog(new Province.Standalone("64", "安徽省"), NINGXIA_FILES));
        assertTrue(wrongName.getMessage().contains("call 64 宁夏回族自治区"), wrongName.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new DivisionCatalog(NINGXIA, List.of("classpath:divisions/99/province.csv")));
        assertTrue(missing.getMessage().contains("INTAKE_DIVISIONS_FILES"), missing.getMessage());
    }

    @Test
    void aMalformedCodeOfTheProvinceIsAnError(@TempDir Path dir) throws IOException {
        Path bad = write(dir, "counties.csv", "code,name", "64,\"宁夏回族自治区\"", "64010,\"五位码\"");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DivisionCatalog(NINGXIA, List.of(bad.toString())));
        assertTrue(e.getMessage().contains("64010"), e.getMessage());
    }

    private static Path write(Path dir, String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}

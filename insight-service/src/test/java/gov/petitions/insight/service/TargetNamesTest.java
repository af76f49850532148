package gov.petitions.insight.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The names petitioners write for one accused unit or company meet in one target (README.md, "Cells"). */
class TargetNamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            安徽华建建设有限公司          | 安徽华建建设
            安徽华建建设有限责任公司      | 安徽华建建设
            安徽 华建建设公司             | 安徽华建建设
            （安徽）华建建设有限公司      | 安徽华建建设
            ' 安徽华建建设股份有限公司 '  | 安徽华建建设
            安徽华建建设集团有限公司      | 安徽华建建设
            安徽华建建设集团公司          | 安徽华建建设
            ＡＢＣ建材有限公司            | abc建材
            Abc 建材                      | abc建材
            某县第一中学。                | 某县第一中学
            "某县""第一""中学"            | 某县第一中学
            华建-建设                     | 华建建设
            """)
    void theSpellingsOfOneEmployerNormaliseToOneName(String written, String normalised) {
        assertEquals(normalised, TargetNames.normalise(written));
    }

    @Test
    void onlyOneLegalFormIsDroppedAndOnlyAtTheEnd() {
        assertEquals("有限公司建材", TargetNames.normalise("有限公司建材"), "a legal form inside the name stays");
        assertEquals("华建有限公司", TargetNames.normalise("华建有限公司有限公司"), "one legal form is dropped, not two");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", " 、 ", "（）", "\u3000"})
    void aNameOfNothingButSpaceAndPunctuationIsNoName(String written) {
        assertNull(TargetNames.normalise(written));
    }

    @Test
    void invisibleCharactersDoNotMakeAnotherTarget() {
        String plain = TargetNames.normalise("安徽华建建设有限公司");
        for (String disguised : new String[] {
                "安徽\u200B华建建设有限公司",          // zero-width space
                "安徽华\u200C建\u200D建设有限公司",    // zero-width non-joiner, joiner
                "\uFEFF安徽华建建设有限公司\u2060",     // byte-order mark, word joiner
                "安徽\u202E华建建设\u202C有限公司",     // bidi override and pop
                "安徽\u200E华建\u2066建设\u2069有限公司", // bidi mark and isolate
                "安徽华建\uDB40\uDC41建设有限公司",     // a tag character (U+E0041)
                "安徽华建\uE000建设有限公司",           // private use
                "安徽华建建设有限公司\uFE0F"}) {        // variation selector
            assertEquals(plain, TargetNames.normalise(disguised), disguised.codePoints().mapToObj(Integer::toHexString).toList().toString());
        }
        assertNull(TargetNames.normalise("\u200B\u200D\u202E"));
    }
}

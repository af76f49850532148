package gov.petitions.insight.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TargetNamesTest {

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

package gov.petitions.insight.service;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Makes the names petitioners give for an accused unit or company comparable: "安徽 华建建设有限责任公司",
 * "安徽华建建设有限公司" and "（安徽）华建建设公司" typed with full-width brackets are one employer to a
 * leader, so they must be one target to the counts.
 */
public final class TargetNames {

    // longest first: the legal form says nothing about which employer it is, and petitioners rarely write it exactly
    private static final List<String> LEGAL_FORMS = List.of("股份有限公司", "有限责任公司", "集团有限公司", "有限公司",
            "集团公司", "公司");

    private TargetNames() {
    }

    /** The comparable form, or null when nothing of a name is left. */
    public static String normalise(String name) {
        if (name == null) {
            return null;
        }
        // NFKC turns full-width letters, digits and brackets into their half-width forms
        String text = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints()
                .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c))
                .filter(c -> !isPunctuation(c))
                // zero-width spaces and joiners, bidi marks, tag characters and private-use code points look like
                // nothing, and a zero-width space split one accused company into several targets
                .filter(c -> !isInvisible(c))
                .forEach(kept::appendCodePoint);
        String result = kept.toString();
        for (String form : LEGAL_FORMS) {
            if (result.endsWith(form) && result.length() > form.length()) {
                result = result.substring(0, result.length() - form.length());
                break;
            }
        }
        return result.isEmpty() ? null : result;
    }

    static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
    }

    private static boolean isPunctuation(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.MODIFIER_SYMBOL -> true;
            default -> c == '|';
        };
    }
}

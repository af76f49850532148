package gov.petitions.intake.service;

import java.util.HashSet;
import java.util.Set;

/**
 * How alike two descriptions of a matter are: the Dice coefficient of their character bigrams after dropping
 * spaces and punctuation. Bigrams suit Chinese, which has no spaces between words: "工资拖欠" and "拖欠工资" share
 * 工资 and 拖欠. 1.0 is the same text, 0.0 nothing in common. Deliberately simple, so a clerk can reason about it.
 */
public final class TextSimilarity {

    private TextSimilarity() {
    }

    public static double dice(String a, String b) {
        Set<String> left = bigrams(a);
        Set<String> right = bigrams(b);
        if (left.isEmpty() || right.isEmpty()) {
            return normalize(a).equals(normalize(b)) ? 1.0 : 0.0;
        }
        int shared = 0;
        for (String bigram : left) {
            if (right.contains(bigram)) {
                shared++;
            }
        }
        return 2.0 * shared / (left.size() + right.size());
    }

    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints()
                .filter(Character::isLetterOrDigit)
                .map(Character::toLowerCase)
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static Set<String> bigrams(String text) {
        int[] cps = normalize(text).codePoints().toArray();
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 1 < cps.length; i++) {
            grams.add(new String(cps, i, 2));
        }
        return grams;
    }
}

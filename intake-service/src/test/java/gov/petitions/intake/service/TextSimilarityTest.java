package gov.petitions.intake.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repeat rule's measure, without a running service: a petition repeats an earlier one of the same person, category
 * and county when the Dice coefficient of their texts' character bigrams is at least {@code intake.repeats.min-similarity}
 * (0.5 by default). These cases are the phrasings clerks see.
 */
class TextSimilarityTest {

    private static final double DEFAULT_THRESHOLD = 0.5;

    @Test
    void theSameTextIsOneAndNothingInCommonIsZero() {
        assertEquals(1.0, TextSimilarity.dice("拖欠农民工工资", "拖欠农民工工资"));
        assertEquals(0.0, TextSimilarity.dice("拖欠农民工工资", "噪音扰民"));
    }

    @Test
    void spacesPunctuationAndLetterCaseDoNotCount() {
        assertEquals(1.0, TextSimilarity.dice("拖欠 农民工，工资！", "拖欠农民工工资"));
        assertEquals(1.0, TextSimilarity.dice("Wage ARREARS", "wage arrears"));
        assertEquals(1.0, TextSimilarity.dice("工资（2026年）", "工资2026年"));
    }

    @Test
    void theSameMatterInAnotherWordOrderIsARepeat() {
        double reordered = TextSimilarity.dice("拖欠农民工工资", "农民工工资被拖欠");
        assertTrue(reordered >= DEFAULT_THRESHOLD, "reordered: " + reordered);
        assertEquals(TextSimilarity.dice("农民工工资被拖欠", "拖欠农民工工资"), reordered, "symmetric");
    }

    @Test
    void anotherMatterOfTheSameCategoryIsNotARepeat() {
        double other = TextSimilarity.dice("拖欠农民工工资三个月", "工伤认定不予受理");
        assertTrue(other < DEFAULT_THRESHOLD, "other matter: " + other);
    }

    @Test
    void bigramsAreCountedOnceEach() {
        // "哈哈哈哈" has one distinct bigram, as has "哈哈": the same set, so the same text for the rule
        assertEquals(1.0, TextSimilarity.dice("哈哈哈哈", "哈哈"));
        // 2 × 1 shared (工资) / (3 + 1 distinct bigrams)
        assertEquals(0.5, TextSimilarity.dice("拖欠工资", "工资"), 1e-9);
    }

    @Test
    void aTextTooShortForABigramIsOnlyAlikeWhenEqual() {
        assertEquals(1.0, TextSimilarity.dice("税", "税"));
        assertEquals(0.0, TextSimilarity.dice("税", "费"));
        assertEquals(0.0, TextSimilarity.dice("", "拖欠工资"));
        assertEquals(1.0, TextSimilarity.dice(null, "  "), "nothing against nothing");
    }
}

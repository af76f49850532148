package gov.petitions.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** TestTokens signs once per holder (an RS256 signature is ~14 ms in a C1-only test JVM) and never mixes holders up. */
class TestTokensTest {

    @BeforeAll
    static void keys() {
        new TestSecrets().start();
    }

    @Test
    void theSameHolderGetsTheSameTokenAndAnotherHolderItsOwn() throws InterruptedException {
        String handler = TestTokens.handler("3413-RSJ");
        // a token signed anew in a later second would differ (its iat): the same one means it was kept
        Thread.sleep(1_100);
        assertEquals(handler, TestTokens.handler("3413-RSJ"), "signed once, handed out again");
        String other = TestTokens.handler("3415-RSJ");
        assertNotEquals(handler, other);
        assertEquals("3413-RSJ", TestTokens.verifiedClaims("Bearer " + handler).get("unit").asText());
        assertEquals("3415-RSJ", TestTokens.verifiedClaims("Bearer " + other).get("unit").asText());
        // the same subject with another role or scope is another holder
        assertNotEquals(TestTokens.token("x", java.util.Set.of("leader"), null, "3413"),
                TestTokens.token("x", java.util.Set.of("leader"), null, "3415"));
        assertEquals("3415", TestTokens.verifiedClaims("Bearer " + TestTokens.token("x", java.util.Set.of("leader"), null, "3415"))
                .get("jurisdiction").asText());
    }
}

package gov.petitions.intake.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** intake.challenge.verify-url is checked at start: only an http(s) URL with a host, so the secret goes nowhere else. */
class ChallengeVerifierUrlTest {

    @Test
    void onlyHttpUrlsWithAHostAreAccepted() {
        assertEquals("https", ChallengeVerifier.checkedUrl("https://challenges.cloudflare.com/turnstile/v0/siteverify").getScheme());
        assertEquals("http", ChallengeVerifier.checkedUrl("HTTP://verifier.agency.internal:8080/siteverify").getScheme().toLowerCase());
        for (String bad : new String[]{"ftp://verifier.example/siteverify", "file:///etc/passwd", "javascript:alert(1)",
                "https:///siteverify", "//verifier.example/siteverify", "verifier.example/siteverify",
                "https://user:pass@verifier.example/siteverify", "https://verifier.example/siteverify#x", "http://bad host/"}) {
            assertThrows(IllegalStateException.class, () -> ChallengeVerifier.checkedUrl(bad), bad);
        }
    }

    @Test
    void tokensAreVisibleAsciiOfAtMost4096Characters() {
        assertTrue(ChallengeVerifier.wellFormed("0.AbC-_/+=" + "x".repeat(2000)));
        assertFalse(ChallengeVerifier.wellFormed(null));
        assertFalse(ChallengeVerifier.wellFormed(""));
        assertFalse(ChallengeVerifier.wellFormed("with space"));
        assertFalse(ChallengeVerifier.wellFormed("中文"));
        assertFalse(ChallengeVerifier.wellFormed("x".repeat(4097)));
    }
}

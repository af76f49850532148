package gov.petitions.intake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    Pii pii();

    /** The time zone in which tracking numbers carry their date (信访事项编号). */
    @WithDefault("Asia/Shanghai")
    String timeZone();

    /** Where the petitioner's progress lives; without it, status lookups show the registration only. */
    Supervision supervision();

    /** How a repeat petition (重复信访) is recognised; see README "Repeat petitions". */
    Repeats repeats();

    interface Repeats {
        /** How far back an earlier petition of the same person can be the original. */
        @WithDefault("P180D")
        java.time.Duration window();

        /** Dice coefficient of character bigrams of summary + text at or above which two matters are the same. */
        @WithDefault("0.5")
        double minSimilarity();
    }

    /** Public reception sessions (公开接访). */
    Reception reception();

    interface Reception {
        /** A session is announced (公示) at least this long before it starts. */
        @WithDefault("P7D")
        java.time.Period publicationLead();
    }

    interface Supervision {
        /** e.g. http://supervision-service:8083 */
        java.util.Optional<String> url();

        /** A bearer token with the service role (a secret; from the identity provider's client credentials). */
        java.util.Optional<String> token();

        @io.smallrye.config.WithDefault("PT5S")
        java.time.Duration timeout();
    }

    interface Pii {
        /** Base64 of a 256-bit AES key. Comes from a secret; the project's scripts generate one locally. */
        String encryptionKey();

        /** The id of the current key, written in front of every ciphertext (1–255). */
        @io.smallrye.config.WithDefault("1")
        int keyId();

        /** Keys being rotated out, by id, kept until POST /internal/pii/re-encryption reports nothing left. */
        java.util.Map<String, String> previousKeys();
    }
}

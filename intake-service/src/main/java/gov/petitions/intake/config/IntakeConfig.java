package gov.petitions.intake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    Pii pii();

    /** The time zone in which tracking numbers carry their date (信访事项编号). */
    @WithDefault("Asia/Shanghai")
    String timeZone();

    interface Pii {
        /** Base64 of a 256-bit AES key. Comes from a secret; the project's scripts generate one locally. */
        String encryptionKey();
    }
}

package gov.petitions.intake.material;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** ClamAV's daemon (clamd) that scans every material: INTAKE_CLAMD_HOST, INTAKE_CLAMD_PORT, INTAKE_CLAMD_TIMEOUT. */
@ConfigMapping(prefix = "intake.clamd")
public interface ClamdConfig {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("3310")
    int port();

    /** The longest wait for clamd's verdict (a 20 MB stream takes well under a second). */
    @WithDefault("PT30S")
    Duration timeout();
}

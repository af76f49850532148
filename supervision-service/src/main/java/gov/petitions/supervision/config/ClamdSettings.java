package gov.petitions.supervision.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * ClamAV's daemon (clamd) that scans every case document, as it scans intake's materials: SUPERVISION_CLAMD_HOST,
 * SUPERVISION_CLAMD_PORT, SUPERVISION_CLAMD_TIMEOUT (defaults as intake's).
 */
@ConfigMapping(prefix = "supervision.clamd")
public interface ClamdSettings {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("3310")
    int port();

    /** The longest wait for clamd's verdict (a 20 MB stream takes well under a second). */
    @WithDefault("PT30S")
    Duration timeout();
}

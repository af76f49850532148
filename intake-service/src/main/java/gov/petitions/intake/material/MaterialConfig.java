package gov.petitions.intake.material;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Limits on materials (材料) and where they wait while received; docs/configuration.md. */
@ConfigMapping(prefix = "intake.materials")
public interface MaterialConfig {

    /** The largest file; a larger upload is 413 (quarkus.http.limits.max-body-size must stay above it). */
    @WithDefault("20M")
    MemorySize maxFileSize();

    /** The most materials one petition may have (quarantined ones count). */
    @WithDefault("20")
    int maxPerPetition();

    /** The most bytes one petition's materials may have together. */
    @WithDefault("100M")
    MemorySize maxTotalPerPetition();

    /** An image's pixels (all pages of a TIFF together): decoding for re-encoding holds them in memory. */
    @WithDefault("50000000")
    long maxImagePixels();

    /** Where an upload is written while received and checked (private files, deleted at once); default: the JVM's temp dir. */
    Optional<String> workDir();

    /** How often materials still PENDING (clamd was unavailable) are scanned again. */
    @WithDefault("30s")
    String rescanInterval();
}

package gov.petitions.supervision.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Limits on a case's documents (材料) and where an upload waits while received; docs/configuration.md. */
@ConfigMapping(prefix = "supervision.documents")
public interface DocumentSettings {

    /** The largest file; a larger upload is 413 (quarkus.http.limits.max-body-size must stay above it). */
    @WithDefault("20M")
    MemorySize maxFileSize();

    /** The most documents one case may have (quarantined ones count: they were uploaded too). */
    @WithDefault("50")
    int maxPerCase();

    /** The most bytes one case's documents may have together. */
    @WithDefault("200M")
    MemorySize maxTotalPerCase();

    /** An image's pixels (all pages of a TIFF together): decoding for re-encoding holds them in memory. */
    @WithDefault("50000000")
    long maxImagePixels();

    /** Where an upload is written while received and checked (private files, deleted at once); default: the JVM's temp dir. */
    Optional<String> workDir();

    /** How often documents still PENDING (clamd was unavailable) are scanned again. */
    @WithDefault("30s")
    String rescanInterval();
}

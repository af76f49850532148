package gov.petitions.notification.repository;

import gov.petitions.notification.domain.Channel;

import java.time.Instant;

/**
 * One version of a message's text for a channel (collection {@code templates}), never changed once written.
 *
 * @param createdBy {@value #BUILT_IN} for the service's built-in text, otherwise the person who saved it
 */
public record TemplateVersion(String id, String templateId, Channel channel, int version, String source,
                              String createdBy, String comment, Instant createdAt) {

    /** Who writes the built-in texts of a release. */
    public static final String BUILT_IN = "seed";

    public boolean isBuiltIn() {
        return BUILT_IN.equals(createdBy);
    }
}

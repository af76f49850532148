package gov.petitions.notification.repository;

import java.time.Instant;
import java.util.Optional;

/**
 * Where an organisation is reached (collection {@code recipients}, keyed by its reference: a unit code,
 * supervisors-3413, a leader): an email address and/or a signed webhook. Never a petitioner.
 */
public record Recipient(String ref, String email, Webhook webhook, Instant updatedAt) {

    /** A webhook endpoint with its signing secret (write-only: never shown). */
    public record Webhook(String url, String secret) {
    }

    public Optional<String> emailAddress() {
        return Optional.ofNullable(email);
    }

    public Optional<Webhook> webhookEndpoint() {
        return Optional.ofNullable(webhook);
    }
}

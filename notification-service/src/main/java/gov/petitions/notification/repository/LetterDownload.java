package gov.petitions.notification.repository;

import java.time.Instant;

/** Who downloaded which letter, when, for which petition (collection {@code print_downloads}); never the contact. */
public record LetterDownload(String id, String letterId, String petitionId, String downloadedBy, Instant downloadedAt) {
}

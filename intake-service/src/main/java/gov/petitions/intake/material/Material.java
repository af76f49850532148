package gov.petitions.intake.material;

import gov.petitions.platform.files.FileType;

import java.time.Instant;
import java.util.UUID;

/** One material of a petition as stored (its bytes are in petition_material_chunk). */
public record Material(UUID id, UUID petitionId, String fileName, FileType type, long sizeBytes, String sha256,
                       State state, String signature, UploaderKind uploadedByKind,
                       String uploadedBy, Instant uploadedAt, Instant scannedAt) {

    /** PENDING until clamd has answered; only CLEAN is ever served. */
    public enum State { PENDING, CLEAN, INFECTED }

    public enum UploaderKind { CLERK, PETITIONER }
}

package gov.petitions.intake.rest;

import gov.petitions.intake.material.Material;
import gov.petitions.platform.time.ChinaTime;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What callers see of a petition's materials; who uploaded is told by kind only (the clerk's id stays in the store). */
public final class MaterialViews {

    private MaterialViews() {
    }

    public record MaterialView(UUID materialId, String fileName, String contentType, long sizeBytes,
                               Material.State state, String stateText, String signature, boolean downloadable,
                               Material.UploaderKind uploadedBy, OffsetDateTime uploadedAt, OffsetDateTime scannedAt) {

        static MaterialView of(Material m) {
            return new MaterialView(m.id(), m.fileName(), m.type().mediaType, m.sizeBytes(), m.state(), text(m),
                    m.signature(), m.state() == Material.State.CLEAN, m.uploadedByKind(),
                    ChinaTime.inChina(m.uploadedAt()), m.scannedAt() == null ? null : ChinaTime.inChina(m.scannedAt()));
        }

        private static String text(Material m) {
            return switch (m.state()) {
                case PENDING -> "待查毒 (waiting for the virus scan)";
                case CLEAN -> "已查毒 (scanned, clean)";
                case INFECTED -> "已隔离 (quarantined: the virus scan found " + m.signature() + ")";
            };
        }
    }
}

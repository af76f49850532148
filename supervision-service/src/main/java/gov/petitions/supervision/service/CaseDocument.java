package gov.petitions.supervision.service;

import gov.petitions.platform.files.FileType;

import java.time.Instant;
import java.util.UUID;

/** One document of a case as stored (its bytes are in case_document_chunk). */
public record CaseDocument(UUID id, UUID petitionId, Kind kind, Supports supports, String fileName, FileType type,
                           long sizeBytes, String sha256, State state, String signature, String uploadedBy,
                           String uploadedByRole, String uploadedByUnit, Instant uploadedAt, Instant scannedAt) {

    /** Evidence a handler attaches to a reply, the scan of the written decision (处理意见书), or anything else. */
    public enum Kind { EVIDENCE, DECISION_SCAN, OTHER }

    /** PENDING until clamd has answered; only CLEAN is ever served. */
    public enum State { PENDING, CLEAN, INFECTED }

    /** The written decision a document supports, named by the status the case reached with it. */
    public enum Supports { REPLIED, REVIEW_REPLIED, RE_REVIEW_REPLIED, FINAL, NOT_ACCEPTED }
}

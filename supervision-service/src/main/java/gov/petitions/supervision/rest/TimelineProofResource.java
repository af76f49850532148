package gov.petitions.supervision.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.service.CaseArchiver;
import gov.petitions.supervision.service.TimelineAnchoring;
import gov.petitions.supervision.service.TimelineChain;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A case's timeline proves itself: its hash chain recomputed, and what an inspector needs to check a printed copy. */
@Path("/cases")
@Tag(name = "Timeline proof")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineProofResource {

    private final Caller caller;
    private final TimelineAnchoring anchoring;
    private final CaseArchiver archiver;

    public TimelineProofResource(Caller caller, TimelineAnchoring anchoring, CaseArchiver archiver) {
        this.caller = caller;
        this.anchoring = anchoring;
        this.archiver = archiver;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verification(boolean verified, Integer entries, String head, TimelineChain.Break brokenAt,
                               Redacted redacted) {
    }

    /**
     * A case archived after its retention period (docs/archiving.md): entries 1..throughPosition are REDACTED — their
     * texts were removed, so their own hashes cannot be recomputed here; the archive with this SHA-256 holds them as
     * they were and proves them. Their links and anchored heads are still checked.
     */
    public record Redacted(String status, int fromPosition, int throughPosition, String archiveSha256,
                           OffsetDateTime redactedAt) {
    }

    public record ProofEntry(long entryId, int position, OffsetDateTime at, String canonical, String prevHash, String hash) {
    }

    public record Proof(UUID petitionId, String hashing, String digests, List<ProofEntry> entries,
                        Verification verification, List<TimelineAnchoring.Inclusion> anchors) {
    }

    static final String HASHING = "hash = SHA-256(previous entry's hash as 32 bytes, 32 zero bytes for the first || "
            + "UTF-8 bytes of 'canonical'); canonical = RFC 8785 JSON of actor, actorRole, at (UTC, six fraction digits), "
            + "fromStatus, petitionId, position, reason, toStatus, unitCode";
    static final String DIGESTS = "leaf = petitionId:position:head; leaf hash = SHA-256(0x00 || leaf); root = RFC 9162 "
            + "Merkle tree hash of the day's leaf hashes, checked with the audit path (RFC 9162 2.1.3.2); digest = "
            + "SHA-256(previous digest as 32 bytes || RFC 8785 JSON of day, leaves, root); published on topic "
            + "timeline.digest-published and as GET /timeline/digests/{day}";

    @GET
    @Path("{petitionId}/timeline/verification")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE, Roles.CLERK, Roles.HANDLER})
    @Transactional
    @Operation(summary = "Recompute the case's timeline hash chain: verified with its length and head, or the first entry where it breaks")
    public Verification verification(UUID petitionId) {
        // whoever may read the timeline may check it, and nobody else learns the case exists (recusal included)
        caller.visible(petitionId);
        return verify(petitionId, TimelineEvent.of(petitionId));
    }

    private Verification verify(UUID petitionId, List<TimelineEvent> entries) {
        Optional<CaseArchiver.Redaction> redaction = archiver.redaction(petitionId);
        TimelineChain.Verification v = TimelineChain.verify(entries, anchoring.anchoredHeads(petitionId),
                redaction.map(CaseArchiver.Redaction::throughPosition).orElse(0));
        Redacted redacted = redaction.map(r -> new Redacted("REDACTED", 1, r.throughPosition(), r.archiveSha256(),
                r.redactedAt())).orElse(null);
        return v.verified() ? new Verification(true, v.entries(), v.head(), null, redacted)
                : new Verification(false, null, null, v.brokenAt(), redacted);
    }

    @GET
    @Path("{petitionId}/timeline/proof")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
    @Transactional
    @Operation(summary = "What an inspector needs to check a printed timeline against a published daily digest: each entry's canonical form and hashes, and for every digest that anchored the case its leaf and audit path")
    public Proof proof(UUID petitionId) {
        caller.visible(petitionId);
        List<TimelineEvent> entries = TimelineEvent.of(petitionId);
        return new Proof(petitionId, HASHING, DIGESTS,
                entries.stream().map(e -> new ProofEntry(e.id, e.position, e.at,
                        TimelineChain.canonical(e), e.prevHash, e.hash)).toList(),
                verify(petitionId, entries), anchoring.inclusions(petitionId));
    }
}

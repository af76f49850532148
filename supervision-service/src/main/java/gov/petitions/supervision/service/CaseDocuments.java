package gov.petitions.supervision.service;

import gov.petitions.platform.files.ClamdClient;
import gov.petitions.platform.files.ScanVerdicts;
import gov.petitions.platform.files.Uploads;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.config.DocumentSettings;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Documents of a case (材料, docs/case-documents.md): evidence a handler attaches to a reply, the scanned written
 * decision (处理意见书), photos and on-site records. The same pipeline as intake's materials, from platform-support's
 * files package: an upload is taken as a stream, its kind decided from its bytes, images re-encoded without their
 * metadata, stored PENDING with an entry on the case's timeline, and scanned by clamd ({@link ScanVerdicts}); only a
 * CLEAN document is ever served, each download recorded; while clamd is away a document stays PENDING and
 * {@link #rescanPending()} tries again. Who may attach and read is whoever may see the case ({@link CaseAccess}: the
 * holding unit's handler, staff of the case's jurisdiction, never the accused unit — 404 as for a case that does not
 * exist).
 */
@ApplicationScoped
public class CaseDocuments {

    private final CaseDocumentStore store;
    private final CaseLedger ledger;
    private final Uploads uploads;
    private final ScanVerdicts scans;
    private final Clock clock;

    public CaseDocuments(CaseDocumentStore store, CaseLedger ledger, ClamdClient clamd, Clock clock,
                         DocumentSettings settings) {
        this.store = store;
        this.ledger = ledger;
        this.uploads = new Uploads("document", "case", new Uploads.Limits(settings.maxFileSize().asLongValue(),
                settings.maxPerCase(), settings.maxTotalPerCase().asLongValue(), settings.maxImagePixels()),
                Path.of(settings.workDir().orElse(System.getProperty("java.io.tmpdir") + "/supervision-documents")));
        this.scans = new ScanVerdicts(clamd, clock, store, "document", "case");
        this.clock = clock;
    }

    /** A Content-Length over the limit is refused before a byte of the body is read. */
    public void refuseDeclaredTooLarge(String contentLength) {
        uploads.refuseDeclaredTooLarge(contentLength);
    }

    /** What the uploader says of the document: its kind, the decision it supports (optional) and its name. */
    public record Description(CaseDocument.Kind kind, CaseDocument.Supports supports, String fileName) {
    }

    /**
     * Takes the upload from {@code body} (read once, in chunks, into a private work file), refuses what may not be
     * kept with a problem, stores the rest with its timeline entry and scans it. Returns the document as it stands
     * after the scan: CLEAN, INFECTED, or PENDING when clamd could not be reached.
     */
    public CaseDocument upload(UUID petitionId, CallerScope caller, Description description, InputStream body) {
        // who may attach, and that the decision named exists, before a byte is read
        visibleWithDecision(petitionId, caller, description.supports());
        uploads.checkAllowance(store.usage(petitionId), 0);
        try (Uploads.Received file = uploads.receive(body)) {
            String role = actingRole(caller);
            CaseDocument document = new CaseDocument(UUID.randomUUID(), petitionId, description.kind(),
                    description.supports(), uploads.safeName(description.fileName(), file.type()), file.type(),
                    file.size(), file.sha256(), CaseDocument.State.PENDING, null, caller.subject(), role,
                    role.equals(Roles.HANDLER) ? caller.unit().orElse(null) : caller.jurisdiction().orElse(null),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), null);
            QuarkusTransaction.requiringNew().run(() -> attach(document, file.file(), caller));
            Log.infof("document %s of case %s stored (%s, %d bytes), scanning", document.id(), petitionId,
                    file.type().mediaType, file.size());
            try (InputStream content = Files.newInputStream(file.file())) {
                return scanned(document, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * In one transaction: the case locked (so that two uploads at once cannot both pass the limits, and as the
     * timeline's chain locks it anyway), the caller's sight of it checked again, the limits, then the row as PENDING,
     * its bytes and its timeline entry. The entry names the document by id, kind and digest, never by its file name
     * (a name may carry a petitioner's).
     */
    private void attach(CaseDocument d, Path file, CallerScope caller) {
        LedgerEntry.getEntityManager()
                .createNativeQuery("select 1 from ledger_entry where petition_id = :id for no key update")
                .setParameter("id", d.petitionId()).getResultList();
        LedgerEntry entry = visibleWithDecision(d.petitionId(), caller, d.supports());
        uploads.checkAllowance(store.usage(d.petitionId()), d.sizeBytes());
        store.insert(d, file);
        ledger.note(entry, new CaseLedger.Actor(d.uploadedBy(), d.uploadedByRole()), "document attached (材料): "
                + d.kind() + (d.supports() == null ? "" : " supporting " + d.supports()) + ", " + d.type().mediaType
                + ", " + d.sizeBytes() + " bytes, sha256 " + d.sha256() + ", id " + d.id());
    }

    public List<CaseDocument> list(UUID petitionId, CallerScope caller) {
        QuarkusTransaction.requiringNew().run(() -> CaseAccess.visible(petitionId, caller));
        return store.list(petitionId);
    }

    /**
     * A document that may be served now, with the download recorded (who, in which roles and unit, when) before a
     * byte leaves; PENDING and INFECTED are refused with 409, never served.
     */
    public CaseDocument forDownload(UUID petitionId, UUID documentId, CallerScope caller) {
        QuarkusTransaction.requiringNew().run(() -> CaseAccess.visible(petitionId, caller));
        CaseDocument d = store.find(petitionId, documentId)
                .orElseThrow(() -> ProblemException.notFound("Document", "No such document of this case"));
        switch (d.state()) {
            case PENDING -> throw problem("document-pending", "The document has not been scanned yet", 409,
                    "the virus scan of this document is still pending; it can be downloaded once it is found clean");
            case INFECTED -> throw problem("document-quarantined", "The document is quarantined", 409,
                    "the virus scan found " + d.signature() + " in this document; it is kept quarantined and never served");
            case CLEAN -> {
            }
        }
        store.recordDownload(d, caller.subject(), String.join(" ", new TreeSet<>(caller.roles())),
                caller.unit().or(caller::jurisdiction).orElse(null), clock.instant());
        return d;
    }

    public void copyContent(CaseDocument d, OutputStream out) throws IOException {
        try (InputStream in = store.content(d.id())) {
            in.transferTo(out);
        }
    }

    /** Scans what still waits (clamd was down when it came in); {@link ScanVerdicts#rescanPending()}. */
    @Scheduled(identity = "case-documents-rescan", every = "${supervision.documents.rescan-interval:30s}",
            delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void rescanPending() {
        scans.rescanPending();
    }

    /** Scans the stored bytes and returns the document as it stands after: CLEAN, INFECTED, or still PENDING. */
    private CaseDocument scanned(CaseDocument d, InputStream content) {
        scans.scan(new ScanVerdicts.Waiting(d.id(), d.petitionId()), content);
        return store.find(d.petitionId(), d.id()).orElseThrow();
    }

    /** The case if the caller may see it (else 404), and the decision the document supports if one is named (else 409). */
    private static LedgerEntry visibleWithDecision(UUID petitionId, CallerScope caller, CaseDocument.Supports supports) {
        LedgerEntry entry = QuarkusTransaction.isActive() ? CaseAccess.visible(petitionId, caller)
                : QuarkusTransaction.requiringNew().call(() -> CaseAccess.visible(petitionId, caller));
        if (supports != null && decisionText(entry, supports) == null) {
            throw ProblemException.conflict("no-such-decision", "The case has no such written decision",
                    "the document is said to support the written decision " + supports + ", which this case has not "
                            + "(yet); attach it without supports, or once the decision is given");
        }
        return entry;
    }

    private static String decisionText(LedgerEntry e, CaseDocument.Supports supports) {
        return switch (supports) {
            case REPLIED -> e.replyText;
            case REVIEW_REPLIED -> e.reviewReplyText;
            case RE_REVIEW_REPLIED, FINAL -> e.reReviewReplyText;
            case NOT_ACCEPTED -> e.notAcceptedReason;
        };
    }

    /** The role the caller attaches in: the holding unit's handler, else the first staff role they have. */
    private static String actingRole(CallerScope caller) {
        for (String role : List.of(Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER, Roles.CLERK)) {
            if (caller.has(role)) {
                return role;
            }
        }
        throw new ProblemException(Problem.of("forbidden", "Forbidden", 403, "no role that attaches documents"));
    }

    private static ProblemException problem(String slug, String title, int status, String detail) {
        return new ProblemException(Problem.of(slug, title, status, detail));
    }
}

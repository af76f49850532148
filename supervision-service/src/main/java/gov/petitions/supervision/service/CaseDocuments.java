package gov.petitions.supervision.service;

import gov.petitions.platform.files.ClamdClient;
import gov.petitions.platform.files.FileType;
import gov.petitions.platform.files.ImageSanitizer;
import gov.petitions.platform.files.ReceivedFile;
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
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Documents of a case (材料, docs/case-documents.md): evidence a handler attaches to a reply, the scanned written
 * decision (处理意见书), photos and on-site records. The same pipeline as intake's materials, from platform-support's
 * files package: an upload is taken as a stream, its kind decided from its bytes, images re-encoded without their
 * metadata, stored PENDING with an entry on the case's timeline, and scanned by clamd; only a CLEAN document is ever
 * served, each download recorded; while clamd is away a document stays PENDING and {@link #rescanPending()} tries
 * again. Who may attach and read is whoever may see the case ({@link CaseAccess}: the holding unit's handler, staff
 * of the case's jurisdiction, never the accused unit — 404 as for a case that does not exist).
 */
@ApplicationScoped
public class CaseDocuments {

    private final CaseDocumentStore store;
    private final CaseLedger ledger;
    private final ClamdClient clamd;
    private final Clock clock;
    private final long maxFileBytes;
    private final int maxPerCase;
    private final long maxTotalBytes;
    private final long maxImagePixels;
    private final Path workDir;

    public CaseDocuments(CaseDocumentStore store, CaseLedger ledger, ClamdClient clamd, Clock clock,
                         DocumentSettings settings) {
        this.store = store;
        this.ledger = ledger;
        this.clamd = clamd;
        this.clock = clock;
        this.maxFileBytes = settings.maxFileSize().asLongValue();
        this.maxPerCase = settings.maxPerCase();
        this.maxTotalBytes = settings.maxTotalPerCase().asLongValue();
        this.maxImagePixels = settings.maxImagePixels();
        this.workDir = Path.of(settings.workDir().orElse(System.getProperty("java.io.tmpdir") + "/supervision-documents"));
    }

    public long maxFileBytes() {
        return maxFileBytes;
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
        checkAllowance(store.usage(petitionId), 0);
        Path received = null;
        Path cleaned = null;
        try {
            Files.createDirectories(workDir);
            received = Files.createTempFile(workDir, "upload-", ".part");
            FileType type = receive(body, received);
            Path stored = received;
            if (type.isImage()) {
                cleaned = Files.createTempFile(workDir, "clean-", ".part");
                reencode(type, received, cleaned);
                stored = cleaned;
            }
            long size = Files.size(stored);
            String role = actingRole(caller);
            CaseDocument document = new CaseDocument(UUID.randomUUID(), petitionId, description.kind(),
                    description.supports(), ReceivedFile.safeName(description.fileName(), type, "document"), type, size,
                    ReceivedFile.sha256(stored), CaseDocument.State.PENDING, null, caller.subject(), role,
                    role.equals(Roles.HANDLER) ? caller.unit().orElse(null) : caller.jurisdiction().orElse(null),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), null);
            Path file = stored;
            QuarkusTransaction.requiringNew().run(() -> attach(document, file, caller));
            Log.infof("document %s of case %s stored (%s, %d bytes), scanning", document.id(), petitionId,
                    type.mediaType, size);
            try (InputStream content = Files.newInputStream(stored)) {
                return scanned(document, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(received);
            delete(cleaned);
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
        checkAllowance(store.usage(d.petitionId()), d.sizeBytes());
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

    /**
     * Scans what still waits (clamd was down when it came in), oldest first; stops at the first failure to reach
     * clamd rather than knock on a closed door once per document.
     */
    @Scheduled(identity = "case-documents-rescan", every = "${supervision.documents.rescan-interval:30s}",
            delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void rescanPending() {
        for (CaseDocument d : store.pending(50)) {
            try (InputStream content = store.content(d.id())) {
                if (scanned(d, content).state() == CaseDocument.State.PENDING) {
                    return;
                }
            } catch (IOException e) {
                Log.warnf("document %s: %s", d.id(), e.getMessage());
                return;
            }
        }
    }

    private CaseDocument scanned(CaseDocument d, InputStream content) {
        try {
            ClamdClient.Verdict verdict = clamd.scan(content);
            if (verdict instanceof ClamdClient.Verdict.Infected infected) {
                store.verdict(d.id(), CaseDocument.State.INFECTED, infected.signature(), clock.instant());
                Log.warnf("document %s of case %s quarantined: %s", d.id(), d.petitionId(), infected.signature());
            } else {
                store.verdict(d.id(), CaseDocument.State.CLEAN, null, clock.instant());
            }
        } catch (ClamdClient.ScannerUnavailable e) {
            store.attemptFailed(d.id());
            Log.warnf("document %s stays pending: %s", d.id(), e.getMessage());
        }
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

    private FileType receive(InputStream body, Path file) throws IOException {
        try {
            return ReceivedFile.receive(body, file, maxFileBytes);
        } catch (ReceivedFile.Refused refused) {
            throw switch (refused.reason()) {
                case EMPTY -> ProblemException.badRequest("empty-document", "The file is empty", "a document of 0 bytes was sent");
                case EXECUTABLE -> problem("unsupported-document-type", "This kind of file is not accepted", 415,
                        "the file is a program, whatever its name says; accepted are PDF, JPEG, PNG and TIFF");
                case UNSUPPORTED -> problem("unsupported-document-type", "This kind of file is not accepted", 415,
                        "accepted are PDF, JPEG, PNG and TIFF, recognised by their content");
                case TOO_LARGE -> tooLarge();
            };
        }
    }

    private void reencode(FileType type, Path received, Path cleaned) throws IOException {
        // decoding holds a page's pixels in memory: the platform lets two images at a time be decoded per process
        if (!ImageSanitizer.acquireDecoding(Duration.ofSeconds(20))) {
            throw problem("images-busy", "Too many images are being processed", 503,
                    "other images are being re-encoded right now; send this one again in a minute");
        }
        try {
            ImageSanitizer.reencode(type, received, cleaned, maxImagePixels);
        } catch (ImageSanitizer.Unreadable e) {
            throw problem("unreadable-image", "The image cannot be read", 415,
                    "the file begins like " + type.mediaType + " but is not an image that can be read and re-encoded");
        } catch (ImageSanitizer.TooManyPixels e) {
            throw problem("image-too-large", "The image has too many pixels", 413, e.getMessage());
        } finally {
            ImageSanitizer.releaseDecoding();
        }
    }

    public ProblemException tooLarge() {
        return problem("document-too-large", "The file is too large", 413,
                "a document may have at most " + maxFileBytes + " bytes");
    }

    private void checkAllowance(CaseDocumentStore.Usage usage, long adding) {
        if (usage.count() >= maxPerCase) {
            throw problem("too-many-documents", "The case has all the documents it may have", 409,
                    "a case may have at most " + maxPerCase + " documents");
        }
        if (usage.bytes() + adding > maxTotalBytes) {
            throw problem("documents-too-large", "The case's documents would be too large", 413,
                    "a case's documents may have at most " + maxTotalBytes + " bytes together");
        }
    }

    private static ProblemException problem(String slug, String title, int status, String detail) {
        return new ProblemException(Problem.of(slug, title, status, detail));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                Log.warnf("could not delete work file %s: %s", file.getFileName(), e.getMessage());
            }
        }
    }
}

package gov.petitions.intake.material;

import gov.petitions.platform.files.ClamdClient;
import gov.petitions.platform.files.FileType;
import gov.petitions.platform.files.ImageSanitizer;
import gov.petitions.platform.files.ReceivedFile;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Materials (材料) of a petition: accepts an upload as a stream, decides whether it may be kept (its kind from its
 * bytes, its size, the petition's allowance), strips images of their metadata, stores it as PENDING and has clamd
 * scan exactly the bytes that will be served. Only a CLEAN material is ever served; an INFECTED one stays
 * quarantined; while clamd is away a material stays PENDING and {@link #rescanPending()} tries again.
 * Who may upload or read is the REST layer's check (the petition's scope, or its tracking number and query code).
 */
@ApplicationScoped
public class PetitionMaterials {

    private static final Logger LOG = Logger.getLogger(PetitionMaterials.class);

    private final MaterialStore store;
    private final ClamdClient clamd;
    private final Clock clock;
    private final long maxFileBytes;
    private final int maxPerPetition;
    private final long maxTotalBytes;
    private final long maxImagePixels;
    private final Path workDir;

    public PetitionMaterials(MaterialStore store, ClamdClient clamd, Clock clock, MaterialConfig config) {
        this.store = store;
        this.clamd = clamd;
        this.clock = clock;
        this.maxFileBytes = config.maxFileSize().asLongValue();
        this.maxPerPetition = config.maxPerPetition();
        this.maxTotalBytes = config.maxTotalPerPetition().asLongValue();
        this.maxImagePixels = config.maxImagePixels();
        this.workDir = Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir") + "/intake-materials"));
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Who uploads: a clerk (their token's subject) or the petitioner online. */
    public record Uploader(Material.UploaderKind kind, String who) {
    }

    /**
     * Takes the upload from {@code body} (read once, in chunks, into a private work file), refuses what may not be
     * kept with a problem, stores the rest and scans it. Returns the material as it stands after the scan: CLEAN,
     * INFECTED, or PENDING when clamd could not be reached.
     */
    public Material upload(UUID petitionId, String givenName, InputStream body, Uploader uploader) {
        MaterialStore.Usage before = store.usage(petitionId);
        checkAllowance(before, 0);
        Path received = null;
        Path cleaned = null;
        try {
            Files.createDirectories(workDir);
            received = Files.createTempFile(workDir, "upload-", ".part");
            FileType type = receive(body, received);
            Path stored = received;
            if (type.isImage()) {
                cleaned = Files.createTempFile(workDir, "clean-", ".part");
                // decoding holds a page's pixels in memory: at most two at a time, whatever arrives at once
                if (!ImageSanitizer.acquireDecoding(java.time.Duration.ofSeconds(20))) {
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
                stored = cleaned;
            }
            long size = Files.size(stored);
            Material material = new Material(UUID.randomUUID(), petitionId, fileName(givenName, type), type, size,
                    ReceivedFile.sha256(stored), Material.State.PENDING, null, uploader.kind(), uploader.who(), clock.instant(), null);
            store.insert(material, stored, usage -> checkAllowance(usage, size));
            LOG.infof("material %s of petition %s stored (%s, %d bytes), scanning", material.id(), petitionId,
                    type.mediaType, size);
            try (InputStream content = Files.newInputStream(stored)) {
                return scanned(material, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(received);
            delete(cleaned);
        }
    }

    public List<Material> list(UUID petitionId) {
        return store.list(petitionId);
    }

    /**
     * A material that may be served now, with the download recorded (who, in which roles, when) before a byte
     * leaves; PENDING and INFECTED are refused with 409, never served.
     */
    public Material forDownload(UUID petitionId, UUID materialId, String subject, String roles) {
        Material m = store.find(petitionId, materialId)
                .orElseThrow(() -> ProblemException.notFound("Material", "No such material of this petition"));
        switch (m.state()) {
            case PENDING -> throw problem("material-pending", "The material has not been scanned yet", 409,
                    "the virus scan of this material is still pending; it can be downloaded once it is found clean");
            case INFECTED -> throw problem("material-quarantined", "The material is quarantined", 409,
                    "the virus scan found " + m.signature() + " in this material; it is kept quarantined and never served");
            case CLEAN -> {
            }
        }
        store.recordDownload(m, subject, roles, clock.instant());
        return m;
    }

    public void copyContent(Material m, OutputStream out) throws IOException {
        try (InputStream in = store.content(m.id())) {
            in.transferTo(out);
        }
    }

    /**
     * Scans what still waits (clamd was down when it came in), oldest first; stops at the first failure to reach
     * clamd rather than knock on a closed door once per material.
     */
    @Scheduled(every = "${intake.materials.rescan-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void rescanPending() {
        for (Material m : store.pending(50)) {
            try (InputStream content = store.content(m.id())) {
                Material after = scanned(m, content);
                if (after.state() == Material.State.PENDING) {
                    return;
                }
            } catch (IOException e) {
                LOG.warnf("material %s: %s", m.id(), e.getMessage());
                return;
            }
        }
    }

    private Material scanned(Material m, InputStream content) {
        try {
            ClamdClient.Verdict verdict = clamd.scan(content);
            if (verdict instanceof ClamdClient.Verdict.Infected infected) {
                store.verdict(m.id(), Material.State.INFECTED, infected.signature(), clock.instant());
                LOG.warnf("material %s of petition %s quarantined: %s", m.id(), m.petitionId(), infected.signature());
            } else {
                store.verdict(m.id(), Material.State.CLEAN, null, clock.instant());
            }
        } catch (ClamdClient.ScannerUnavailable e) {
            store.attemptFailed(m.id());
            LOG.warnf("material %s stays pending: %s", m.id(), e.getMessage());
        }
        return store.find(m.petitionId(), m.id()).orElseThrow();
    }

    /**
     * Reads the upload into {@code file} (the platform's {@link ReceivedFile}: the first bytes decide the kind, the
     * count decides the size; an upload over the limit is read to its end and dropped, never written past the limit).
     */
    private FileType receive(InputStream body, Path file) throws IOException {
        try {
            return ReceivedFile.receive(body, file, maxFileBytes);
        } catch (ReceivedFile.Refused refused) {
            throw switch (refused.reason()) {
                case EMPTY -> ProblemException.badRequest("empty-material", "The file is empty", "a material of 0 bytes was sent");
                case EXECUTABLE -> problem("unsupported-material-type", "This kind of file is not accepted", 415,
                        "the file is a program, whatever its name says; accepted are PDF, JPEG, PNG and TIFF");
                case UNSUPPORTED -> problem("unsupported-material-type", "This kind of file is not accepted", 415,
                        "accepted are PDF, JPEG, PNG and TIFF, recognised by their content");
                case TOO_LARGE -> tooLarge();
            };
        }
    }

    ProblemException tooLarge() {
        return problem("material-too-large", "The file is too large", 413,
                "a material may have at most " + maxFileBytes + " bytes");
    }

    private void checkAllowance(MaterialStore.Usage usage, long adding) {
        if (usage.count() >= maxPerPetition) {
            throw problem("too-many-materials", "The petition has all the materials it may have", 409,
                    "a petition may have at most " + maxPerPetition + " materials");
        }
        if (usage.bytes() + adding > maxTotalBytes) {
            throw problem("materials-too-large", "The petition's materials would be too large", 413,
                    "a petition's materials may have at most " + maxTotalBytes + " bytes together");
        }
    }

    /**
     * The name to show and to offer on download: the last path segment, printable characters only, at most 120,
     * and the extension of what the file really is (a PDF named x.exe is offered as x.pdf).
     */
    static String fileName(String given, FileType type) {
        return ReceivedFile.safeName(given, type, "material");
    }

    private static ProblemException problem(String slug, String title, int status, String detail) {
        return new ProblemException(Problem.of(slug, title, status, detail));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("could not delete work file %s: %s", file.getFileName(), e.getMessage());
            }
        }
    }
}

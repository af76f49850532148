package gov.petitions.intake.material;

import gov.petitions.platform.files.ClamdClient;
import gov.petitions.platform.files.ScanVerdicts;
import gov.petitions.platform.files.Uploads;
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
 * scan exactly the bytes that will be served (the platform's {@link ScanVerdicts}). Only a CLEAN material is ever
 * served; an INFECTED one stays quarantined; while clamd is away a material stays PENDING and {@link #rescanPending()}
 * tries again.
 * Who may upload or read is the REST layer's check (the petition's scope, or its tracking number and query code).
 */
@ApplicationScoped
public class PetitionMaterials {

    private static final Logger LOG = Logger.getLogger(PetitionMaterials.class);

    private final MaterialStore store;
    private final Uploads uploads;
    private final ScanVerdicts scans;
    private final Clock clock;

    public PetitionMaterials(MaterialStore store, ClamdClient clamd, Clock clock, MaterialConfig config) {
        this.store = store;
        this.uploads = new Uploads("material", "petition", new Uploads.Limits(config.maxFileSize().asLongValue(),
                config.maxPerPetition(), config.maxTotalPerPetition().asLongValue(), config.maxImagePixels()),
                Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir") + "/intake-materials")));
        this.scans = new ScanVerdicts(clamd, clock, store, "material", "petition");
        this.clock = clock;
    }

    /** A Content-Length over the limit is refused before a byte of the body is read. */
    public void refuseDeclaredTooLarge(String contentLength) {
        uploads.refuseDeclaredTooLarge(contentLength);
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
        uploads.checkAllowance(store.usage(petitionId), 0);
        try (Uploads.Received file = uploads.receive(body)) {
            Material material = new Material(UUID.randomUUID(), petitionId, uploads.safeName(givenName, file.type()),
                    file.type(), file.size(), file.sha256(), Material.State.PENDING, null, uploader.kind(),
                    uploader.who(), clock.instant(), null);
            store.insert(material, file.file(), usage -> uploads.checkAllowance(usage, file.size()));
            LOG.infof("material %s of petition %s stored (%s, %d bytes), scanning", material.id(), petitionId,
                    file.type().mediaType, file.size());
            try (InputStream content = Files.newInputStream(file.file())) {
                return scanned(material, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** Scans what still waits (clamd was down when it came in); {@link ScanVerdicts#rescanPending()}. */
    @Scheduled(every = "${intake.materials.rescan-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void rescanPending() {
        scans.rescanPending();
    }

    /** Scans the stored bytes and returns the material as it stands after: CLEAN, INFECTED, or still PENDING. */
    private Material scanned(Material m, InputStream content) {
        scans.scan(new ScanVerdicts.Waiting(m.id(), m.petitionId()), content);
        return store.find(m.petitionId(), m.id()).orElseThrow();
    }

    private static ProblemException problem(String slug, String title, int status, String detail) {
        return new ProblemException(Problem.of(slug, title, status, detail));
    }
}

package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.config.RetentionPeriods;
import gov.petitions.supervision.service.ArchiveVerifier;
import gov.petitions.supervision.service.CaseArchiver;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The archives of closed cases (信访档案, docs/archiving.md): an archive's download and its manifest for the province's
 * admin and auditors, each download on record (archive_download); and the check of any archive file anyone holds.
 */
@jakarta.ws.rs.Path("/archives")
@Tag(name = "Retention and archiving")
public class ArchiveResource {

    public static final String ZIP = "application/zip";

    private final CaseArchiver archiver;
    private final ArchiveVerifier verifier;
    private final RetentionPeriods periods;
    private final Caller caller;
    private final SecurityIdentity identity;

    public ArchiveResource(CaseArchiver archiver, ArchiveVerifier verifier, RetentionPeriods periods, Caller caller,
                           SecurityIdentity identity) {
        this.archiver = archiver;
        this.verifier = verifier;
        this.periods = periods;
        this.caller = caller;
        this.identity = identity;
    }

    @POST
    @jakarta.ws.rs.Path("verification")
    // any type reaches the method, so that authorization comes first and a wrong type is a problem+json
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Operation(summary = "Verify an archive file (application/zip): every entry's SHA-256 against the manifest, the timeline's hash chain, the anchors' audit paths; a result per entry")
    public ArchiveVerifier.Result verify(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !"application".equals(type.getType()) || !"zip".equals(type.getSubtype())) {
            throw new ProblemException(Problem.of("unsupported-media-type", "Send the archive as application/zip", 415,
                    "Content-Type must be application/zip: the archive file as it was downloaded"));
        }
        Path upload = Files.createTempFile("archive-verification-", ".zip");
        try {
            long limit = periods.verificationMaxBytes();
            // streamed to a temporary file, never held in memory, and cut off past the limit
            try (OutputStream out = Files.newOutputStream(upload, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; body != null && (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > limit) {
                        throw new ProblemException(Problem.of("archive-too-large", "Archive too large", 413,
                                "An archive to verify is at most " + limit + " bytes"));
                    }
                    out.write(buffer, 0, n);
                }
            }
            return verifier.verify(upload);
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @GET
    @jakarta.ws.rs.Path("{petitionId}")
    // JSON too: a refusal or a 404 is problem+json, whatever the client accepts
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Transactional
    @Operation(summary = "Download a case's archive file; every download is on record")
    public Response download(@PathParam("petitionId") UUID petitionId) {
        CaseArchiver.Recorded archive = recorded(petitionId);
        if (!Files.isReadable(archive.file())) {
            throw new ProblemException(Problem.of("archive-file-missing", "Archive file missing", 409,
                    "The archive is recorded but its file is not in the archive store; restore it from the backup "
                            + "(its SHA-256 is " + archive.sha256() + ")"));
        }
        archiver.downloaded(archive, "ARCHIVE", identity.getPrincipal().getName(), role());
        return Response.ok(archive.file().toFile(), ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + archive.petitionId() + ".zip\"")
                .header("X-Archive-SHA256", archive.sha256())
                .build();
    }

    @GET
    @jakarta.ws.rs.Path("{petitionId}/manifest")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Transactional
    @Operation(summary = "A case's archive manifest (every entry's SHA-256, the timeline head and its anchors); on record")
    public Response manifest(@PathParam("petitionId") UUID petitionId) {
        CaseArchiver.Recorded archive = recorded(petitionId);
        byte[] manifest;
        try (ZipFile zip = new ZipFile(archive.file().toFile())) {
            ZipEntry entry = zip.getEntry("manifest.json");
            if (entry == null) {
                throw new IOException("no manifest");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                manifest = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ProblemException(Problem.of("archive-file-missing", "Archive file missing or unreadable", 409,
                    "The archive is recorded but its file cannot be read; restore it from the backup (its SHA-256 is "
                            + archive.sha256() + ")"));
        }
        archiver.downloaded(archive, "MANIFEST", identity.getPrincipal().getName(), role());
        return Response.ok(manifest, MediaType.APPLICATION_JSON).header("X-Archive-SHA256", archive.sha256()).build();
    }

    private CaseArchiver.Recorded recorded(UUID petitionId) {
        RetentionResource.provinceOnly(caller.scope());
        return archiver.recorded(petitionId).orElseThrow(() -> ProblemException.notFound("Archive",
                "No archive of case " + petitionId));
    }

    private String role() {
        return caller.scope().has(Roles.ADMIN) ? Roles.ADMIN : Roles.AUDITOR;
    }
}

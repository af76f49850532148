package gov.petitions.supervision.rest;

import gov.petitions.platform.files.Uploads;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.service.CaseDocument;
import gov.petitions.supervision.service.CaseDocuments;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Documents of a case (材料): evidence for a reply, the scanned written decision (处理意见书), photos, on-site records.
 * The rules are {@link CaseDocuments}' (whoever may see the case; never the accused unit: 404); this translates. The
 * file is the body, its name in X-File-Name as intake's material uploads take it.
 */
@Path("/cases/{petitionId}/documents")
@Tag(name = "Case documents")
@Produces(MediaType.APPLICATION_JSON)
public class CaseDocumentResource {

    /** The file's name, percent-encoded UTF-8 (JavaScript's encodeURIComponent), since headers are ASCII. */
    public static final String FILE_NAME = "X-File-Name";

    /** The endpoints that take files: a case document, and an archive to verify (ArchiveResource, its own limit). */
    private static final Pattern UPLOAD = Pattern.compile("^(/cases/[^/]+/documents|/archives/verification)/?$");
    /** Every other endpoint takes JSON (or a CSV import) of at most this, checked from Content-Length. */
    static final long OTHER_BODIES = 256 * 1024;

    private final CaseDocuments documents;
    private final Caller caller;

    public CaseDocumentResource(CaseDocuments documents, Caller caller) {
        this.documents = documents;
        this.caller = caller;
    }

    /** What callers see of a document. */
    public record DocumentView(UUID documentId, UUID petitionId, CaseDocument.Kind kind, CaseDocument.Supports supports,
                               String fileName, String contentType, long sizeBytes, String sha256,
                               CaseDocument.State state, String stateText, String signature, boolean downloadable,
                               String uploadedBy, String uploadedByRole, String uploadedByUnit,
                               OffsetDateTime uploadedAt, OffsetDateTime scannedAt) {

        static DocumentView of(CaseDocument d) {
            return new DocumentView(d.id(), d.petitionId(), d.kind(), d.supports(), d.fileName(), d.type().mediaType,
                    d.sizeBytes(), d.sha256(), d.state(), text(d), d.signature(), d.state() == CaseDocument.State.CLEAN,
                    d.uploadedBy(), d.uploadedByRole(), d.uploadedByUnit(), ChinaTime.inChina(d.uploadedAt()),
                    d.scannedAt() == null ? null : ChinaTime.inChina(d.scannedAt()));
        }

        private static String text(CaseDocument d) {
            return switch (d.state()) {
                case PENDING -> "待查毒 (waiting for the virus scan)";
                case CLEAN -> "已查毒 (scanned, clean)";
                case INFECTED -> "已隔离 (quarantined: the virus scan found " + d.signature() + ")";
            };
        }
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.HANDLER, Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER})
    @Parameter(in = ParameterIn.HEADER, name = FILE_NAME, description = "The file's name, percent-encoded UTF-8")
    @Operation(summary = "Attach a document (材料) to a case: the file itself is the body (PDF, JPEG, PNG or TIFF, "
            + "recognised by its bytes; images re-encoded without EXIF), kind EVIDENCE, DECISION_SCAN or OTHER, "
            + "optionally the written decision it supports; scanned by ClamAV before it can be downloaded; on the "
            + "case's timeline",
            description = "201 with the document's state: CLEAN, INFECTED (quarantined, never served) or PENDING (the "
                    + "scanner is unavailable; scanned again later). 400 for an empty file or an unknown kind, 413 for "
                    + "a file over supervision.documents.max-file-size or a case's documents over their total, 409 "
                    + "when the case has supervision.documents.max-per-case already or lacks the decision named, 415 "
                    + "for any other kind of file; 404 where the case is not visible (the accused unit never sees it)")
    public Response upload(@PathParam("petitionId") UUID petitionId,
                           @QueryParam("kind") @Parameter(description = "EVIDENCE, DECISION_SCAN or OTHER") String kind,
                           @QueryParam("supports") @Parameter(description = "REPLIED, REVIEW_REPLIED, RE_REVIEW_REPLIED, "
                                   + "FINAL or NOT_ACCEPTED: the written decision it supports") String supports,
                           @HeaderParam(FILE_NAME) String fileName,
                           @HeaderParam("Content-Length") String contentLength, InputStream body) {
        CaseDocuments.Description description = new CaseDocuments.Description(
                named(CaseDocument.Kind.class, "kind", kind, false), named(CaseDocument.Supports.class, "supports",
                supports, true), Uploads.decodeName(fileName));
        documents.refuseDeclaredTooLarge(contentLength);
        CaseDocument d = documents.upload(petitionId, caller.scope(), description, body);
        return Response.status(Response.Status.CREATED)
                .location(URI.create("/cases/" + petitionId + "/documents/" + d.id()))
                .entity(DocumentView.of(d)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @RolesAllowed({Roles.HANDLER, Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
    @Operation(summary = "The case's documents with their scan state; 404 where the case itself is not visible")
    public List<DocumentView> list(@PathParam("petitionId") UUID petitionId) {
        return documents.list(petitionId, caller.scope()).stream().map(DocumentView::of).toList();
    }

    @GET
    @Path("{documentId}")
    @Produces({"application/pdf", "image/jpeg", "image/png", "image/tiff", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.HANDLER, Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
    @Operation(summary = "Download a document found clean (every download is recorded: who, in which roles and unit, "
            + "when); 409 while it waits for the scan or when it is quarantined")
    public Response download(@PathParam("petitionId") UUID petitionId, @PathParam("documentId") UUID documentId) {
        CaseDocument d = documents.forDownload(petitionId, documentId, caller.scope());
        StreamingOutput content = out -> documents.copyContent(d, out);
        return Response.ok(content, d.type().mediaType)
                .header("Content-Length", d.sizeBytes())
                .header("Content-Disposition", "attachment; filename=\"document." + d.type().extension
                        + "\"; filename*=UTF-8''" + URLEncoder.encode(d.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * The server's body limit (quarkus.http.limits.max-body-size) is raised for the document upload; every other
     * endpoint keeps 256 KiB, checked here from Content-Length before anything is read.
     */
    @ServerRequestFilter(preMatching = true)
    public Response limitOtherBodies(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length == null || UPLOAD.matcher(request.getUriInfo().getPath()).matches()) {
            return null;
        }
        try {
            if (Long.parseLong(length.strip()) <= OTHER_BODIES) {
                return null;
            }
        } catch (NumberFormatException e) {
            return Problem.of("bad-content-length", "Bad Content-Length", 400, "Content-Length is not a number").toResponse();
        }
        return Problem.of("payload-too-large", "Request body too large", 413,
                "a request body here may have at most " + OTHER_BODIES + " bytes").toResponse();
    }

    private static <E extends Enum<E>> E named(Class<E> type, String parameter, String value, boolean optional) {
        if (value == null || value.isBlank()) {
            if (optional) {
                return null;
            }
            throw ProblemException.badRequest("missing-" + parameter, "The document's " + parameter + " is missing",
                    parameter + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("unknown-" + parameter, "Unknown " + parameter,
                        parameter + " must be one of " + Arrays.toString(type.getEnumConstants())));
    }
}

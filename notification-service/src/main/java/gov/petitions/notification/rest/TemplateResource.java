package gov.petitions.notification.rest;

import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.repository.TemplateRepository;
import gov.petitions.notification.repository.TemplateVersion;
import gov.petitions.notification.service.TemplateCatalog;
import gov.petitions.notification.service.TemplateSandbox;
import gov.petitions.notification.service.Texts;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import io.quarkus.qute.TemplateException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Chinese message texts: one Qute template per message and channel, every edit a new version (the
 * previous ones stay readable), checked before it is saved by parsing it and rendering it with the sample
 * data of its message (a misspelt placeholder fails there, not at 3 a.m. on a petitioner's message).
 *
 * <p>Texts are rendered in the {@link gov.petitions.notification.service.TemplateSandbox}: a text that names a
 * namespace ({@code config:}, {@code inject:} ...) is refused, and rendering is limited in loop work, length and time.
 * Only an admin saves a text or previews a source or data of their own; supervisors and auditors preview the stored
 * texts with their sample data.
 */
@Path("/templates")
@Tag(name = "Templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.SUPERVISOR})
public class TemplateResource {

    private final TemplateRepository templates;
    private final Texts texts;

    public TemplateResource(TemplateRepository templates, Texts texts) {
        this.templates = templates;
        this.texts = texts;
    }

    public record TemplateView(String templateId, Channel channel, String title, int version, String source,
                               String createdBy, String comment, OffsetDateTime createdAt, Map<String, Object> sampleData) {
        static TemplateView of(TemplateVersion v, TemplateCatalog.Entry entry) {
            return new TemplateView(v.templateId(), v.channel(), entry.title(), v.version(), v.source(), v.createdBy(),
                    v.comment(), gov.petitions.platform.time.ChinaTime.inChina(v.createdAt()), entry.sample());
        }
    }

    public record Edit(@NotBlank @Size(max = 20_000) String source, @NotNull @Min(1) Integer basedOnVersion,
                       @Size(max = 500) String comment) {
    }

    public record PreviewRequest(@Size(max = 20_000) String source, @Size(max = 200) Map<String, Object> data) {
    }

    public record Preview(String templateId, Channel channel, String subject, String text) {
    }

    @GET
    @Operation(summary = "Every template, in its current version")
    public List<TemplateView> list() {
        return TemplateCatalog.all().stream().flatMap(entry -> entry.channels().stream()
                .flatMap(channel -> templates.current(entry.id(), channel).stream())
                .map(d -> TemplateView.of(d, entry))).toList();
    }

    @GET
    @Path("{templateId}/{channel}")
    @Operation(summary = "A template's current version")
    public TemplateView current(@PathParam("templateId") String templateId, @PathParam("channel") String channelName) {
        TemplateCatalog.Entry entry = entry(templateId, channelName);
        Channel channel = Channel.valueOf(channelName);
        return templates.current(templateId, channel).map(d -> TemplateView.of(d, entry))
                .orElseThrow(() -> ProblemException.notFound("Template", "No template " + templateId + " for " + channel));
    }

    @GET
    @Path("{templateId}/{channel}/versions")
    @Operation(summary = "Every version of a template, newest first")
    public List<TemplateView> versions(@PathParam("templateId") String templateId,
                                       @PathParam("channel") String channelName) {
        TemplateCatalog.Entry entry = entry(templateId, channelName);
        return templates.history(templateId, Channel.valueOf(channelName)).stream().map(d -> TemplateView.of(d, entry)).toList();
    }

    @PUT
    @Path("{templateId}/{channel}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Save a new version of a template (checked first; 400 if it does not parse or render)")
    public TemplateView edit(@PathParam("templateId") String templateId, @PathParam("channel") String channelName,
                             @Valid @NotNull Edit edit, SecurityContext security) {
        TemplateCatalog.Entry entry = entry(templateId, channelName);
        Channel channel = Channel.valueOf(channelName);
        check(edit.source(), entry.sample());
        TemplateVersion saved = templates.saveNewVersion(templateId, channel, edit.basedOnVersion(), edit.source(),
                        security.getUserPrincipal().getName(), edit.comment())
                .orElseThrow(() -> ProblemException.conflict("template-edited-meanwhile", "Template changed meanwhile",
                        "Version " + edit.basedOnVersion() + " is not the current version of " + templateId + "/" + channel
                                + " any more; reload it and apply your edit again"));
        return TemplateView.of(saved, entry);
    }

    @POST
    @Path("{templateId}/{channel}/preview")
    @Operation(summary = "Render the current version with the sample data; an admin may give a source and data of their own")
    public Preview preview(@PathParam("templateId") String templateId, @PathParam("channel") String channelName,
                           @Valid PreviewRequest request, SecurityContext security) {
        if (request != null && (request.source() != null || request.data() != null) && !security.isUserInRole(Roles.ADMIN)) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", 403,
                    "Only an admin previews a text or data of their own; preview the stored text with an empty body"));
        }
        TemplateCatalog.Entry entry = entry(templateId, channelName);
        Channel channel = Channel.valueOf(channelName);
        Map<String, Object> data = new HashMap<>(entry.sample());
        if (request != null && request.data() != null) {
            data.putAll(request.data());
        }
        String source = request != null && request.source() != null ? request.source()
                : templates.current(templateId, channel).map(TemplateVersion::source)
                .orElseThrow(() -> ProblemException.notFound("Template", "No template " + templateId + " for " + channel));
        return new Preview(templateId, channel, "【信访】" + entry.title()
                + (data.get("trackingNumber") == null ? "" : "（" + data.get("trackingNumber") + "）"), check(source, data));
    }

    private String check(String source, Map<String, Object> data) {
        try {
            return texts.trial(source, data);
        } catch (TemplateSandbox.NotAllowed e) {
            throw ProblemException.badRequest("template-not-allowed", "The template reaches beyond its data",
                    e.getMessage() + ". Use only the placeholders of the message's sample data.");
        } catch (TemplateSandbox.LimitExceeded e) {
            throw new ProblemException(Problem.of("template-too-costly", "The template costs too much to render", 422,
                    "Rendering it was stopped: " + e.getMessage() + "."));
        } catch (TemplateException e) {
            throw ProblemException.badRequest("invalid-template", "The template does not work",
                    "Qute could not parse or render it with the sample data: " + e.getMessage());
        }
    }

    /** The message, if it is sent by the channel named (so that the name is then a {@link Channel}); else 404. */
    private static TemplateCatalog.Entry entry(String templateId, String channel) {
        TemplateCatalog.Entry entry = TemplateCatalog.find(templateId)
                .orElseThrow(() -> ProblemException.notFound("Template", "No message " + templateId));
        if (entry.channels().stream().noneMatch(c -> c.name().equals(channel))) {
            throw ProblemException.notFound("Template", templateId + " is not sent by " + channel + " (it is sent by "
                    + entry.channels().stream().map(Channel::name).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        return entry;
    }
}

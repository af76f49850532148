package gov.petitions.notification.rest;

import gov.petitions.notification.domain.PrintStatus;
import gov.petitions.notification.repository.Petition;
import gov.petitions.notification.repository.Petitions;
import gov.petitions.notification.repository.QueuedLetter;
import gov.petitions.notification.repository.PrintQueueRepository;
import gov.petitions.notification.service.ArchivedCases;
import gov.petitions.notification.service.ContactLookup;
import gov.petitions.notification.service.DeliveryChannel;
import gov.petitions.notification.service.LetterRenderer;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The print queue of written replies (书面答复). A letter is rendered to PDF when it is downloaded, with the
 * addressee's name and address asked of intake at that moment (audited there as LETTER_PRINT, with the petition), so the
 * queue itself holds no clear contact detail.
 *
 * <p>A clerk sees, downloads and marks printed only the letters of petitions within the jurisdiction of their token
 * (and not those that accuse a unit of it: recusal); a clerk whose token names no jurisdiction sees none. Every
 * download is recorded with the person who made it and the petition ({@code print_downloads}).
 */
@Path("/print-queue")
@Tag(name = "Print queue")
@RolesAllowed(Roles.CLERK)
public class PrintQueueResource {

    private final PrintQueueRepository printQueue;
    private final Petitions petitions;
    private final ContactLookup contacts;
    private final LetterRenderer renderer;
    private final SecurityIdentity identity;

    public PrintQueueResource(PrintQueueRepository printQueue, Petitions petitions, ContactLookup contacts,
                              LetterRenderer renderer, SecurityIdentity identity) {
        this.printQueue = printQueue;
        this.petitions = petitions;
        this.contacts = contacts;
        this.renderer = renderer;
        this.identity = identity;
    }

    public record LetterView(String letterId, String petitionId, String template, String title, String addressee,
                             PrintStatus status, OffsetDateTime queuedAt, OffsetDateTime printedAt) {
        static LetterView of(QueuedLetter l) {
            return new LetterView(l.id(), l.petitionId(), l.template(), l.title(), l.addresseeMasked(), l.status(),
                    time(l.queuedAt()), time(l.printedAt()));
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Letters waiting to be printed (or, with status=PRINTED, the ones printed)")
    public List<LetterView> list(@QueryParam("status") @DefaultValue("QUEUED") String status) {
        PrintStatus wanted = java.util.Arrays.stream(PrintStatus.values()).filter(s -> s.name().equals(status))
                .findFirst().orElseThrow(() -> ProblemException.badRequest("bad-status", "Unknown print status",
                        "status is QUEUED or PRINTED"));
        CallerScope caller = CallerScope.of(identity);
        if (caller.jurisdiction().isEmpty()) {
            return List.of();
        }
        return printQueue.byStatus(wanted, caller.jurisdiction().get(), 500).stream()
                .filter(letter -> visible(caller, letter)).map(LetterView::of).toList();
    }

    /** The letter, if the caller may see it; otherwise the same 404 as for a letter that does not exist. */
    private QueuedLetter letter(UUID letterId, CallerScope caller) {
        return printQueue.find(letterId.toString()).filter(letter -> visible(caller, letter))
                .orElseThrow(() -> ProblemException.notFound("Letter", "No letter with id " + letterId));
    }

    private static boolean visible(CallerScope caller, QueuedLetter letter) {
        return letter.scope().map(caller::maySee).orElse(false);
    }

    @GET
    @Path("{letterId}/pdf")
    @Produces({"application/pdf", "application/problem+json"})
    @Operation(summary = "The letter as a printable A4 PDF")
    public Response pdf(@PathParam("letterId") UUID letterId) {
        CallerScope caller = CallerScope.of(identity);
        QueuedLetter letter = letter(letterId, caller);
        if (ArchivedCases.REMOVED.equals(letter.text())) {
            // printed before its case was archived: its text and addressee are gone, there is nothing to print
            throw new ProblemException(Problem.of("case-archived", "Case archived", 410,
                    "The letter's case is archived; its text and addressee were removed. It was printed on "
                            + time(letter.printedAt()) + "."));
        }
        // recorded before the contact is read: no PDF with a clear name leaves without its record
        printQueue.recordDownload(letter.id(), letter.petitionId(), caller.subject());
        String name = null;
        String address = null;
        if (contacts.configured()) {
            try {
                // intake's log names this service and the petition; print_downloads names the person
                ContactLookup.Contact contact = contacts.reveal(letter.recipientRef(), letter.petitionId(),
                        ContactLookup.Purpose.LETTER_PRINT);
                name = contact.name();
                address = contact.address();
            } catch (DeliveryChannel.ChannelFailure e) {
                throw new ProblemException(Problem.of("contact-unavailable", "Addressee unavailable", 503,
                        "The petitioner's name and address could not be fetched from intake: " + e.getMessage()
                                + ". Try again later."));
            }
        }
        String trackingNumber = petitions.registered(letter.petitionId()).map(Petition::trackingNumber).orElse("—");
        LocalDate queued = gov.petitions.platform.time.ChinaTime.dateInChina(letter.queuedAt());
        byte[] pdf = renderer.render(new LetterRenderer.Letter(title(letter.title()), trackingNumber, name,
                address, letter.text(), queued));
        return Response.ok(pdf, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"letter-" + letterId + ".pdf\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{letterId}/printed")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark the letter printed and posted")
    public LetterView printed(@PathParam("letterId") UUID letterId, SecurityContext security) {
        QueuedLetter letter = letter(letterId, CallerScope.of(identity));
        if (!printQueue.markPrinted(letterId.toString(), security.getUserPrincipal().getName())) {
            throw ProblemException.conflict("already-printed", "Already printed",
                    "The letter was marked printed on " + time(letter.printedAt()));
        }
        return LetterView.of(printQueue.find(letterId.toString()).orElseThrow());
    }

    /** The stored subject reads 【信访】title（number）; the letter's heading is the plain title. */
    private static String title(String subject) {
        if (subject == null) {
            return "信访事项告知书";
        }
        String title = subject.replace("【信访】", "");
        int bracket = title.indexOf('（');
        return bracket > 0 ? title.substring(0, bracket) : title;
    }

    private static OffsetDateTime time(Instant instant) {
        // as a person in China reads it (+08:00)
        return instant == null ? null : gov.petitions.platform.time.ChinaTime.inChina(instant);
    }
}

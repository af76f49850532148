package gov.petitions.notification.service;

import gov.petitions.platform.client.CallFailure;
import gov.petitions.notification.client.IntakeCalls;
import gov.petitions.notification.service.DeliveryChannel.ChannelFailure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * A petitioner's contact details, asked of intake-service at the moment of sending (intake audits every
 * read with the purpose given). The answer lives only on the sending thread's stack: it is never stored,
 * cached or logged; what is stored is {@link Masks its masked form}. The call itself, its time-outs, retry and
 * circuit breaker, is {@link IntakeCalls}'s; here every way it fails becomes a {@link ChannelFailure} (the message
 * waits and is tried again).
 */
@ApplicationScoped
public class ContactLookup {

    public record Contact(String name, String phone, String email, String address) {
    }

    /** Why a contact is read: intake accepts only these and keeps them in its access log with the petition. */
    public enum Purpose {
        /** The receipt (受理告知) by SMS. */
        RECEIPT,
        /** A notice on the case's progress by SMS. */
        STATUS_NOTICE,
        /** A written decision queued as a letter (its addressee's masked name). */
        REPLY_LETTER,
        /** A clerk downloads a queued letter with the addressee's name and address. */
        LETTER_PRINT
    }

    private final IntakeCalls intake;

    public ContactLookup(IntakeCalls intake) {
        this.intake = intake;
    }

    public boolean configured() {
        return intake.configured();
    }

    /**
     * @param petitionId the petition the contact is read for; intake records it with the read and answers only for a
     *                   petition of this petitioner
     */
    public Contact reveal(String petitionerRef, String petitionId, Purpose purpose) {
        IntakeCalls.Contact contact;
        try {
            contact = intake.contact(petitionerRef, String.valueOf(petitionId), purpose.name());
        } catch (CallFailure e) {
            throw new ChannelFailure("contact look-up: " + e.getMessage());
        } catch (CircuitBreakerOpenException e) {
            throw new ChannelFailure("contact look-up: intake is failing, not asked for a while (circuit open)");
        } catch (FaultToleranceException e) {
            throw new ChannelFailure("contact look-up: intake did not answer in time");
        }
        return new Contact(contact.name(), contact.phone(), contact.email(), contact.address());
    }
}

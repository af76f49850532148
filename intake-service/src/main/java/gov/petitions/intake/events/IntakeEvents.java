package gov.petitions.intake.events;

import gov.petitions.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** Publishes intake's events through the outbox, in the transaction of the change that caused them. */
@ApplicationScoped
public class IntakeEvents {

    private final Outbox outbox;

    public IntakeEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Records the event in the caller's transaction; the relay sends it after the commit. Returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(IntakeEvent event) {
        return outbox.record(event);
    }
}

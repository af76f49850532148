package gov.petitions.notification.service;

import gov.petitions.platform.client.CallFailure;
import gov.petitions.notification.client.SupervisionCalls;
import gov.petitions.notification.domain.CaseStatus;
import gov.petitions.notification.service.DeliveryChannel.ChannelFailure;
import gov.petitions.notification.service.DeliveryChannel.PermanentFailure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The text of a written decision (书面答复, 复查意见, 复核意见, 不予受理), asked of supervision-service when its letter is
 * sent: events carry no such text (it may name people), so the letter is rendered with it here, with this service's
 * own identity (ServiceTokens), exactly as {@link ContactLookup} asks intake; the call, its time-outs, retry and
 * circuit breaker, is {@link SupervisionCalls}'s. The text is never logged.
 *
 * <p>Supervision unreachable, slow or failing is a {@link ChannelFailure}: the letter waits and is retried, never
 * printed without its text. No decision of that stage (404) is a {@link PermanentFailure}: the letter is dead at once,
 * with that reason, instead of being printed with a wrong text.
 */
@ApplicationScoped
public class WrittenDecisions {

    /** The stages whose decision a letter prints, as supervision names them. */
    public static final Set<CaseStatus> STATUSES = Set.of(CaseStatus.REPLIED, CaseStatus.REVIEW_REPLIED,
            CaseStatus.RE_REVIEW_REPLIED, CaseStatus.FINAL, CaseStatus.NOT_ACCEPTED);

    public record Decision(String petitionId, String trackingNumber, String status, String text, String unitCode,
                           OffsetDateTime decidedAt) {
    }

    private final SupervisionCalls supervision;

    public WrittenDecisions(SupervisionCalls supervision) {
        this.supervision = supervision;
    }

    /**
     * @param status one of {@link #STATUSES}
     * @return the decision, with a text that is not blank
     */
    public Decision of(String petitionId, CaseStatus status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("no written decision at status " + status);
        }
        SupervisionCalls.Decision answer;
        try {
            answer = supervision.writtenDecision(String.valueOf(petitionId), status.name());
        } catch (CallFailure.Refused e) {
            throw new PermanentFailure("written decision: " + e.getMessage() + "; the letter is not printed without it");
        } catch (CallFailure e) {
            throw new ChannelFailure("written decision: " + e.getMessage());
        } catch (CircuitBreakerOpenException e) {
            throw new ChannelFailure("written decision: supervision is failing, not asked for a while (circuit open)");
        } catch (FaultToleranceException e) {
            throw new ChannelFailure("written decision: supervision did not answer in time");
        }
        Decision decision = new Decision(answer.petitionId(), answer.trackingNumber(), answer.status(), answer.text(),
                answer.unitCode(), answer.decidedAt());
        if (!String.valueOf(petitionId).equals(decision.petitionId()) || !status.name().equals(decision.status())) {
            throw new PermanentFailure("written decision: supervision answered for another petition or stage ("
                    + decision.status() + "); the letter is not printed with it");
        }
        if (decision.text() == null || decision.text().isBlank()) {
            throw new PermanentFailure("written decision: supervision's " + status + " decision has no text");
        }
        return decision;
    }
}

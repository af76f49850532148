package gov.petitions.intake.client;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;

/**
 * A service intake depends on cannot answer now (unreachable, slow, failing, or its circuit open): a 503 problem with
 * Retry-After, never a 500. Nothing the caller sent was wrong, and nothing was lost.
 */
public class UnavailableException extends ProblemException {

    /** Long enough for a circuit breaker to try again (its delay is 5 s). */
    public static final int RETRY_AFTER_SECONDS = 5;

    public UnavailableException(Problem problem) {
        super(problem);
    }
}

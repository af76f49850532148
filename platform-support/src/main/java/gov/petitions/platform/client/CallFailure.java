package gov.petitions.platform.client;

/**
 * A call to another service or a provider that failed for a reason of the other side or the network (unreachable,
 * slow, an error status, an answer that is not what was asked): counted by the circuit breaker, and a read is tried
 * once more. The message names the failure only, never what was asked or answered (a petitioner's reference, a phone
 * number, a decision's text), nor the transport's own text (it may echo the URL). No stack trace: it is an outcome of
 * the other side, logged and counted, not a bug.
 */
public class CallFailure extends RuntimeException {

    public CallFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * The other side did not answer in time: counted, but not retried at once (it may still be busy with it); every
     * {@code @Retry} lists it in {@code abortOn}, with fault tolerance's own {@code TimeoutException}.
     */
    public static class TimedOut extends CallFailure {
        public TimedOut(String message) {
            super(message);
        }
    }

    /**
     * The other side answered, and the answer is final (no such thing): neither counted by the circuit breaker (the
     * service is well, {@code skipOn}) nor retried (asking again changes nothing, {@code abortOn}).
     */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}

package gov.petitions.platform.problem;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Whether a request failed because its client went away while the service was still reading it: an HTTP/2 stream the
 * client reset (its own time-out: RST_STREAM CANCEL), a connection it closed. No one is left to answer and nothing is
 * wrong with the service, so it is neither a 500 nor an incident: under overload a load generator's time-outs once
 * logged 274 "Unexpected failure" stack traces in one run, each costing CPU when there was none to spare.
 */
public final class ClientGone {

    /** What proxies log for a request whose client closed it before the answer (nginx's "client closed request"). */
    public static final int STATUS = 499;

    private ClientGone() {
    }

    public static boolean is(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof StreamResetException || t instanceof HttpClosedException
                    || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && (t.getMessage().contains("Connection reset by peer") || t.getMessage().contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }
}

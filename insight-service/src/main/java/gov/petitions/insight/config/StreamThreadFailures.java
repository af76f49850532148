package gov.petitions.insight.config;

import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What happens when the stream thread dies of an exception the topology did not handle (poison records do not get
 * here: they go to the dead-letter topic). Kafka Streams' default shuts the whole client down, and the service then
 * stays up answering every hot-spot query with 503 until someone restarts it. Most such exceptions are passing ones
 * on a busy machine or broker (a transaction that timed out, a producer fenced during a rebalance), so the thread is
 * replaced and picks its tasks up again from the last commit (exactly-once: nothing counted twice).
 *
 * <p>A failure that comes back every time would replace threads forever, so after {@link #MAX_REPLACEMENTS} within
 * {@link #WINDOW} the client is shut down instead: its liveness check then fails and the orchestrator restarts the
 * replica, which is the visible signal an operator needs. Quarkus' Kafka Streams extension installs this bean before
 * it starts the streams.
 */
@ApplicationScoped
@Unremovable
public class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    public StreamThreadFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_REPLACEMENTS) {
            Log.errorf(exception, "the hot-spot stream thread failed %d times within %s; shutting the stream client "
                    + "down so that the liveness check fails and the replica is restarted", recent.size() + 1, WINDOW);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        Log.warnf(exception, "the hot-spot stream thread failed (%d of %d within %s); replacing it, it resumes from "
                + "the last commit", recent.size(), MAX_REPLACEMENTS, WINDOW);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}

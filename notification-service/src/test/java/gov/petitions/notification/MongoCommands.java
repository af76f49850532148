package gov.petitions.notification;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import org.bson.BsonValue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands the service sends to MongoDB (the Quarkus client registers every CommandListener bean), by
 * the kind of thread that sent them, so that a test can see what a petition costs in round trips.
 */
@Singleton
@Unremovable
public class MongoCommands implements CommandListener {

    private static final Set<String> HOUSEKEEPING = Set.of("hello", "ismaster", "isMaster", "buildinfo", "buildInfo",
            "endSessions", "ping", "saslStart", "saslContinue", "killCursors");
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        if (HOUSEKEEPING.contains(name)) {
            return;
        }
        BsonValue target = event.getCommand().get(name);
        String collection = target != null && target.isString() ? target.asString().getValue() : "-";
        COUNTS.computeIfAbsent(role(Thread.currentThread().getName()) + " " + name + " " + collection,
                key -> new LongAdder()).increment();
    }

    private static String role(String thread) {
        if (thread.startsWith("deliver-")) {
            return "delivery";
        }
        if (thread.startsWith("outcome-relay")) {
            return "relay";
        }
        if (thread.startsWith("executor-thread")) {
            return "worker"; // the Kafka consumers' @Blocking handlers, and the scheduled retry scan
        }
        return "other(" + thread.replaceAll("-?\\d+$", "") + ")";
    }

    static void reset() {
        COUNTS.clear();
    }

    static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        COUNTS.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}

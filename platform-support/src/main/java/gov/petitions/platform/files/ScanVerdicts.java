package gov.petitions.platform.files;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * clamd's verdict on stored files, the same way in every service that keeps uploads (intake's materials, supervision's
 * case documents): a file is stored PENDING, clamd scans exactly the bytes that will be served, and its verdict is
 * recorded once (CLEAN, or INFECTED with the signature; never changed after). While clamd cannot be reached the file
 * stays PENDING with the attempt counted, and {@link #rescanPending()} tries again later, oldest first.
 * <p>
 * Each service implements {@link Table} for its own table (its own SQL, and its own say of what still waits) and
 * keeps its own checks of who may upload and read; this class only scans and records. Not a bean: each service makes
 * its own with its clamd client and its nouns for the log.
 */
public final class ScanVerdicts {

    private static final Logger LOG = Logger.getLogger(ScanVerdicts.class);

    /** How many waiting files one rescan takes at the most. */
    static final int RESCAN_BATCH = 50;

    /** A file that waits for its verdict: its id, and the id of what it belongs to (a petition, a case) for the log. */
    public record Waiting(UUID id, UUID ownerId) {
    }

    /** A service's table of scanned files, as the scan needs it. */
    public interface Table {

        /** The oldest files still PENDING, at most {@code limit}, that can still be scanned. */
        List<Waiting> pending(int limit);

        /** The stored bytes of a file (the ones that are served), read as the stream is read. */
        InputStream content(UUID id);

        /**
         * Records clamd's verdict on a file still PENDING (CLEAN, or INFECTED with the signature found) and counts the
         * attempt; a file that has a verdict already keeps it.
         */
        void verdict(UUID id, boolean infected, String signature, Instant at);

        /** Counts an attempt that got no verdict (the file stays PENDING). */
        void attemptFailed(UUID id);
    }

    private final ClamdClient clamd;
    private final Clock clock;
    private final Table table;
    private final String noun;
    private final String ownerNoun;

    /**
     * @param noun      what a file is called in the log ("material", "document")
     * @param ownerNoun what it belongs to ("petition", "case"); the log names both by id only, never by file name
     */
    public ScanVerdicts(ClamdClient clamd, Clock clock, Table table, String noun, String ownerNoun) {
        this.clamd = clamd;
        this.clock = clock;
        this.table = table;
        this.noun = noun;
        this.ownerNoun = ownerNoun;
    }

    /**
     * Has clamd scan {@code content} (the file's stored bytes) and records its verdict. Returns false when clamd
     * could not be reached: the file stays PENDING for {@link #rescanPending()}.
     */
    public boolean scan(Waiting file, InputStream content) {
        try {
            ClamdClient.Verdict verdict = clamd.scan(content);
            if (verdict instanceof ClamdClient.Verdict.Infected infected) {
                table.verdict(file.id(), true, infected.signature(), clock.instant());
                LOG.warnf("%s %s of %s %s quarantined: %s", noun, file.id(), ownerNoun, file.ownerId(),
                        infected.signature());
            } else {
                table.verdict(file.id(), false, null, clock.instant());
            }
            return true;
        } catch (ClamdClient.ScannerUnavailable e) {
            table.attemptFailed(file.id());
            LOG.warnf("%s %s stays pending: %s", noun, file.id(), e.getMessage());
            return false;
        }
    }

    /**
     * Scans what still waits (clamd was down when it came in), oldest first; stops at the first failure to reach
     * clamd rather than knock on a closed door once per file. Each service calls it from its own schedule.
     */
    public void rescanPending() {
        for (Waiting file : table.pending(RESCAN_BATCH)) {
            try (InputStream content = table.content(file.id())) {
                if (!scan(file, content)) {
                    return;
                }
            } catch (IOException e) {
                LOG.warnf("%s %s: %s", noun, file.id(), e.getMessage());
                return;
            }
        }
    }
}

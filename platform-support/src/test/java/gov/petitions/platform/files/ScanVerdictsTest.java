package gov.petitions.platform.files;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The rescan asks clamd once and stops when it cannot be reached, rather than once per waiting file; each attempt is
 * counted. (Verdicts themselves are scanned by a real clamd in intake's MaterialsTest and supervision's
 * CaseDocumentsTest.)
 */
class ScanVerdictsTest {

    /** A table of waiting files in memory that notes what the scan recorded. */
    private static final class Recorded implements ScanVerdicts.Table {
        final List<ScanVerdicts.Waiting> waiting = new ArrayList<>();
        final List<String> recorded = new ArrayList<>();

        @Override
        public List<ScanVerdicts.Waiting> pending(int limit) {
            return waiting.subList(0, Math.min(limit, waiting.size()));
        }

        @Override
        public InputStream content(UUID id) {
            return new ByteArrayInputStream("%PDF-1.4\n".getBytes());
        }

        @Override
        public void verdict(UUID id, boolean infected, String signature, Instant at) {
            recorded.add("verdict " + id);
        }

        @Override
        public void attemptFailed(UUID id) {
            recorded.add("attempt failed " + id);
        }
    }

    @Test
    void whileClamdCannotBeReachedTheRescanStopsAtTheFirstFile() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Recorded table = new Recorded();
        for (int i = 0; i < 3; i++) {
            table.waiting.add(new ScanVerdicts.Waiting(UUID.randomUUID(), UUID.randomUUID()));
        }
        ScanVerdicts scans = new ScanVerdicts(new ClamdClient("127.0.0.1", closed, Duration.ofSeconds(2)),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), table, "material", "petition");
        scans.rescanPending();
        assertEquals(List.of("attempt failed " + table.waiting.get(0).id()), table.recorded);
        assertFalse(scans.scan(table.waiting.get(1), new ByteArrayInputStream(new byte[1])));
    }
}

package gov.petitions.notification.service;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A webhook's sentAt is RFC 3339 even on the minute, when OffsetDateTime's own toString leaves out the seconds. */
class WebhookSentAtTest {

    @Test
    void onTheMinuteTheSecondsAreStillWritten() {
        OffsetDateTime onTheMinute = OffsetDateTime.of(2026, 12, 6, 10, 0, 0, 0, ZoneOffset.ofHours(8));
        assertEquals("2026-12-06T10:00:00+08:00", WebhookChannel.sentAt(onTheMinute));
        // and it reads back as the same instant with a strict RFC 3339 reader
        assertEquals(onTheMinute, OffsetDateTime.parse(WebhookChannel.sentAt(onTheMinute),
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX")));
    }

    @Test
    void fractionsOfASecondAreKept() {
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 6, 10, 0, 5, 120_000_000, ZoneOffset.ofHours(8));
        assertEquals("2026-12-06T10:00:05.12+08:00", WebhookChannel.sentAt(now));
    }
}

package gov.petitions.platform.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An upload's kind from its bytes, its size while it arrives, its name made safe: the same in every service. */
class ReceivedFileTest {

    @TempDir
    Path dir;

    private ReceivedFile.Reason refused(byte[] bytes, long max) {
        Path file = dir.resolve("refused");
        return assertThrows(ReceivedFile.Refused.class,
                () -> ReceivedFile.receive(new ByteArrayInputStream(bytes), file, max)).reason();
    }

    @Test
    void theKindComesFromTheBytesAndTheSizeIsBounded() throws Exception {
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("a");
        assertEquals(FileType.PDF, ReceivedFile.receive(new ByteArrayInputStream(pdf), file, 100));
        assertArrayEquals(pdf, Files.readAllBytes(file));
        assertEquals(ReceivedFile.Reason.EMPTY, refused(new byte[0], 100));
        assertEquals(ReceivedFile.Reason.EXECUTABLE, refused(new byte[] {'M', 'Z', 0, 0}, 100));
        assertEquals(ReceivedFile.Reason.UNSUPPORTED, refused("plain text".getBytes(StandardCharsets.US_ASCII), 100));
        byte[] big = new byte[200_000];
        System.arraycopy(pdf, 0, big, 0, pdf.length);
        assertEquals(ReceivedFile.Reason.TOO_LARGE, refused(big, 100_000));
        assertFalse(Files.exists(dir.resolve("refused")) && Files.size(dir.resolve("refused")) > 100_000,
                "never written past the limit");
    }

    @Test
    void namesKeepTheirLastSegmentAndTakeTheRealExtension() {
        assertEquals("letter.pdf", ReceivedFile.safeName("C:\\Users\\x\\letter.exe", FileType.PDF, "document"));
        assertEquals("照片.jpeg", ReceivedFile.safeName("../照片.jpeg", FileType.JPEG, "document"));
        assertEquals("document.png", ReceivedFile.safeName(null, FileType.PNG, "document"));
        assertEquals("ab.tif", ReceivedFile.safeName("a\u0000b\u202e", FileType.TIFF, "document"));
    }
}

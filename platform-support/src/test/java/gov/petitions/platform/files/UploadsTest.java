package gov.petitions.platform.files;

import gov.petitions.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads received the same way in every service, each refusal worded with the service's own noun. */
class UploadsTest {

    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Uploads uploads(String noun, String owner) {
        return new Uploads(noun, owner, new Uploads.Limits(100, 2, 150, 1_000_000), dir.resolve("work"));
    }

    private static String refusal(Runnable upload) {
        ProblemException e = assertThrows(ProblemException.class, upload::run);
        return e.problem().status() + " " + e.problem().type().toString().replaceAll(".*/", "") + ": "
                + e.problem().detail();
    }

    private long workFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("work"))) {
            return files.count();
        }
    }

    @Test
    void aFileFitToKeepWaitsInAWorkFileUntilClosed() throws Exception {
        Uploads.Received kept;
        try (Uploads.Received file = uploads("material", "petition").receive(new ByteArrayInputStream(PDF))) {
            kept = file;
            assertEquals(FileType.PDF, file.type());
            assertEquals(PDF.length, file.size());
            assertEquals(ReceivedFile.sha256(file.file()), file.sha256());
            assertEquals(1, workFiles());
        }
        assertFalse(Files.exists(kept.file()));
        assertEquals(0, workFiles());
    }

    @Test
    void refusalsNameTheServicesNounAndLeaveNoWorkFile() throws Exception {
        Uploads materials = uploads("material", "petition");
        Uploads documents = uploads("document", "case");
        assertEquals("400 empty-material: a material of 0 bytes was sent",
                refusal(() -> receive(materials, new byte[0])));
        assertEquals("415 unsupported-document-type: the file is a program, whatever its name says; accepted are PDF, "
                + "JPEG, PNG and TIFF", refusal(() -> receive(documents, new byte[] {'M', 'Z', 0, 0})));
        byte[] big = new byte[300];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        assertEquals("413 document-too-large: a document may have at most 100 bytes",
                refusal(() -> receive(documents, big)));
        assertEquals("415 unreadable-image: the file begins like image/png but is not an image that can be read and "
                + "re-encoded", refusal(() -> receive(materials, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n',
                0x1A, '\n', 0, 0})));
        assertEquals(0, workFiles());
        assertEquals("413 material-too-large: a material may have at most 100 bytes",
                refusal(() -> materials.refuseDeclaredTooLarge("101")));
        materials.refuseDeclaredTooLarge("100");
        materials.refuseDeclaredTooLarge(null);
    }

    @Test
    void anOwnerHasAtMostItsAllowance() {
        Uploads documents = uploads("document", "case");
        documents.checkAllowance(new Uploads.Usage(1, 100), 50);
        assertEquals("409 too-many-documents: a case may have at most 2 documents",
                refusal(() -> documents.checkAllowance(new Uploads.Usage(2, 0), 0)));
        assertEquals("413 documents-too-large: a case's documents may have at most 150 bytes together",
                refusal(() -> documents.checkAllowance(new Uploads.Usage(1, 100), 51)));
    }

    @Test
    void theFileNameHeaderIsPercentEncodedUtf8() {
        assertEquals("信访 材料+1.pdf", Uploads.decodeName("%E4%BF%A1%E8%AE%BF%20%E6%9D%90%E6%96%99+1.pdf"));
        assertNull(Uploads.decodeName("%E4%ZZ"));
        assertNull(Uploads.decodeName(null));
        assertTrue(uploads("material", "petition").safeName(null, FileType.PDF).equals("material.pdf"));
    }

    private static void receive(Uploads uploads, byte[] bytes) {
        try (Uploads.Received ignored = uploads.receive(new ByteArrayInputStream(bytes))) {
            throw new AssertionError("kept");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package gov.petitions.platform.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * An upload as it is received, the same way in every service: read once from the request body in chunks into a
 * private work file, its kind decided by its first bytes ({@link FileType}), its size counted while it arrives.
 * What may not be kept is refused with a {@link Refused} naming why; each service words its own problem from it.
 */
public final class ReceivedFile {

    /** Why an upload is not kept. */
    public enum Reason { EMPTY, UNSUPPORTED, EXECUTABLE, TOO_LARGE }

    public static final class Refused extends Exception {
        private final Reason reason;

        Refused(Reason reason) {
            super(reason.name());
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private ReceivedFile() {
    }

    /**
     * Reads {@code body} into {@code file}: the first bytes decide the kind, the count decides the size. An upload
     * over {@code maxBytes} is read to its end and dropped (so the client hears the refusal rather than a reset
     * connection; the server's max-body-size bounds that) and never written past the limit; so is one of a kind not
     * accepted.
     */
    public static FileType receive(InputStream body, Path file, long maxBytes) throws IOException, Refused {
        byte[] head = new byte[FileType.HEAD];
        int headLength = body.readNBytes(head, 0, head.length);
        if (headLength == 0) {
            throw new Refused(Reason.EMPTY);
        }
        Optional<FileType> type = FileType.sniff(head, headLength);
        if (type.isEmpty()) {
            drain(body);
            throw new Refused(FileType.isExecutable(head, headLength) ? Reason.EXECUTABLE : Reason.UNSUPPORTED);
        }
        long total = headLength;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head, 0, headLength);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    drain(body);
                    throw new Refused(Reason.TOO_LARGE);
                }
                out.write(buffer, 0, n);
            }
        }
        return type.get();
    }

    /** Reads what the client still sends, so that it hears the answer; a client that stopped has nothing to drain. */
    public static void drain(InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // the client stopped sending: nothing to drain
        }
    }

    /**
     * The name to show and to offer on download: the last path segment, printable characters only, at most 120, and
     * the extension of what the file really is (a PDF named x.exe is offered as x.pdf); {@code fallback} when none.
     */
    public static String safeName(String given, FileType type, String fallback) {
        String name = given == null ? "" : Normalizer.normalize(given, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\\p{Cf}\"<>:|?*]", "").strip();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : (dot == 0 ? "" : name);
        String extension = dot >= 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        if (stem.isBlank()) {
            stem = fallback;
        }
        if (stem.codePointCount(0, stem.length()) > 120) {
            stem = stem.substring(0, stem.offsetByCodePoints(0, 120));
        }
        boolean fits = extension.equals(type.extension) || (type == FileType.JPEG && extension.equals("jpeg"))
                || (type == FileType.TIFF && extension.equals("tiff"));
        return stem + "." + (fits ? extension : type.extension);
    }

    /** The file's SHA-256, hex, read in chunks. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

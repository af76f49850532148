package gov.petitions.platform.files;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Uploads of one kind of file (intake's materials of a petition, supervision's documents of a case), received the same
 * way in every service: read once from the request body into a private work file ({@link ReceivedFile}: the kind from
 * the first bytes, the size counted as it arrives), an image re-encoded without its metadata ({@link ImageSanitizer}),
 * its digest taken; whatever may not be kept refused with a problem (RFC 9457) worded with the service's noun
 * ({@code empty-material}, {@code unsupported-document-type}, …), as are uploads beyond what their owner (a petition,
 * a case) may have. Storing it, and who may upload, stay the service's; {@link ScanVerdicts} scans what it stored.
 */
public final class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class);

    /** How long an image waits for its turn to be decoded before the upload is answered 503. */
    private static final Duration DECODING_WAIT = Duration.ofSeconds(20);

    /**
     * @param maxFileBytes   the largest file (a larger one is 413)
     * @param maxPerOwner    the most files one owner may have (quarantined ones count)
     * @param maxTotalBytes  the most bytes one owner's files may have together
     * @param maxImagePixels an image's pixels (all pages of a TIFF together): decoding holds them in memory
     */
    public record Limits(long maxFileBytes, int maxPerOwner, long maxTotalBytes, long maxImagePixels) {
    }

    /** Count and total size of one owner's files (quarantined ones included: they were uploaded too). */
    public record Usage(int count, long bytes) {
    }

    /**
     * An upload received and fit to keep, in a private work file until {@link #close()} deletes it: its kind, its
     * size and SHA-256, all of the bytes that will be stored, scanned and served.
     */
    public static final class Received implements AutoCloseable {
        private final FileType type;
        private final Path file;
        private final Path[] workFiles;
        private final long size;
        private final String sha256;

        private Received(FileType type, Path file, Path... workFiles) throws IOException {
            this.type = type;
            this.file = file;
            this.workFiles = workFiles;
            this.size = Files.size(file);
            this.sha256 = ReceivedFile.sha256(file);
        }

        public FileType type() {
            return type;
        }

        public Path file() {
            return file;
        }

        public long size() {
            return size;
        }

        public String sha256() {
            return sha256;
        }

        @Override
        public void close() {
            delete(workFiles);
        }
    }

    private final String noun;
    private final String owner;
    private final Limits limits;
    private final Path workDir;

    /**
     * @param noun    what one file is called in the problems ("material", "document"; its plural adds an s)
     * @param owner   what the files belong to ("petition", "case")
     * @param workDir where uploads wait while received and checked (private files, deleted at once)
     */
    public Uploads(String noun, String owner, Limits limits, Path workDir) {
        this.noun = noun;
        this.owner = owner;
        this.limits = limits;
        this.workDir = workDir;
    }

    /**
     * Takes the upload from {@code body} (read once, in chunks, into a private work file) and makes it fit to keep,
     * or refuses it with a problem (its work files deleted either way once refused).
     */
    public Received receive(InputStream body) throws IOException {
        Path received = null;
        Path cleaned = null;
        try {
            Files.createDirectories(workDir);
            received = Files.createTempFile(workDir, "upload-", ".part");
            FileType type = receive(body, received);
            if (!type.isImage()) {
                return new Received(type, received, received);
            }
            cleaned = Files.createTempFile(workDir, "clean-", ".part");
            reencode(type, received, cleaned);
            return new Received(type, cleaned, received, cleaned);
        } catch (IOException | RuntimeException e) {
            delete(received, cleaned);
            throw e;
        }
    }

    /** The name to show and to offer on download ({@link ReceivedFile#safeName}; the noun when none is left). */
    public String safeName(String given, FileType type) {
        return ReceivedFile.safeName(given, type, noun);
    }

    /** Refuses an upload of {@code adding} bytes that the owner, with what it has, may not have. */
    public void checkAllowance(Usage usage, long adding) {
        if (usage.count() >= limits.maxPerOwner()) {
            throw problem("too-many-" + noun + "s", "The " + owner + " has all the " + noun + "s it may have", 409,
                    "a " + owner + " may have at most " + limits.maxPerOwner() + " " + noun + "s");
        }
        if (usage.bytes() + adding > limits.maxTotalBytes()) {
            throw problem(noun + "s-too-large", "The " + owner + "'s " + noun + "s would be too large", 413,
                    "a " + owner + "'s " + noun + "s may have at most " + limits.maxTotalBytes() + " bytes together");
        }
    }

    /**
     * Refuses an upload whose Content-Length says it is larger than a file may be, before a byte of it is read (a
     * body of unknown length is counted as it arrives instead).
     */
    public void refuseDeclaredTooLarge(String contentLength) {
        if (contentLength == null) {
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("bad-content-length", "Bad Content-Length",
                    "Content-Length is not a number");
        }
        if (declared > limits.maxFileBytes()) {
            throw tooLarge();
        }
    }

    /** The file's name as the X-File-Name header gives it, percent-encoded UTF-8; one that does not decode is none. */
    public static String decodeName(String header) {
        if (header == null || header.length() > 1000) {
            return null;
        }
        try {
            return URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public ProblemException tooLarge() {
        return problem(noun + "-too-large", "The file is too large", 413,
                "a " + noun + " may have at most " + limits.maxFileBytes() + " bytes");
    }

    /**
     * Reads the upload into {@code file}: the first bytes decide the kind, the count decides the size; an upload over
     * the limit is read to its end and dropped, never written past the limit.
     */
    private FileType receive(InputStream body, Path file) throws IOException {
        try {
            return ReceivedFile.receive(body, file, limits.maxFileBytes());
        } catch (ReceivedFile.Refused refused) {
            throw switch (refused.reason()) {
                case EMPTY -> ProblemException.badRequest("empty-" + noun, "The file is empty",
                        "a " + noun + " of 0 bytes was sent");
                case EXECUTABLE -> problem("unsupported-" + noun + "-type", "This kind of file is not accepted", 415,
                        "the file is a program, whatever its name says; accepted are PDF, JPEG, PNG and TIFF");
                case UNSUPPORTED -> problem("unsupported-" + noun + "-type", "This kind of file is not accepted", 415,
                        "accepted are PDF, JPEG, PNG and TIFF, recognised by their content");
                case TOO_LARGE -> tooLarge();
            };
        }
    }

    private void reencode(FileType type, Path received, Path cleaned) throws IOException {
        // decoding holds a page's pixels in memory: the platform lets two images at a time be decoded per process
        if (!ImageSanitizer.acquireDecoding(DECODING_WAIT)) {
            throw problem("images-busy", "Too many images are being processed", 503,
                    "other images are being re-encoded right now; send this one again in a minute");
        }
        try {
            ImageSanitizer.reencode(type, received, cleaned, limits.maxImagePixels());
        } catch (ImageSanitizer.Unreadable e) {
            throw problem("unreadable-image", "The image cannot be read", 415,
                    "the file begins like " + type.mediaType + " but is not an image that can be read and re-encoded");
        } catch (ImageSanitizer.TooManyPixels e) {
            throw problem("image-too-large", "The image has too many pixels", 413, e.getMessage());
        } finally {
            ImageSanitizer.releaseDecoding();
        }
    }

    private static ProblemException problem(String slug, String title, int status, String detail) {
        return new ProblemException(Problem.of(slug, title, status, detail));
    }

    private static void delete(Path... files) {
        for (Path file : files) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("could not delete work file %s: %s", file.getFileName(), e.getMessage());
                }
            }
        }
    }
}

package gov.petitions.platform.files;

import java.util.Optional;

/**
 * The kinds of file the platform accepts as uploads (intake's materials, supervision's case documents), recognised
 * by their first bytes (magic numbers), never by the name or the Content-Type the uploader gives: a program renamed
 * to letter.pdf is still a program.
 */
public enum FileType {
    PDF("application/pdf", "pdf"),
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    TIFF("image/tiff", "tif");

    /** Enough of the head of a file to recognise every kind below. */
    public static final int HEAD = 16;

    public final String mediaType;
    public final String extension;

    FileType(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public boolean isImage() {
        return this != PDF;
    }

    /** What the head of a file says it is, if one of the accepted kinds. */
    public static Optional<FileType> sniff(byte[] head, int length) {
        if (startsWith(head, length, '%', 'P', 'D', 'F', '-')) {
            return Optional.of(PDF);
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, length, 'I', 'I', 0x2A, 0x00) || startsWith(head, length, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        return Optional.empty();
    }

    /** A program's header (Windows PE "MZ", ELF, Mach-O, a script's "#!"): said so in the refusal. */
    public static boolean isExecutable(byte[] head, int length) {
        return startsWith(head, length, 'M', 'Z')
                || startsWith(head, length, 0x7F, 'E', 'L', 'F')
                || startsWith(head, length, 0xCF, 0xFA, 0xED, 0xFE)
                || startsWith(head, length, 0xFE, 0xED, 0xFA, 0xCF)
                || startsWith(head, length, 0xCA, 0xFE, 0xBA, 0xBE)
                || startsWith(head, length, '#', '!');
    }

    public static FileType ofMediaType(String mediaType) {
        for (FileType t : values()) {
            if (t.mediaType.equals(mediaType)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not an accepted file type: " + mediaType);
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}

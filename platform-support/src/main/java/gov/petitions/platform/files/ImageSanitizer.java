package gov.petitions.platform.files;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Images are decoded and written anew before anyone can download them: only the pixels survive, not EXIF (a phone's
 * GPS position of the petitioner's home, the camera's serial), XMP, comments or whatever a crafted file carries
 * after its image data. Decoding needs the pixels in memory, so an image's size in pixels is bounded first, from
 * its header, before any pixel is decoded (a small file can claim a huge canvas).
 */
public final class ImageSanitizer {

    /** The file is not an image ImageIO can read although its head says so (truncated, crafted, CMYK JPEG...). */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** More pixels than the service allows (intake.materials.max-image-pixels, supervision.documents.max-image-pixels). */
    public static final class TooManyPixels extends Exception {
        TooManyPixels(String message) {
            super(message);
        }
    }

    /** Images re-encoded at once in this process, whichever service's upload they came with. */
    private static final Semaphore DECODING = new Semaphore(2, true);

    private ImageSanitizer() {
    }

    /**
     * Decoding holds a page's pixels in memory: at most two at a time, whatever arrives at once. False when no turn
     * came within {@code wait} (the caller answers 503); true obliges the caller to {@link #releaseDecoding()}.
     */
    public static boolean acquireDecoding(Duration wait) {
        try {
            return DECODING.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static void releaseDecoding() {
        DECODING.release();
    }

    /** Re-encodes {@code source} (of the given type) into {@code target}; every page of a multi-page TIFF. */
    public static void reencode(FileType type, Path source, Path target, long maxPixels) throws IOException, Unreadable, TooManyPixels {
        try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mediaType);
            if (in == null || !readers.hasNext()) {
                throw new Unreadable("no reader for " + type.mediaType);
            }
            ImageReader reader = readers.next();
            try {
                // metadata is never read, so it cannot come along
                reader.setInput(in, false, true);
                int pages = type == FileType.TIFF ? reader.getNumImages(true) : 1;
                if (pages < 1 || pages > 500) {
                    throw new Unreadable("a TIFF of " + pages + " pages");
                }
                long pixels = 0;
                for (int i = 0; i < pages; i++) {
                    pixels += (long) reader.getWidth(i) * reader.getHeight(i);
                }
                if (pixels > maxPixels) {
                    throw new TooManyPixels(pixels + " pixels, at most " + maxPixels);
                }
                ImageWriter writer = ImageIO.getImageWritersByMIMEType(type.mediaType).next();
                Files.deleteIfExists(target);
                try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
                    writer.setOutput(out);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    if (type == FileType.JPEG) {
                        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        param.setCompressionQuality(0.92f);
                    } else if (type == FileType.TIFF) {
                        // uncompressed, a scanned page would be several times the upload
                        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        param.setCompressionType("Deflate");
                    }
                    if (type == FileType.TIFF) {
                        writer.prepareWriteSequence(null);
                        for (int i = 0; i < pages; i++) {
                            writer.writeToSequence(new IIOImage(decode(reader, i), null, null), param);
                        }
                        writer.endWriteSequence();
                    } else {
                        BufferedImage image = decode(reader, 0);
                        if (type == FileType.JPEG && image.getColorModel().hasAlpha()) {
                            throw new Unreadable("a JPEG with an alpha channel");
                        }
                        writer.write(null, new IIOImage(image, null, null), param);
                    }
                } finally {
                    writer.dispose();
                }
            } catch (IOException | RuntimeException e) {
                // ImageIO reports a broken file in many ways; none of them is the server's fault
                throw new Unreadable(e.getClass().getSimpleName());
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The most bytes one decoded page may take: a 48-megapixel phone photo would be ~150 MB at 8 bits per band, a small
     * 16-bit RGBA PNG of 7000 × 7000 zeros ~400 MB. Pages above it are decoded subsampled (every 2nd, 3rd … pixel in
     * each direction), so memory is bounded by this and not by what the file claims; the copy served is smaller.
     */
    static final long MAX_DECODED_BYTES = 48L * 1024 * 1024;

    private static BufferedImage decode(ImageReader reader, int index) throws IOException {
        long pixels = (long) reader.getWidth(index) * reader.getHeight(index);
        long bytes = pixels * bytesPerPixel(reader, index);
        if (bytes <= MAX_DECODED_BYTES) {
            return reader.read(index);
        }
        int step = (int) Math.ceil(Math.sqrt((double) bytes / MAX_DECODED_BYTES));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(index, param);
    }

    /** Bytes per decoded pixel, from the reader's own image type; 8 (16-bit RGBA, the most) when it does not say. */
    private static long bytesPerPixel(ImageReader reader, int index) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(index);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(index);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 8;
        }
        java.awt.image.SampleModel model = type.getSampleModel();
        int bits = 0;
        for (int size : model.getSampleSize()) {
            bits += size;
        }
        // a packed or banded buffer holds at least a byte per band, and Java2D may widen to 4 bytes per pixel (int RGB)
        return Math.max(4, Math.max(model.getNumBands(), (bits + 7) / 8));
    }
}

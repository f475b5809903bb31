package keras4j.datasets.internal;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

import keras4j.Keras4jException;

/**
 * Reads an image file that may be damaged, cut short or hostile, with bounded memory: the size the
 * header declares is checked before any pixel is decoded, large images are decoded subsampled, and
 * whatever the decoder reports (warnings included: the JDK's JPEG reader only warns when a file is
 * cut short and fills the rest in gray) refuses the file with a one-line {@link Keras4jException}.
 *
 * <pre>{@code
 * BufferedImage image = ImageFiles.read(Path.of("seven.jpg"));   // at most DECODE_PIXELS pixels
 * }</pre>
 */
public final class ImageFiles {
    /**
     * The most pixels (width x height) a file may declare: 50 megapixels. Phone photos (12 to 50
     * megapixels) and A4 pages scanned at 600 dpi (35) fit; beyond it a file is far more likely a
     * decompression bomb than a drawing. Memory does not depend on it (see {@link #DECODE_PIXELS}),
     * but the decoder's time does (it reads every pixel even when keeping few), and so does a
     * progressive JPEG's native buffer (about 6 bytes a pixel, 300 MB at the limit).
     */
    public static final long MAX_PIXELS = 50_000_000L;
    /**
     * Images with more pixels than this (4 megapixels) are decoded keeping every n-th pixel of every
     * n-th row, with the smallest n that brings them within it: the decoded image and its gray copy
     * then take at most about 50 MB whatever the file declares. That is still over 60 times the
     * resolution the drawing is scaled to (a 20 or 28 pixel box), so the result hardly changes.
     */
    public static final long DECODE_PIXELS = 4_000_000L;

    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");
    private static final String EXPECTED = "Expected a PNG, JPEG, GIF or BMP image.";

    private ImageFiles() {
    }

    /**
     * @param file a PNG, JPEG, GIF or BMP file
     * @return its pixels (subsampled when it has more than {@link #DECODE_PIXELS})
     * @throws Keras4jException when the file is missing, not such an image, declares more than
     *                          {@link #MAX_PIXELS}, or is damaged or cut short
     */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Keras4jException("Image file " + file + " does not exist (or is not a file). Check the path.");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = in == null ? null : readerFor(in);
            if (reader == null) {
                throw new Keras4jException("File " + file + " is not an image keras4j can read. " + EXPECTED);
            }
            List<String> warnings = new ArrayList<>();
            try {
                return decode(file, reader, in, warnings);
            } catch (IOException | RuntimeException e) {
                if (e instanceof Keras4jException k) {
                    throw k;
                }
                // Decoders of damaged data throw IIOExceptions and, for some damage, any runtime exception.
                throw damaged(file, reader, e, warnings, false);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new Keras4jException("Image file " + file + " can't be read (" + (e.getMessage() == null ? e
                    : e.getMessage()) + "). " + EXPECTED, e);
        }
    }

    private static BufferedImage decode(Path file, ImageReader reader, ImageInputStream in, List<String> warnings)
            throws IOException {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0) {
            throw new Keras4jException("Image file " + file + " is damaged: its header declares " + width + " x "
                    + height + " pixels. " + EXPECTED);
        }
        if (pixels > MAX_PIXELS) {
            throw new Keras4jException(String.format(Locale.ROOT, "Image file %s declares %d x %d pixels (%.1f "
                    + "megapixels), more than keras4j decodes (%d megapixels). Scale it down first: a drawing "
                    + "needs a few hundred pixels a side.", file, width, height, pixels / 1e6,
                    MAX_PIXELS / 1_000_000));
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = subsampling(pixels);
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw damaged(file, reader, e, warnings, atEnd(in));
        }
        if (!warnings.isEmpty()) {
            throw damaged(file, reader, null, warnings, atEnd(in));
        }
        return image;
    }

    /** @return whether the decoder got to the end of the file (so failing there means the pixels are cut short) */
    private static boolean atEnd(ImageInputStream in) {
        try {
            return in.length() >= 0 && in.getStreamPosition() >= in.length();
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the smallest step n for which keeping every n-th pixel of every n-th row fits DECODE_PIXELS */
    static int subsampling(long pixels) {
        int step = 1;
        while (pixels > DECODE_PIXELS * step * step) {
            step++;
        }
        return step;
    }

    private static ImageReader readerFor(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            ImageReaderSpi provider = reader.getOriginatingProvider();
            if (provider != null && Arrays.stream(provider.getFormatNames())
                    .anyMatch(name -> FORMATS.contains(name.toLowerCase(Locale.ROOT)))) {
                return reader;
            }
            reader.dispose();
        }
        return null;
    }

    private static Keras4jException damaged(Path file, ImageReader reader, Exception failure, List<String> warnings,
                                            boolean atEnd) {
        String format = formatName(reader);
        // The JPEG decoder reads ahead in blocks, so where it stopped says little; its warnings say it.
        boolean cutShort = (atEnd && !format.equals("JPEG"))
                || warnings.stream().anyMatch(w -> w.contains("Truncated") || w.contains("premature end"));
        String detail = warnings.isEmpty() ? null : warnings.get(0);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            cutShort |= t instanceof EOFException;
            if (detail == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                detail = t.getMessage();
            }
        }
        String said = detail == null ? "" : " (the " + format + " decoder says: " + detail.strip() + ")";
        String message = cutShort
                ? "Image file " + file + " is cut short: the file ends before its " + format + " image data does"
                        + said + ". Copy or save it again."
                : "Image file " + file + " is damaged: its " + format + " data can't be decoded" + said + ". Copy or "
                        + "save it again, or convert it to PNG with an image editor.";
        return new Keras4jException(message, failure);
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }
}

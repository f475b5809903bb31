package keras4j.datasets.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;

import keras4j.Keras4jException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads IDX files (the MNIST format), raw or gzip, checking the magic number, the dimensions, the
 * example count, the length and the label range, with errors that name the file.
 *
 * <pre>{@code
 * INDArray x = IdxReader.readImages(path, 60000, 28, 28);   // [60000, 28, 28], 0..255
 * INDArray y = IdxReader.readLabels(labelsPath, 60000, 10);  // [60000], 0..9
 * }</pre>
 */
public final class IdxReader {
    /** Magic number of an image file: unsigned bytes, three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Bytes before the first pixel of a raw image file. */
    public static final long IMAGES_HEADER_BYTES = 16;
    /** Any count or dimension means "do not check". */
    public static final int ANY = -1;

    private static final int CHUNK = 1 << 16;

    private IdxReader() {
    }

    /**
     * The dimensions in a file's header: {@code [count, rows, columns]} for images, {@code [count]}
     * for labels.
     *
     * @param dims the dimensions
     */
    public record Header(int[] dims) {
        /** @return the number of examples */
        public int count() {
            return dims[0];
        }

        /** @return the product of the dimensions after the first */
        public long exampleSize() {
            long size = 1;
            for (int i = 1; i < dims.length; i++) {
                size *= dims[i];
            }
            return size;
        }
    }

    /**
     * Reads and checks the header of a raw or gzip IDX file.
     *
     * @param file the file
     * @param kind images or labels
     * @return its header
     */
    public static Header readHeader(Path file, IdxFile.Kind kind) {
        try (DataInputStream in = open(file)) {
            return readHeader(in, file, kind);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * @param file          a raw or gzip IDX image file
     * @param expectedCount the number of images it must hold, or {@link #ANY}
     * @param rows          the image height it must have, or {@link #ANY}
     * @param columns       the image width it must have, or {@link #ANY}
     * @return float pixel values 0..255, shape {@code [count, rows, columns]}
     */
    public static INDArray readImages(Path file, int expectedCount, int rows, int columns) {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(in, file, IdxFile.Kind.IMAGES);
            checkDimension(file, "images", header.count(), expectedCount);
            checkDimension(file, "rows per image", header.dims()[1], rows);
            checkDimension(file, "columns per image", header.dims()[2], columns);
            long total = header.count() * header.exampleSize();
            if (total > Integer.MAX_VALUE) {
                throw new Keras4jException("File " + file + " announces " + header.count() + " images of "
                        + header.dims()[1] + "x" + header.dims()[2] + " pixels, more than one array can hold. "
                        + "Expected an MNIST-sized file; check that this is the right file.");
            }
            checkSize(file, 16 + total, header);
            INDArray images = Nd4j.createUninitialized(DataType.FLOAT, header.count(), header.dims()[1],
                    header.dims()[2]);
            FloatBuffer target = images.data().asNioFloat();
            byte[] bytes = new byte[CHUNK];
            float[] floats = new float[CHUNK];
            long done = 0;
            while (done < total) {
                int want = (int) Math.min(CHUNK, total - done);
                int got = in.readNBytes(bytes, 0, want);
                if (got < want) {
                    throw truncated(file, 16 + done + got, 16 + total, header);
                }
                for (int i = 0; i < got; i++) {
                    floats[i] = bytes[i] & 0xff;
                }
                target.put(floats, 0, got);
                done += got;
            }
            checkEnd(in, file, 16 + total, header);
            return images;
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * @param file          a raw or gzip IDX label file
     * @param expectedCount the number of labels it must hold, or {@link #ANY}
     * @param numClasses    every label must be below this
     * @return the labels as bytes, one per example
     */
    public static byte[] readLabelBytes(Path file, int expectedCount, int numClasses) {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(in, file, IdxFile.Kind.LABELS);
            checkDimension(file, "labels", header.count(), expectedCount);
            checkSize(file, 8L + header.count(), header);
            byte[] labels = new byte[header.count()];
            int got = in.readNBytes(labels, 0, labels.length);
            if (got < labels.length) {
                throw truncated(file, 8L + got, 8L + labels.length, header);
            }
            checkEnd(in, file, 8L + labels.length, header);
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xff;
                if (label >= numClasses) {
                    throw new Keras4jException("File " + file + " has label " + label + " at index " + i
                            + "; expected labels 0.." + (numClasses - 1) + ". The file is corrupt or belongs to "
                            + "another data set: delete it and load again to fetch a verified copy.");
                }
            }
            return labels;
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * @param file          a raw or gzip IDX label file
     * @param expectedCount the number of labels it must hold, or {@link #ANY}
     * @param numClasses    every label must be below this
     * @return class ids as float values, shape {@code [count]}
     */
    public static INDArray readLabels(Path file, int expectedCount, int numClasses) {
        byte[] labels = readLabelBytes(file, expectedCount, numClasses);
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i] & 0xff;
        }
        return Nd4j.createFromArray(values);
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(Compression.decompressed(Files.newInputStream(file)));
    }

    private static Header readHeader(DataInputStream in, Path file, IdxFile.Kind kind) throws IOException {
        int expectedMagic = kind == IdxFile.Kind.IMAGES ? IMAGES_MAGIC : LABELS_MAGIC;
        String what = kind == IdxFile.Kind.IMAGES ? "image" : "label";
        byte[] magicBytes = in.readNBytes(4);
        if (magicBytes.length < 4) {
            throw new Keras4jException("File " + file + " is too short to be an IDX " + what + " file: it has "
                    + magicBytes.length + " bytes, expected at least a 4-byte magic number 0x"
                    + String.format("%08X", expectedMagic) + ". Delete it and load again to fetch a verified copy.");
        }
        int magic = ((magicBytes[0] & 0xff) << 24) | ((magicBytes[1] & 0xff) << 16) | ((magicBytes[2] & 0xff) << 8)
                | (magicBytes[3] & 0xff);
        if (magic != expectedMagic) {
            throw new Keras4jException("File " + file + " is not an IDX " + what + " file: its magic number is 0x"
                    + String.format("%08X", magic) + ", expected 0x" + String.format("%08X", expectedMagic)
                    + ". Check that the file is the " + what + " file of the data set (not its "
                    + (kind == IdxFile.Kind.IMAGES ? "labels" : "images") + ", not an HTML error page).");
        }
        int[] dims = new int[magic & 0xff];
        for (int i = 0; i < dims.length; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new Keras4jException("File " + file + " is truncated inside its header: it ends before "
                        + "dimension " + (i + 1) + " of " + dims.length + ". Delete it and load again to fetch a "
                        + "verified copy.", e);
            }
            if (dims[i] <= 0) {
                throw new Keras4jException("File " + file + " has dimension " + (i + 1) + " = " + dims[i]
                        + " in its header; expected a positive size. The file is corrupt: delete it and load "
                        + "again to fetch a verified copy.");
            }
        }
        return new Header(dims);
    }

    private static void checkDimension(Path file, String what, int actual, int expected) {
        if (expected != ANY && actual != expected) {
            throw new Keras4jException("File " + file + " holds " + actual + " " + what + ", expected " + expected
                    + ". It is not the file of this data set (or it is damaged): delete it and load again to "
                    + "fetch a verified copy.");
        }
    }

    /** Refuses a file whose size doesn't match its header before allocating what the header announces. */
    private static void checkSize(Path file, long expectedLength, Header header) throws IOException {
        long size = Compression.uncompressedSize(file);
        boolean wrapped = size <= 0xffffffffL && (expectedLength & 0xffffffffL) == size;
        if (size == expectedLength || wrapped) {
            return;
        }
        if (size < expectedLength) {
            throw truncated(file, size, expectedLength, header);
        }
        throw longerThanAnnounced(file, expectedLength, header);
    }

    private static void checkEnd(InputStream in, Path file, long expectedLength, Header header) throws IOException {
        if (in.read() >= 0) {
            throw longerThanAnnounced(file, expectedLength, header);
        }
    }

    private static Keras4jException longerThanAnnounced(Path file, long expectedLength, Header header) {
        return new Keras4jException("File " + file + " is longer than its header announces ("
                + describe(header) + ", " + expectedLength + " bytes uncompressed). It is not an intact IDX "
                + "file: delete it and load again to fetch a verified copy.");
    }

    private static Keras4jException truncated(Path file, long actual, long expected, Header header) {
        return new Keras4jException("File " + file + " is truncated: it ends after " + actual + " of the "
                + expected + " bytes (uncompressed) its header announces (" + describe(header) + "). An "
                + "interrupted download or copy? Delete it and load again to fetch a verified copy.");
    }

    private static String describe(Header header) {
        int[] d = header.dims();
        return d.length == 3 ? d[0] + " images of " + d[1] + "x" + d[2] : d[0] + " labels";
    }

    private static Keras4jException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new Keras4jException("File " + file + " does not exist. Check the path, or let keras4j fetch "
                    + "the data set (Datasets.fetch).", e);
        }
        if (e instanceof EOFException) {
            return new Keras4jException("File " + file + " is truncated: its compressed data ends early ("
                    + e.getMessage() + "). An interrupted download or copy? Delete it and load again to fetch a "
                    + "verified copy.", e);
        }
        if (e instanceof ZipException) {
            return new Keras4jException("File " + file + " starts like gzip but is not valid gzip ("
                    + e.getMessage() + "). Delete it and load again to fetch a verified copy.", e);
        }
        return new Keras4jException("Cannot read " + file + ": " + e + ". Check that it exists and is readable.", e);
    }
}

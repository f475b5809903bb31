package keras4j.datasets.internal;

import static keras4j.datasets.internal.Fixtures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import keras4j.Keras4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsRawAndGzipImages(boolean gzip) throws IOException {
        byte[] raw = Fixtures.images(4, 3, 2);
        Path file = write("images", gzip ? Fixtures.gzip(raw) : raw);

        INDArray x = IdxReader.readImages(file, 4, 3, 2);

        assertArrayEquals(new long[] {4, 3, 2}, x.shape());
        assertEquals(DataType.FLOAT, x.dataType());
        for (int i = 0; i < 4; i++) {
            for (int p = 0; p < 6; p++) {
                assertEquals(Fixtures.pixel(i, p), x.getFloat(i, p / 2, p % 2), 0f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsRawAndGzipLabels(boolean gzip) throws IOException {
        byte[] raw = Fixtures.labels(7, 3);
        Path file = write("labels", gzip ? Fixtures.gzip(raw) : raw);

        INDArray y = IdxReader.readLabels(file, 7, 3);

        assertArrayEquals(new long[] {7}, y.shape());
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2, 0}, y.toDoubleVector());
    }

    @Test
    void pixelValuesCoverTheWholeByteRange() throws IOException {
        byte[] raw = Fixtures.images(1, 16, 16);
        for (int p = 0; p < 256; p++) {
            raw[16 + p] = (byte) p;
        }
        INDArray x = IdxReader.readImages(write("all-values", raw), 1, 16, 16);
        assertEquals(0f, x.minNumber().floatValue());
        assertEquals(255f, x.maxNumber().floatValue());
        assertEquals(255 * 256 / 2.0, x.sumNumber().doubleValue(), 0);
    }

    @Test
    void wrongMagicNamesTheFileAndBothNumbers() throws IOException {
        Path labels = write("train-labels", Fixtures.labels(4, 3));
        Keras4jException e = assertThrows(Keras4jException.class, () -> IdxReader.readImages(labels, 4, 3, 2));
        assertMessage(e, labels.toString(), "0x00000801", "expected 0x00000803");

        Path html = write("error-page", "<html>Not Found</html>".getBytes());
        e = assertThrows(Keras4jException.class, () -> IdxReader.readLabels(html, IdxReader.ANY, 10));
        assertMessage(e, html.toString(), "not an IDX label file", "HTML");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedFileSaysHowMuchIsThere(boolean gzip) throws IOException {
        byte[] full = Fixtures.images(4, 3, 2);
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        Path file = write("truncated", gzip ? Arrays.copyOf(Fixtures.gzip(full), Fixtures.gzip(full).length - 12)
                : cut);

        Keras4jException e = assertThrows(Keras4jException.class, () -> IdxReader.readImages(file, 4, 3, 2));

        assertMessage(e, file.toString(), "truncated");
        if (!gzip) {
            assertMessage(e, "after 35 of the 40 bytes", "4 images of 3x2");
        }
    }

    @Test
    void truncatedHeaderAndTinyFile() throws IOException {
        Path header = write("half-header", Arrays.copyOf(Fixtures.images(4, 3, 2), 10));
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readImages(header, 4, 3, 2)),
                header.toString(), "inside its header");
        Path tiny = write("tiny", new byte[] {0, 0});
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readLabels(tiny, 4, 3)),
                tiny.toString(), "too short");
    }

    @Test
    void wrongCountsAndDimensions() throws IOException {
        Path images = write("images", Fixtures.images(4, 3, 2));
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readImages(images, 60000, 3, 2)),
                images.toString(), "holds 4 images, expected 60000");
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readImages(images, 4, 28, 2)),
                "holds 3 rows per image, expected 28");
        Path labels = write("labels", Fixtures.labels(5, 3));
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readLabels(labels, 10000, 3)),
                labels.toString(), "holds 5 labels, expected 10000");
    }

    @Test
    void headerCountLargerOrSmallerThanTheData() throws IOException {
        byte[] raw = Fixtures.images(4, 3, 2);
        raw[7] = 5; // header says 5 images, data holds 4
        Path more = write("says-more", raw);
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readImages(more, IdxReader.ANY, 3, 2)),
                more.toString(), "truncated");
        raw[7] = 3; // header says 3 images, data holds 4
        Path fewer = write("says-fewer", raw);
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readImages(fewer, IdxReader.ANY, 3, 2)),
                fewer.toString(), "longer than its header announces");
        byte[] zero = Fixtures.images(4, 3, 2);
        zero[11] = 0; // rows = 0
        Path zeroRows = write("zero-rows", zero);
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readImages(zeroRows, 4, 3, 2)),
                zeroRows.toString(), "dimension 2 = 0");
    }

    @Test
    void labelOutOfRangeNamesIndexAndValue() throws IOException {
        byte[] raw = Fixtures.labels(6, 3);
        raw[8 + 4] = 12;
        Path file = write("labels", raw);
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readLabels(file, 6, 10)),
                file.toString(), "label 12 at index 4", "expected labels 0..9");
    }

    @Test
    void corruptGzipAndMissingFile() throws IOException {
        byte[] gz = Fixtures.gzip(Fixtures.labels(6, 3));
        gz[12] ^= (byte) 0xff;
        gz[13] ^= (byte) 0xff;
        Path file = write("corrupt.gz", gz);
        Keras4jException e = assertThrows(Keras4jException.class, () -> IdxReader.readLabels(file, 6, 3));
        assertMessage(e, file.toString());
        Path missing = dir.resolve("nope");
        assertMessage(assertThrows(Keras4jException.class, () -> IdxReader.readLabels(missing, 6, 3)),
                missing.toString(), "does not exist");
    }
}

package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.models.DataSources;
import keras4j.models.ImagePreprocessing;
import keras4j.models.ModelInfo;
import keras4j.models.Task;
import keras4j.models.TrainedModel;

/** {@code keras4j predict} on images a user should not get a confident answer for. */
class PredictImagesTest {
    @TempDir
    static Path dir;

    static Path model;

    /** A small untrained digit model (784-10) with MNIST's preprocessing, saved in {@code folder}. */
    static Path saveImageModel(Path folder) {
        Sequential network = Sequential.of(new Input(28, 28), new Flatten(), new Dense(10, "softmax")).setSeed(5);
        network.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Path file = folder.resolve("digits.keras4j");
        new TrainedModel(network, new ModelInfo("mnist-mlp", Task.CLASSIFICATION, DataSources.mnist().getConfig(),
                DataSources.DIGITS, List.of(), "class", new ImagePreprocessing(28, 28, true, 20))).save(file);
        return file;
    }

    @BeforeAll
    static void saveModel() {
        model = saveImageModel(dir);
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /**
     * A valid PNG of {@code size x size} black gray pixels, about 875 KB for 30 000: the zlib stream
     * of 100 zero rows is deflated once and its second copy repeated (a sync-flushed deflate block of
     * zeros decodes the same after any run of zeros), so building it takes milliseconds.
     */
    static byte[] pixelFlood(int size) throws IOException {
        int rowsPerBlock = 100;
        byte[] rows = new byte[(size + 1) * rowsPerBlock];   // each row: filter byte 0, then zeros
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] buffer = new byte[rows.length];
        deflater.setInput(rows);
        byte[] first = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        deflater.setInput(rows);
        byte[] next = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        deflater.end();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        idat.write(first);
        for (int block = 1; block < size / rowsPerBlock; block++) {
            idat.write(next);
        }
        idat.write(new byte[] {3, 0});   // an empty final block
        long total = (long) (size + 1) * size;   // Adler-32 of that many zeros: a = 1, b = total
        new DataOutputStream(idat).writeInt((int) ((total % 65521) << 16 | 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(size);
        header.writeInt(size);
        header.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    @Test
    void aPixelFloodIsRefusedInOneLineWithBoundedMemory() throws Exception {
        // 7 000 x 7 000 (49 megapixels, 196 MB as floats) is under the limit: decoded subsampled in 256 MB.
        Path large = Files.write(dir.resolve("large.png"), pixelFlood(7_000));
        Path flood = Files.write(dir.resolve("flood.png"), pixelFlood(30_000));
        assertTrue(Files.size(flood) < 1_000_000, "a small file: " + Files.size(flood));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dkeras4j.home=" + dir.resolve("home"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "predict", model.toString(), large.toString(), flood.toString()));
        Path out = dir.resolve("flood-out.txt");
        Path err = dir.resolve("flood-err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String stderr = Files.readString(err);
        assertEquals(2, process.exitValue(), stderr);
        List<String> predicted = Files.readAllLines(out);
        assertTrue(predicted.size() == 1 && predicted.get(0).startsWith(large + ": "), predicted.toString());
        assertEquals(List.of("Warning: Image file " + large + " looks blank (its pixels differ from the background by "
                + "at most 0 of 255), so the prediction is a guess. Give it an image with a drawing on it.",
                "Error: Image file " + flood + " declares 30000 x 30000 pixels (900.0 megapixels), more than keras4j "
                + "decodes (50 megapixels). Scale it down first: a drawing needs a few hundred pixels a side."),
                stderr.lines().toList());
    }

    @Test
    void aBlankImageGetsAWarningWithItsAnswer() throws Exception {
        BufferedImage page = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        page.getGraphics().setColor(Color.WHITE);
        page.getGraphics().fillRect(0, 0, 300, 200);
        Path blank = dir.resolve("blank.png");
        ImageIO.write(page, "png", blank.toFile());
        Path zero = dir.resolve("zero.png");
        ImageIO.write(TrainingCommandsTest.digit(200, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK), "png",
                zero.toFile());
        Cli.Run run = Cli.run("predict", model.toString(), blank.toString(), zero.toString()).assertOk();
        assertEquals(2, run.out().lines().count(), run.out());
        assertTrue(run.out().startsWith(blank + ": "), run.out());
        assertEquals(List.of("Warning: Image file " + blank + " looks blank (its pixels differ from the background "
                + "by at most 0 of 255), so the prediction is a guess. Give it an image with a drawing on it."),
                run.err().lines().toList());
    }

    @Test
    void cutShortAndMisplacedFilesAreRefusedInOneLine() throws Exception {
        BufferedImage seven = TrainingCommandsTest.digit(280, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK);
        for (String format : new String[] {"jpg", "bmp"}) {
            Path whole = dir.resolve("whole." + format);
            ImageIO.write(seven, format, whole.toFile());
            byte[] bytes = Files.readAllBytes(whole);
            Path half = Files.write(dir.resolve("half." + format), Arrays.copyOf(bytes, bytes.length / 2));
            Cli.run("predict", model.toString(), half.toString()).assertUsageError("Image file " + half + " is cut "
                    + "short: the file ends before its ");
        }
        Path rows = Files.writeString(dir.resolve("rows.csv"), "1,2,3\n");
        Cli.run("predict", model.toString(), rows.toString()).assertUsageError("Can't predict on " + rows + ": this "
                + "model takes images (any size, scaled to 28 x 28), not CSV rows. Give it PNG, JPEG, GIF or BMP "
                + "images.");
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not a picture");
        Cli.Run run = Cli.run("predict", model.toString(), text.toString()).assertUsageError("is not an image");
        assertFalse(run.err().contains("null"), run.err());
    }
}

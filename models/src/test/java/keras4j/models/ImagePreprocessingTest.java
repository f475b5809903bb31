package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;

class ImagePreprocessingTest {
    static final ImagePreprocessing MNIST = new ImagePreprocessing(28, 28, true, 20);

    /** A "1": a vertical bar, ink color on paper color. */
    static BufferedImage bar(int size, int type, Color paper, Color ink) {
        BufferedImage image = new BufferedImage(size, size, type);
        Graphics2D g = image.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, size, size);
        g.setColor(ink);
        g.setStroke(new BasicStroke(size / 10f));
        g.drawLine(size / 3, size / 4, size / 3, size * 3 / 4);
        g.dispose();
        return image;
    }

    @Test
    void aMnistSizedGrayImageIsTakenAsItIs() {
        BufferedImage image = bar(28, BufferedImage.TYPE_BYTE_GRAY, Color.BLACK, Color.WHITE);
        INDArray raw = MNIST.fromImage(image);
        assertEquals(java.util.List.of(1L, 28L, 28L), java.util.Arrays.stream(raw.shape()).boxed().toList());
        assertEquals(255, raw.getDouble(0, 14, 9), 1);   // the bar stays where it was drawn
        assertEquals(0, raw.getDouble(0, 0, 0), 1e-6);
        INDArray input = MNIST.transform(raw);
        assertEquals(1.0, input.maxNumber().doubleValue(), 1e-6);
    }

    @Test
    void aDarkDigitOnWhiteIsInvertedCroppedAndCentered() {
        BufferedImage image = bar(64, BufferedImage.TYPE_INT_RGB, Color.WHITE, new Color(20, 20, 60));
        INDArray raw = MNIST.fromImage(image);
        assertEquals(0, raw.getDouble(0, 0, 0), 1e-3, "the white paper becomes the black background");
        assertTrue(raw.getDouble(0, 14, 14) > 200, "the ink becomes bright and is centred: " + raw.getDouble(0, 14, 14));
        // The drawing is scaled into MNIST's 20-pixel box: rows 0..3 and 24..27 stay empty.
        for (int y : new int[] {0, 1, 2, 3, 25, 26, 27}) {
            assertEquals(0, raw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(y)).sumNumber().doubleValue(), 1e-3, "row " + y);
        }
    }

    @Test
    void aLightDigitOnBlackRgbImageKeepsItsPolarity() {
        BufferedImage image = bar(64, BufferedImage.TYPE_INT_RGB, Color.BLACK, Color.WHITE);
        INDArray raw = MNIST.fromImage(image);
        assertEquals(0, raw.getDouble(0, 0, 0), 1e-3);
        assertTrue(raw.getDouble(0, 14, 14) > 200);
    }

    @Test
    void readsFilesAndRefusesWhatIsNotAnImage(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("one.png");
        ImageIO.write(bar(40, BufferedImage.TYPE_INT_ARGB, Color.WHITE, Color.BLACK), "png", png.toFile());
        assertEquals(28 * 28, MNIST.fromImage(png).length());
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        Keras4jException e = assertThrows(Keras4jException.class, () -> MNIST.fromImage(text));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> MNIST.fromImage(dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void configRoundTrips() {
        assertEquals(MNIST, Preprocessing.fromConfig(MNIST.getConfig()));
        TablePreprocessing table = new TablePreprocessing(java.util.List.of("a", "b"), java.util.List.of(1.0, 2.0),
                java.util.List.of(3.0, 4.0));
        assertEquals(table, Preprocessing.fromConfig(table.getConfig()));
        assertEquals(java.util.List.of(-1.0f / 3, 0.5f), java.util.List.of(
                table.transform(table.fromRow(new double[] {0, 4})).getFloat(0), 
                table.transform(table.fromRow(new double[] {0, 4})).getFloat(1)));
    }
}

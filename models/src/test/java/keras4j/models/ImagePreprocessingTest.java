package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
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
    void aMnistSizedImageIsCroppedAndCenteredToo() {
        BufferedImage image = bar(28, BufferedImage.TYPE_BYTE_GRAY, Color.BLACK, Color.WHITE);
        INDArray raw = MNIST.fromImage(image);
        assertEquals(java.util.List.of(1L, 28L, 28L), java.util.Arrays.stream(raw.shape()).boxed().toList());
        // The bar was drawn at column 9; centred by its mass it lies on columns 13 and 14.
        assertEquals(0, raw.getDouble(0, 14, 9), 1e-3);
        assertTrue(raw.getDouble(0, 14, 13) + raw.getDouble(0, 14, 14) > 255, raw.toString());
        assertEquals(0, raw.getDouble(0, 0, 0), 1e-6);
        INDArray input = MNIST.transform(raw);
        assertEquals(1.0, input.maxNumber().doubleValue(), 1e-6);
    }

    /** MNIST's first test image, a 7, as a 28 x 28 gray PNG (MNIST: LeCun, Cortes and Burges, CC BY-SA 3.0). */
    static BufferedImage seven() throws IOException {
        try (InputStream in = ImagePreprocessingTest.class.getResourceAsStream("mnist-test-0-seven.png")) {
            return ImageIO.read(in);
        }
    }

    @Test
    void theSameDigitGivesTheSameInputAt28And280Pixels(@TempDir Path dir) throws Exception {
        Raster seven = seven().getRaster();
        // 28 x 28, light on dark as MNIST, but moved 4 pixels left and 5 up: off centre.
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        // 10 times larger, dark on white paper, in a wider page with a margin.
        BufferedImage large = new BufferedImage(320, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = large.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 300);
        g.dispose();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = seven.getSample(x, y, 0);
                if (x >= 4 && y >= 5) {
                    small.getRaster().setSample(x - 4, y - 5, 0, v);
                }
                int paper = 255 - v;
                for (int dy = 0; dy < 10; dy++) {
                    for (int dx = 0; dx < 10; dx++) {
                        large.setRGB(13 + 10 * x + dx, 7 + 10 * y + dy, paper << 16 | paper << 8 | paper);
                    }
                }
            }
        }
        Path smallFile = dir.resolve("seven-28.png");
        Path largeFile = dir.resolve("seven-280.png");
        ImageIO.write(small, "png", smallFile.toFile());
        ImageIO.write(large, "png", largeFile.toFile());
        float[] fromSmall = MNIST.fromImage(smallFile).data().asFloat();
        float[] fromLarge = MNIST.fromImage(largeFile).data().asFloat();
        float worst = 0;
        for (int i = 0; i < fromSmall.length; i++) {
            worst = Math.max(worst, Math.abs(fromSmall[i] - fromLarge[i]));
        }
        assertTrue(worst < 0.5f, "the two inputs differ by up to " + worst + " of 255");
        // Centred by its mass, as MNIST's digits: the off-centre copy is moved back.
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < fromSmall.length; i++) {
            mass += fromSmall[i];
            mx += fromSmall[i] * (i % 28);
            my += fromSmall[i] * (i / 28);
        }
        assertEquals(13.5, mx / mass, 1.0);
        assertEquals(13.5, my / mass, 1.0);
    }

    @Test
    void grayFilesAreReadAsStored(@TempDir Path dir) throws Exception {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 52);
        gray.getRaster().setSample(1, 0, 0, 198);
        Path file = dir.resolve("gray.png");
        ImageIO.write(gray, "png", file.toFile());
        float[] lum = keras4j.models.internal.ImageFit.gray(ImagePreprocessing.read(file));
        assertEquals(52, lum[0], 1e-3, "not 125, as Java's getRGB has it");
        assertEquals(198, lum[1], 1e-3);
    }

    @Test
    void aBlankImageIsWarnedAbout(@TempDir Path dir) throws Exception {
        java.util.Random random = new java.util.Random(1);
        BufferedImage page = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                int v = 235 + random.nextInt(11);   // paper with a little noise
                page.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        Path file = dir.resolve("blank.jpg");
        ImageIO.write(page, "jpg", file.toFile());
        java.util.List<String> warnings = new java.util.ArrayList<>();
        MNIST.fromImage(file, warnings::add);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("Image file " + file + " looks blank"), warnings.get(0));
        warnings.clear();
        MNIST.fromImage(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), warnings::add);
        assertTrue(warnings.get(0).startsWith("The image looks blank"), warnings.toString());
        warnings.clear();
        MNIST.fromImage(seven(), warnings::add);
        MNIST.fromImage(bar(64, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.GRAY), warnings::add);
        assertEquals(java.util.List.of(), warnings);
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

package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Keras4jException;

/** {@link ImagePreprocessing#read}: size limits before decoding, subsampling, damaged and cut-short files. */
class ImageFilesTest {
    @TempDir
    Path dir;

    private Keras4jException refused(Path file) {
        return assertThrows(Keras4jException.class, () -> ImagePreprocessing.read(file));
    }

    /** A PNG chunk: length, type, data, CRC. */
    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /** A PNG whose header declares {@code width x height} 8-bit gray pixels, with no pixel data after it. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(width);
        header.writeInt(height);
        header.write(new byte[] {8, 0, 0, 0, 0});   // 8 bits, gray, deflate, no filter method, not interlaced
        chunk(out, "IHDR", ihdr.toByteArray());
        return bytes.toByteArray();
    }

    @Test
    void aFileDeclaringMoreThan50MegapixelsIsRefusedBeforeDecoding() throws Exception {
        Path flood = Files.write(dir.resolve("flood.png"), pngHeader(30_000, 30_000));
        Keras4jException e = refused(flood);
        assertEquals("Image file " + flood + " declares 30000 x 30000 pixels (900.0 megapixels), more than keras4j "
                + "decodes (50 megapixels). Scale it down first: a drawing needs a few hundred pixels a side.",
                e.getMessage());
        // Just over the limit, and a forged size of 0, are refused too.
        assertTrue(refused(Files.write(dir.resolve("over.png"), pngHeader(10_000, 5_001))).getMessage()
                .contains("50.0 megapixels"));
        assertTrue(refused(Files.write(dir.resolve("zero.png"), pngHeader(0, 10))).getMessage()
                .contains("is damaged"));
    }

    @Test
    void largeImagesAreDecodedSubsampled() throws Exception {
        BufferedImage big = ImagePreprocessingTest.bar(2100, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE, Color.BLACK);
        Path file = dir.resolve("big.png");
        ImageIO.write(big, "png", file.toFile());
        BufferedImage read = ImagePreprocessing.read(file);
        // 4.41 megapixels: every second pixel of every second row.
        assertEquals(1050, read.getWidth());
        assertEquals(1050, read.getHeight());
        assertEquals(big.getRaster().getSample(700, 1000, 0), read.getRaster().getSample(350, 500, 0));
    }

    private Path write(BufferedImage image, String format) throws IOException {
        Path file = dir.resolve("seven." + format);
        assertTrue(ImageIO.write(image, format, file.toFile()), format);
        return file;
    }

    private static BufferedImage rgb(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(image, 0, 0, null);
        return out;
    }

    @Test
    void cutShortFilesAreRefusedWhereJavaWouldFillInTheRest() throws Exception {
        BufferedImage seven = ImagePreprocessingTest.seven();
        BufferedImage large = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        large.getGraphics().drawImage(seven, 0, 0, 280, 280, null);
        for (String format : new String[] {"jpg", "png", "gif", "bmp"}) {
            Path whole = write(format.equals("gif") ? seven : rgb(large), format);
            ImagePreprocessing.read(whole);
            byte[] bytes = Files.readAllBytes(whole);
            Path half = Files.write(dir.resolve("half." + format), Arrays.copyOf(bytes, bytes.length / 2));
            Keras4jException e = refused(half);
            assertTrue(e.getMessage().startsWith("Image file " + half + " is cut short: the file ends before its "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("Copy or save it again."), e.getMessage());
        }
        // ImageIO alone decodes half a JPEG without an error, the missing half gray.
        Path halfJpeg = dir.resolve("half.jpg");
        assertEquals(280, ImageIO.read(halfJpeg.toFile()).getWidth());
        assertTrue(refused(halfJpeg).getMessage().contains("(the JPEG decoder says: Truncated File - Missing EOI "
                + "marker)"), refused(halfJpeg).getMessage());
    }

    @Test
    void damagedAndForeignFilesAreRefusedInOneLine() throws Exception {
        byte[] png = Files.readAllBytes(write(ImagePreprocessingTest.seven(), "png"));
        byte[] flipped = png.clone();
        for (int i = 60; i < flipped.length - 20; i += 7) {
            flipped[i] ^= 0x5a;   // inside the compressed pixels
        }
        Keras4jException e = refused(Files.write(dir.resolve("flipped.png"), flipped));
        assertTrue(e.getMessage().startsWith("Image file ") && e.getMessage().contains("PNG"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("null"), e.getMessage());
        BufferedImage tiff = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Path tif = dir.resolve("scan.png");
        ImageIO.write(tiff, "tiff", tif.toFile());
        assertTrue(refused(tif).getMessage().contains("is not an image keras4j can read. Expected a PNG, JPEG, GIF "
                + "or BMP image."), refused(tif).getMessage());
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertTrue(refused(empty).getMessage().contains("not an image"), refused(empty).getMessage());
    }
}

package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds thousands of damaged images to the real {@code keras4j predict}, in-process: cut short,
 * bytes flipped, blocks overwritten, junk inserted, headers forged (sizes up to 2^31 - 1), random
 * garbage, each under a random extension (mostly an image's, some {@code .csv} or {@code .txt}).
 * Each must be predicted (exit 0, perhaps with "Warning:" lines) or refused (exit 2, one
 * "Error: ..." line); anything else (another status, a stack trace, an exception escaping the
 * command line, more lines) is unexpected, and there must be none. {@code -Dkeras4j.fuzz.cases=N}
 * (default 2000) and {@code -Dkeras4j.fuzz.seconds=S} (default 30) bound the run.
 */
class ImageFuzzTest {
    private static final String[] EXTENSIONS = {"png", "jpg", "jpeg", "gif", "bmp", "PNG", "png", "jpg", "csv",
        "txt"};

    @TempDir
    Path dir;

    private final Random random = new Random(Long.getLong("keras4j.fuzz.seed", 20261201L));

    /** One image in a format, and where its width and height are written (-1: not fixed). */
    private record Original(String name, byte[] bytes, int sizeOffset, int sizeBytes, boolean bigEndian) {
    }

    private static byte[] encode(BufferedImage image, String format, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage as(BufferedImage image, int type) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        out.getGraphics().drawImage(image, 0, 0, null);
        return out;
    }

    /** The offset of the height in a JPEG's start-of-frame segment (the width follows it). */
    private static int jpegFrameSize(byte[] jpeg) {
        for (int i = 2; i + 9 < jpeg.length; i++) {
            int marker = jpeg[i + 1] & 0xff;
            if ((jpeg[i] & 0xff) == 0xff && (marker == 0xc0 || marker == 0xc2)) {
                return i + 5;   // FF Cx, length (2), precision (1), then height (2) and width (2)
            }
        }
        return -1;
    }

    private static List<Original> originals() throws IOException {
        BufferedImage rgb = TrainingCommandsTest.digit(120, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK);
        BufferedImage gray = as(TrainingCommandsTest.digit(28, BufferedImage.TYPE_INT_RGB, Color.BLACK,
                Color.WHITE), BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage argb = TrainingCommandsTest.digit(64, BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 0),
                Color.BLUE);
        List<Original> originals = new ArrayList<>();
        originals.add(new Original("png rgb", encode(rgb, "png", false), 16, 4, true));
        originals.add(new Original("png gray", encode(gray, "png", false), 16, 4, true));
        originals.add(new Original("png argb interlaced", encode(argb, "png", true), 16, 4, true));
        originals.add(new Original("png indexed", encode(as(rgb, BufferedImage.TYPE_BYTE_INDEXED), "png", false), 16,
                4, true));
        byte[] jpeg = encode(rgb, "jpeg", false);
        originals.add(new Original("jpeg", jpeg, jpegFrameSize(jpeg), 2, true));
        byte[] jpegGray = encode(gray, "jpeg", false);
        originals.add(new Original("jpeg gray", jpegGray, jpegFrameSize(jpegGray), 2, true));
        byte[] progressive = encode(rgb, "jpeg", true);
        originals.add(new Original("jpeg progressive", progressive, jpegFrameSize(progressive), 2, true));
        originals.add(new Original("gif", encode(as(rgb, BufferedImage.TYPE_BYTE_INDEXED), "gif", false), 6, 2,
                false));
        originals.add(new Original("bmp rgb", encode(rgb, "bmp", false), 18, 4, false));
        originals.add(new Original("bmp indexed", encode(as(rgb, BufferedImage.TYPE_BYTE_INDEXED), "bmp", false),
                18, 4, false));
        return originals;
    }

    private byte[] mutate(Original original) {
        byte[] bytes = original.bytes().clone();
        switch (random.nextInt(7)) {
            case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 2 -> {
                int from = random.nextInt(bytes.length);
                Arrays.fill(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(64)),
                        (byte) random.nextInt(256));
            }
            case 3 -> {
                bytes = new byte[random.nextInt(512)];
                random.nextBytes(bytes);
            }
            case 4 -> {
                int at = random.nextInt(bytes.length + 1);
                byte[] junk = new byte[1 + random.nextInt(16)];
                random.nextBytes(junk);
                byte[] out = new byte[bytes.length + junk.length];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(bytes, at, out, at + junk.length, bytes.length - at);
                bytes = out;
            }
            default -> forgeSize(original, bytes);   // twice as likely: the header's width and height
        }
        return bytes;
    }

    /** Writes a huge, small, zero, negative or random width and height into the header. */
    private void forgeSize(Original original, byte[] bytes) {
        int max = original.sizeBytes() == 2 ? 0xffff : Integer.MAX_VALUE;
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(original.bigEndian() ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        for (int field = 0; field < 2; field++) {
            int value = switch (random.nextInt(5)) {
                case 0 -> max;
                case 1 -> 30_000 + random.nextInt(20_000);
                case 2 -> 1 + random.nextInt(8_000);
                case 3 -> random.nextInt(2) - 1;   // 0 or -1
                default -> random.nextInt() & max;
            };
            int at = original.sizeOffset() + field * original.sizeBytes();
            if (original.sizeBytes() == 2) {
                buffer.putShort(at, (short) value);
            } else {
                buffer.putInt(at, value);
            }
        }
    }

    @Test
    void damagedImagesArePredictedOrRefusedInOneLine() throws Exception {
        Path model = PredictImagesTest.saveImageModel(dir);
        List<Original> originals = originals();
        int cases = Integer.getInteger("keras4j.fuzz.cases", 2000);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(Integer.getInteger("keras4j.fuzz.seconds", 30));
        int tried = 0;
        int predicted = 0;
        int warned = 0;
        int refused = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        int unexpectedCount = 0;
        for (; tried < cases && System.nanoTime() < deadline; tried++) {
            Original original = originals.get(random.nextInt(originals.size()));
            Path file = dir.resolve("case-" + tried + "." + EXTENSIONS[random.nextInt(EXTENSIONS.length)]);
            Files.write(file, mutate(original));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status;
            try {
                status = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false)
                        .execute("predict", model.toString(), file.toString());
            } catch (Throwable e) {
                status = -1;
                err.write(e + " escaped the command line\n");
            }
            List<String> errLines = err.toString().lines().toList();
            boolean oneError = errLines.size() == 1 && errLines.get(0).startsWith("Error: ");
            boolean onlyWarnings = errLines.stream().allMatch(line -> line.startsWith("Warning: "));
            if (status == 0 && onlyWarnings && out.toString().startsWith(file + ": ")) {
                if (errLines.isEmpty()) {
                    predicted++;
                } else {
                    warned++;
                }
            } else if (status == 2 && oneError && out.toString().isEmpty()) {
                refused++;
                reasons.merge(reason(errLines.get(0)), 1, Integer::sum);
            } else {
                unexpectedCount++;
                if (unexpected.size() < 10) {
                    unexpected.add(original.name() + " -> status " + status + ", err: " + err.toString().strip()
                            .lines().limit(12).reduce((a, b) -> a + " | " + b).orElse(""));
                }
            }
            Files.delete(file);
        }
        System.out.printf("image fuzz: %d cases in %.1f s, %d predicted, %d predicted with a warning, %d refused "
                + "clearly %s, %d unexpected%n", tried, (System.nanoTime() - start) / 1e9, predicted, warned,
                refused, reasons, unexpectedCount);
        assertEquals(List.of(), unexpected);
    }

    private static String reason(String error) {
        for (String reason : new String[] {"is cut short", "is damaged", "declares", "is not an image"}) {
            if (error.contains(reason)) {
                return reason;
            }
        }
        return error.contains("this model takes images") || error.contains("expected a PNG") ? "not an image name"
                : "other";
    }
}

package keras4j.cli.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Test images in a 4x4 grid, each titled "label: x | predict: y", as in the classic Keras
 * tutorials' plots of wrong predictions (or with titles of one's own).
 *
 * <pre>{@code
 * BufferedImage png = ImageGrid.render(data.xTest(), 28, 28, result.misclassified(), truth, predicted, names);
 * }</pre>
 */
public final class ImageGrid {
    /** Images per row and per column. */
    public static final int SIDE = 4;
    private static final int SCALE = 4;
    private static final int TITLE = 20;
    private static final int PAD = 10;

    private ImageGrid() {
    }

    /**
     * @param images     the images, {@code [n, height, width]} pixel values 0..255 (any trailing shape
     *                   of {@code height * width} values)
     * @param height     image height
     * @param width      image width
     * @param shown      the indices to show, at most 16
     * @param truth      true class by index
     * @param predicted  predicted class by index
     * @param classNames class names by class id
     * @return the grid
     */
    public static BufferedImage render(INDArray images, int height, int width, List<Integer> shown, int[] truth,
                                       int[] predicted, List<String> classNames) {
        return render(images, height, width, 1, shown, truth, predicted, classNames);
    }

    /**
     * @param images     the images, {@code [n, height, width, channels]} pixel values 0..255
     * @param height     image height
     * @param width      image width
     * @param channels   1 (gray) or 3 (RGB)
     * @param shown      the indices to show, at most 16
     * @param truth      true class by index
     * @param predicted  predicted class by index
     * @param classNames class names by class id
     * @return the grid
     */
    public static BufferedImage render(INDArray images, int height, int width, int channels, List<Integer> shown,
                                       int[] truth, int[] predicted, List<String> classNames) {
        return render(images, height, width, channels, shown, shown.stream()
                .map(i -> title(i, truth, predicted, classNames)).toList());
    }

    /**
     * @param images   the images, {@code [n, height, width, channels]} pixel values 0..255 (any trailing
     *                 shape of {@code height * width * channels} values)
     * @param height   image height
     * @param width    image width
     * @param channels 1 (gray) or 3 (RGB)
     * @param shown    the indices to show, at most 16, row by row
     * @param titles   the title above each one shown
     * @return the grid
     */
    public static BufferedImage render(INDArray images, int height, int width, int channels, List<Integer> shown,
                                       List<String> titles) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int cellWidth = width * SCALE;
        for (String title : titles) {
            cellWidth = Math.max(cellWidth, fm.stringWidth(title));
        }
        pg.dispose();
        cellWidth += PAD;
        int cellHeight = TITLE + height * SCALE + PAD;
        int rows = (shown.size() + SIDE - 1) / SIDE;
        BufferedImage image = new BufferedImage(PAD + SIDE * cellWidth, PAD + rows * cellHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(font);
        for (int k = 0; k < shown.size(); k++) {
            int index = shown.get(k);
            int x0 = PAD + (k % SIDE) * cellWidth;
            int y0 = PAD + (k / SIDE) * cellHeight;
            String title = titles.get(k);
            g.setColor(Color.BLACK);
            g.drawString(title, x0 + (cellWidth - PAD - fm.stringWidth(title)) / 2, y0 + fm.getAscent());
            float[] pixels = images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(index)).dup('c').reshape(
                    (long) height * width * channels).toFloatVector();
            int ix = x0 + (cellWidth - PAD - width * SCALE) / 2;
            int iy = y0 + TITLE;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int at = (y * width + x) * channels;
                    int r = level(pixels[at]);
                    g.setColor(channels == 1 ? new Color(r, r, r) : new Color(r, level(pixels[at + 1]),
                            level(pixels[at + 2])));
                    g.fillRect(ix + x * SCALE, iy + y * SCALE, SCALE, SCALE);
                }
            }
        }
        g.dispose();
        return image;
    }

    private static int level(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }

    private static String title(int i, int[] truth, int[] predicted, List<String> classNames) {
        return "label: " + name(classNames, truth[i]) + " | predict: " + name(classNames, predicted[i]);
    }

    private static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }
}

package keras4j.cli.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A confusion matrix as a heat map: true classes down, predicted classes across, each cell's count
 * written in it and shaded by its share of the true class's examples.
 *
 * <pre>{@code
 * BufferedImage png = ConfusionChart.render(result.confusionMatrix(), data.classNames());
 * }</pre>
 */
public final class ConfusionChart {
    private static final int MARGIN = 24;

    private ConfusionChart() {
    }

    /**
     * @param confusion  counts by true class (rows) and predicted class (columns)
     * @param classNames the names, by class id
     * @return the picture
     */
    public static BufferedImage render(int[][] confusion, List<String> classNames) {
        int n = confusion.length;
        int cell = n <= 5 ? 64 : 48;
        String title = "Confusion matrix (test set)";
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font bold = font.deriveFont(Font.BOLD, 14f);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int label = 0;
        for (int c = 0; c < n; c++) {
            label = Math.max(label, fm.stringWidth(name(classNames, c)));
        }
        int titleWidth = pg.getFontMetrics(bold).stringWidth(title);
        pg.dispose();
        int left = MARGIN + 20 + label + 8;
        int top = MARGIN + 24;
        int width = Math.max(left + n * cell, MARGIN + titleWidth) + MARGIN;
        int height = top + n * cell + 8 + label + 20 + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(bold);
        g.drawString(title, Math.min(left, width - MARGIN - titleWidth), MARGIN + 8);
        g.setFont(font);
        for (int r = 0; r < n; r++) {
            int total = 0;
            for (int c = 0; c < n; c++) {
                total += confusion[r][c];
            }
            for (int c = 0; c < n; c++) {
                double share = total == 0 ? 0 : (double) confusion[r][c] / total;
                int x = left + c * cell;
                int y = top + r * cell;
                g.setColor(shade(share));
                g.fillRect(x, y, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String count = Integer.toString(confusion[r][c]);
                g.drawString(count, x + (cell - fm.stringWidth(count)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
            }
            g.setColor(Color.BLACK);
            String name = name(classNames, r);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + r * cell + (cell + fm.getAscent()) / 2 - 2);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, n * cell, n * cell);
        g.setColor(Color.BLACK);
        AffineTransform plain = g.getTransform();
        for (int c = 0; c < n; c++) {
            String name = name(classNames, c);
            int x = left + c * cell + (cell + fm.getAscent()) / 2 - 2;
            int y = top + n * cell + 8;
            g.rotate(Math.PI / 2, x, y);
            g.drawString(name, x, y);
            g.setTransform(plain);
        }
        g.setFont(bold);
        String predicted = "Predicted";
        g.drawString(predicted, left + (n * cell - g.getFontMetrics().stringWidth(predicted)) / 2, height - MARGIN + 8);
        String truth = "True";
        int tx = MARGIN + 4;
        int ty = top + (n * cell + g.getFontMetrics().stringWidth(truth)) / 2;
        g.rotate(-Math.PI / 2, tx, ty);
        g.drawString(truth, tx, ty);
        g.setTransform(plain);
        g.dispose();
        return image;
    }

    private static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }

    private static Color shade(double share) {
        // White to the blue of matplotlib's "Blues".
        int r = (int) Math.round(247 - share * (247 - 8));
        int g = (int) Math.round(251 - share * (251 - 48));
        int b = (int) Math.round(255 - share * (255 - 107));
        return new Color(r, g, b);
    }
}

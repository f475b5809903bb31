package keras4j.cli.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import keras4j.callbacks.History;

/**
 * The training curves as Keras tutorials plot them, with XChart: loss and val_loss on the left,
 * the first metric (accuracy, or mae for regression) and its val_ twin on the right.
 *
 * <pre>{@code
 * BufferedImage png = HistoryChart.render(result.history(), "mnist-mlp");
 * }</pre>
 */
public final class HistoryChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 400;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);

    private HistoryChart() {
    }

    /**
     * @param history the epochs' metrics
     * @param title   the run's name, shown in both panels' titles
     * @return one or two panels side by side
     */
    public static BufferedImage render(History history, String title) {
        Map<String, List<Double>> values = history.getHistory();
        List<BufferedImage> panels = new ArrayList<>();
        panels.add(panel(values, title, "loss"));
        for (String metric : history.keys()) {
            if (!metric.equals("loss") && !metric.startsWith("val_")) {
                panels.add(panel(values, title, metric));
                break;
            }
        }
        BufferedImage image = new BufferedImage(WIDTH * panels.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), i * WIDTH, 0, null);
        }
        g.dispose();
        return image;
    }

    private static BufferedImage panel(Map<String, List<Double>> values, String title, String metric) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": " + metric)
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setMarkerSize(values.get(metric).size() > 30 ? 0 : 5);
        styler.setXAxisTickMarkSpacingHint(60);
        styler.setYAxisDecimalPattern("0.0###");
        add(chart, metric, values.get(metric), TRAIN);
        if (values.containsKey("val_" + metric)) {
            add(chart, "val_" + metric, values.get("val_" + metric), VALIDATION);
        }
        if (metric.contains("accuracy")) {
            styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void add(XYChart chart, String name, List<Double> ys, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
            if (Double.isFinite(ys.get(i))) {
                x.add(i + 1.0);
                y.add(ys.get(i));
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
    }
}

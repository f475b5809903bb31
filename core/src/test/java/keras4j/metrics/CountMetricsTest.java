package keras4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The count metrics and the rates at thresholds, on the examples of Keras's own docstrings. */
class CountMetricsTest {
    private static double value(Supplier<Metric> metric, double[] yTrue, double[] yPred, double[] weights) {
        Metric m = metric.get();
        m.updateState(vector(yTrue), vector(yPred), weights == null ? null : vector(weights));
        return m.result();
    }

    private static INDArray vector(double[] values) {
        return Nd4j.createFromArray(values);
    }

    @Test
    void conditionCountsAsKerasDocuments() {
        double[] w = {0, 0, 1, 0};
        assertEquals(2, value(TruePositives::new, new double[] {0, 1, 1, 1}, new double[] {1, 0, 1, 1}, null));
        assertEquals(1, value(TruePositives::new, new double[] {0, 1, 1, 1}, new double[] {1, 0, 1, 1}, w));
        assertEquals(2, value(FalsePositives::new, new double[] {0, 1, 0, 0}, new double[] {0, 0, 1, 1}, null));
        assertEquals(1, value(FalsePositives::new, new double[] {0, 1, 0, 0}, new double[] {0, 0, 1, 1}, w));
        assertEquals(2, value(TrueNegatives::new, new double[] {0, 1, 0, 0}, new double[] {1, 1, 0, 0}, null));
        assertEquals(1, value(TrueNegatives::new, new double[] {0, 1, 0, 0}, new double[] {1, 1, 0, 0}, w));
        assertEquals(2, value(FalseNegatives::new, new double[] {0, 1, 1, 1}, new double[] {0, 1, 0, 0}, null));
        assertEquals(1, value(FalseNegatives::new, new double[] {0, 1, 1, 1}, new double[] {0, 1, 0, 0}, w));

        TruePositives two = new TruePositives(new double[] {0.2, 0.6}, null);
        two.updateState(vector(new double[] {1, 1, 0}), vector(new double[] {0.5, 0.9, 0.7}), null);
        assertArrayEquals(new double[] {2, 1}, two.results());
        keras4j.ErrorMessagesTest.fails(() -> keras4j.Sequential.of(new keras4j.layers.Input(2),
                new keras4j.layers.Dense(1, "sigmoid")).compile("adam", "binary_crossentropy", two),
                "one threshold per TruePositives");
    }

    @Test
    void ratesAtThresholdsAsKerasDocuments() {
        double[] t = {0, 0, 0, 1, 1};
        double[] p = {0, 0.3, 0.8, 0.3, 0.8};
        assertEquals(0.5, value(() -> new SensitivityAtSpecificity(0.5), t, p, null), 1e-6);
        assertEquals(0.333333, value(() -> new SensitivityAtSpecificity(0.5), t, p, new double[] {1, 1, 2, 2, 1}),
                1e-6);
        assertEquals(0.66666667, value(() -> new SpecificityAtSensitivity(0.5), t, p, null), 1e-6);
        assertEquals(0.5, value(() -> new SpecificityAtSensitivity(0.5), t, p, new double[] {1, 1, 2, 2, 2}), 1e-6);
        assertEquals(0.5, value(() -> new PrecisionAtRecall(0.5), t, p, null), 1e-6);
        assertEquals(0.33333333, value(() -> new PrecisionAtRecall(0.5), t, p, new double[] {2, 2, 2, 1, 1}), 1e-6);
        double[] t2 = {0, 0, 1, 1};
        double[] p2 = {0, 0.5, 0.3, 0.9};
        assertEquals(0.5, value(() -> new RecallAtPrecision(0.8), t2, p2, null), 1e-6);
        assertEquals(1.0, value(() -> new RecallAtPrecision(0.8), t2, p2, new double[] {1, 0, 0, 1}), 1e-6);

        for (Metric m : List.of(new SensitivityAtSpecificity(0.7, 50, 1, "s"), new RecallAtPrecision(0.9))) {
            Metric copy = Metric.fromConfig(m.getClassName(), m.getConfig());
            assertEquals(m.getConfig(), copy.getConfig());
        }
        keras4j.ErrorMessagesTest.fails(() -> new PrecisionAtRecall(1.5), "`recall` must be in the range [0, 1]");
    }

    @Test
    void intersectionOverUnionAsKerasDocuments() {
        double[] t = {0, 0, 1, 1};
        double[] p = {0, 1, 0, 1};
        // Keras's docstrings: cm = [[1, 1], [1, 1]], IoU of each class 1 / 3
        assertEquals(1.0 / 3, value(() -> new IoU(2, new int[] {0}), t, p, null), 1e-6);
        assertEquals(1.0 / 3, value(() -> new MeanIoU(2), t, p, null), 1e-6);
        // weighted: cm = [[0.3, 0.3], [0.7, 0.3]]; class 0: 0.3 / (0.6 + 1.0 - 0.3), class 1: 0.3 / (0.6 + 1.0 - 0.3)
        double[] w = {0.3, 0.3, 0.7, 0.3};
        assertEquals(0.3 / 1.3, value(() -> new IoU(2, new int[] {0}), t, p, w), 1e-6);
        assertEquals((0.3 / 1.3 + 0.3 / 1.3) / 2, value(() -> new MeanIoU(2), t, p, w), 1e-6);
        // BinaryIoU: thresholded predictions; Keras's docstring example
        double[] bt = {0, 1, 0, 1};
        double[] bp = {0.1, 0.2, 0.4, 0.7};
        assertEquals(0.33333334, value(() -> new BinaryIoU(new int[] {0, 1}, 0.3, null), bt, bp, null), 1e-6);
        assertEquals((0.2 / 0.9 + 0.1 / 0.8) / 2, value(() -> new BinaryIoU(new int[] {0, 1}, 0.3, null), bt, bp,
                new double[] {0.2, 0.3, 0.4, 0.1}), 1e-6);
        // a class that never occurs doesn't count in the mean
        assertEquals(1.0, value(() -> new MeanIoU(3), new double[] {0, 1}, new double[] {0, 1}, null), 1e-6);

        OneHotMeanIoU oneHot = new OneHotMeanIoU(3);
        oneHot.updateState(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}},
                new double[][] {{0.2, 0.3, 0.5}, {0.1, 0.2, 0.7}, {0.5, 0.3, 0.1}, {0.1, 0.4, 0.5}});
        // arg-maxes: targets 2 0 1 0, predictions 2 2 0 2; only class 2 is ever right: 1 / (3 + 1 - 1)
        assertEquals((0 + 0 + 1.0 / 3) / 3, oneHot.result(), 1e-6);
        MeanIoU ignoring = new MeanIoU(2, null, 1, true, true);
        ignoring.updateState(vector(t), vector(p), null);
        assertArrayEquals(new double[][] {{1, 1}, {0, 0}}, ignoring.totalConfusionMatrix());

        Metric copy = Metric.fromConfig("MeanIoU", new MeanIoU(4, "miou", 2, true, false).getConfig());
        assertEquals(new MeanIoU(4, "miou", 2, true, false).getConfig(), copy.getConfig());
        keras4j.ErrorMessagesTest.fails(() -> keras4j.Sequential.of(new keras4j.layers.Input(2),
                new keras4j.layers.Dense(3, "softmax")).compile("adam", "sparse_categorical_crossentropy",
                new MeanIoU(3)), "create it with sparseYPred false");
    }

    @Test
    void fBetaScoreAsKerasDocuments() {
        double[][] t = {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}};
        double[][] p = {{0.2, 0.6, 0.7}, {0.2, 0.6, 0.6}, {0.6, 0.8, 0.0}};
        FBetaScore f2 = new FBetaScore(null, 2.0, 0.5, null);
        f2.updateState(t, p);
        assertArrayEquals(new double[] {0.3846154, 0.90909094, 0.8333334}, f2.results(), 1e-6);
        F1Score f1 = new F1Score(null, 0.5);
        f1.updateState(t, p);
        assertArrayEquals(new double[] {0.5, 0.8, 0.6666667}, f1.results(), 1e-6);
        assertEquals(List.of("name", "dtype", "average", "threshold"), List.copyOf(f1.getConfig().keySet()));
        Metric copy = Metric.fromConfig("FBetaScore", new FBetaScore("macro", 0.5, null, "f").getConfig());
        assertEquals(new FBetaScore("macro", 0.5, null, "f").getConfig(), copy.getConfig());
    }
}

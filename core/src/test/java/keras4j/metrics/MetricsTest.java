package keras4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras4j.Keras4jException;
import keras4j.losses.Loss;

/** Each metric's value by hand on small sets, as Keras 3 computes it. */
class MetricsTest {
    private static double[][] col(double... values) {
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new double[] {values[i]};
        }
        return out;
    }

    @Test
    void precisionAndRecallCountOverEveryBatchNotAMeanOfBatches() {
        Precision precision = new Precision();
        Recall recall = new Recall();
        double[][][] batches = {
            col(1, 0), col(0.9, 0.8),   // TP 1, FP 1: batch precision 0.5
            col(1, 1), col(0.7, 0.2),   // TP 1, FN 1: batch precision 1, recall 0.5
            col(0, 0), col(0.6, 0.9),   // FP 2: batch precision 0
        };
        for (int b = 0; b < batches.length; b += 2) {
            precision.updateState(batches[b], batches[b + 1]);
            recall.updateState(batches[b], batches[b + 1]);
        }
        assertEquals(2.0 / 5, precision.result(), 1e-12, "TP 2 / (TP 2 + FP 3), not (0.5 + 1 + 0) / 3");
        assertEquals(2.0 / 3, recall.result(), 1e-12, "TP 2 / (TP 2 + FN 1), not (1 + 0.5 + 0) / 3");
        precision.resetState();
        assertEquals(0, precision.result(), "divide_no_nan before any positive");
    }

    @Test
    void thresholdsTopKClassIdAndSampleWeights() {
        assertEquals(1.0, result(new Precision(0.85), col(1, 0), col(0.9, 0.8)), 1e-12);
        double[][] yTrue = {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
        double[][] yPred = {{0.2, 0.5, 0.3}, {0.3, 0.6, 0.1}, {0.1, 0.2, 0.7}};
        // top_k=1: the largest of each row is positive (threshold -inf): TP 2 (rows 0, 2), FP 1 (row 1).
        assertEquals(2.0 / 3, result(new Precision(null, 1, null), yTrue, yPred), 1e-12);
        // class 1: predicted above 0.5 only in row 1 (0.6), where the target is 0; row 0's 0.5 isn't above 0.5.
        assertEquals(0, result(new Precision(null, null, 1), yTrue, yPred), 1e-12);
        assertEquals(0, result(new Recall(null, null, 1), yTrue, yPred), 1e-12);
        assertEquals(1, result(new Recall(null, 2, 1), yTrue, yPred), 1e-12, "0.5 is in row 0's top 2");
        Precision weighted = new Precision();
        weighted.updateState(col(1, 0), col(0.9, 0.8), new double[] {3, 1});
        assertEquals(0.75, weighted.result(), 1e-12);
        Precision two = new Precision(new double[] {0.5, 0.85}, null, null);
        two.updateState(col(1, 0), col(0.9, 0.8));
        assertArrayEquals(new double[] {0.5, 1.0}, two.results(), 1e-12);
    }

    private static double result(Metric metric, double[][] yTrue, double[][] yPred) {
        metric.updateState(yTrue, yPred);
        return metric.result();
    }

    @Test
    void aucIsKerasTrapezoidOverItsThresholds() {
        // 3 thresholds: -eps, 0.5, 1 + eps. Scores 0.1 (neg), 0.4 (pos), 0.6 (neg), 0.8 (pos).
        AUC roc = new AUC(3, "ROC", "interpolation");
        roc.updateState(col(0, 1, 0, 1), col(0.1, 0.4, 0.6, 0.8));
        // (fpr, tpr): t=-eps (1, 1), t=0.5 (0.5, 0.5), t=1+eps (0, 0): trapezoids 0.5*0.75 + 0.5*0.25
        assertEquals(0.5, roc.result(), 1e-12);
        AUC fine = new AUC();
        fine.updateState(col(0, 1, 0, 1), col(0.1, 0.4, 0.6, 0.8));
        assertEquals(0.75, fine.result(), 1e-12, "200 thresholds separate every score: the exact ROC AUC 3/4");
        AUC minoring = new AUC(3, "ROC", "minoring");
        minoring.updateState(col(0, 1, 0, 1), col(0.1, 0.4, 0.6, 0.8));
        assertEquals(0.25, minoring.result(), 1e-12);
        // PR with interpolation (Davis and Goadrich): at t=-eps TP 2 FP 2, at 0.5 TP 1 FP 1, at 1+eps 0.
        // Interval 0: dTP 1, dP 2, slope 0.5, intercept 1 - 0.5*2 = 0, area 0.5*(1 + 0)/TP+FN(1+1)=0.25.
        // Interval 1: dTP 1, dP 2, slope 0.5, p ratio 1 (p_B = 0), intercept 0: 0.5 * 1 / (0 + 2) = 0.25.
        AUC pr = new AUC(3, "PR", "interpolation");
        pr.updateState(col(0, 1, 0, 1), col(0.1, 0.4, 0.6, 0.8));
        assertEquals(0.5, pr.result(), 1e-12);
    }

    @Test
    void f1ScoreAccuraciesAndTopK() {
        double[][] yTrue = {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}};
        double[][] yPred = {{0.8, 0.1, 0.1}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.3, 0.6}};
        // argmax: 0, 0, 1, 2 -> class 0: TP 1 FP 1 (f1 2/3); class 1: TP 1 FN 1 (2/3); class 2: TP 1 (1).
        F1Score macro = new F1Score("macro", null);
        assertEquals((2.0 / 3 + 2.0 / 3 + 1) / 3, result(macro, yTrue, yPred), 1e-6);
        F1Score micro = new F1Score("micro", null);
        assertEquals(0.75, result(micro, yTrue, yPred), 1e-6, "TP 3, FP 1, FN 1");
        F1Score weighted = new F1Score("weighted", null);
        assertEquals((2.0 / 3 + 2 * 2.0 / 3 + 1) / 4, result(weighted, yTrue, yPred), 1e-6);
        assertEquals(0.75, result(new CategoricalAccuracy(), yTrue, yPred), 1e-12);
        assertEquals(0.75, result(new SparseCategoricalAccuracy(), col(0, 1, 1, 2), yPred), 1e-12);
        assertEquals(1.0, result(new TopKCategoricalAccuracy(2), yTrue, yPred), 1e-12);
        assertEquals(0.75, result(new SparseTopKCategoricalAccuracy(1), col(0, 1, 1, 2), yPred), 1e-12);
        assertEquals(0.5, result(new BinaryAccuracy(), col(1, 0, 1, 0), col(0.6, 0.7, 0.4, 0.2)), 1e-12);
        assertEquals(0.25, result(new BinaryAccuracy(0.65), col(1, 0, 1, 0), col(0.6, 0.7, 0.4, 0.2)), 1e-12);
        assertEquals(0.5, result(new Accuracy(), col(1, 2), col(1, 3)), 1e-12);
        assertEquals((0.25 + 1) / 2, result(new MeanSquaredError(), col(1, 2), col(1.5, 3)), 1e-12);
        assertEquals((0.5 + 1) / 2, result(new MeanAbsoluteError(), col(1, 2), col(1.5, 3)), 1e-12);
    }

    @Test
    void namesResolveAsKerasAndConfigsRoundTrip() {
        Loss sparse = Loss.get("sparse_categorical_crossentropy");
        assertTrue(Metric.get("accuracy").forOutput(sparse, 10) instanceof SparseCategoricalAccuracy);
        assertTrue(Metric.get("acc").forOutput(Loss.get("binary_crossentropy"), 1) instanceof BinaryAccuracy);
        assertTrue(Metric.get("accuracy").forOutput(Loss.get("categorical_crossentropy"), 3)
                instanceof CategoricalAccuracy);
        assertEquals("accuracy", Metric.get("accuracy").forOutput(sparse, 10).getName());
        assertTrue(new Accuracy().forOutput(sparse, 10) instanceof Accuracy, "an object is what it says");
        for (Metric metric : List.of(new Precision(new double[] {0.3}, 2, 1, "p"), new Recall(), new AUC(50, "PR",
                "majoring"), new F1Score("macro", 0.4), new TopKCategoricalAccuracy(3), new BinaryAccuracy(0.2),
                Metric.get("top_k_categorical_accuracy"), Metric.get("auc"))) {
            Metric back = Metric.fromConfig(metric.getClassName(), metric.getConfig());
            assertEquals(metric.getConfig(), back.getConfig());
            assertEquals(metric.getName(), back.getName());
        }
        assertEquals(Map.of("name", "precision", "dtype", "float32", "thresholds", 0.7),
                without(new Precision(0.7).getConfig()));
        assertEquals("precision", Metric.get("precision").serialize());
        assertEquals("Precision", ((Map<?, ?>) new Precision().serialize()).get("class_name"));
    }

    private static Map<String, Object> without(Map<String, Object> config) {
        config.values().removeIf(java.util.Objects::isNull);
        return config;
    }

    @Test
    void stateRestoresExactly() {
        AUC auc = new AUC();
        auc.updateState(col(0, 1, 1), col(0.2, 0.9, 0.4));
        AUC copy = (AUC) auc.forOutput(Loss.get("binary_crossentropy"), 1);
        assertEquals(0, copy.getVariables()[0], "a fresh copy");
        copy.setVariables(auc.getVariables());
        assertEquals(auc.result(), copy.result());
        assertThrows(Keras4jException.class, () -> copy.setVariables(new double[3]));
    }

    @Test
    void aMidEpochCheckpointOfAnOlderKeras4jResumesItsAccuracy() {
        Loss loss = Loss.get("sparse_categorical_crossentropy");
        keras4j.internal.MetricTracker tracker = keras4j.internal.MetricTracker.create(
                List.of(Metric.get("accuracy")), loss, 3);
        tracker.update(keras4j.Arrays2.f(new double[][] {{0}, {2}, {1}}),
                keras4j.Arrays2.f(new double[][] {{3, 1, 0}, {0, 1, 2}, {5, 0, 0}}),
                new org.nd4j.linalg.activations.impl.ActivationSoftmax(), null);
        tracker.addLoss(0.5, 3);
        double[] state = tracker.state();   // loss sum, loss rows, samples, accuracy's total and count
        assertArrayEquals(new double[] {1.5, 3, 3, 2, 3}, state);
        // keras4j before stateful metrics: loss sum, loss rows, weight sum, accuracy's weighted sum
        keras4j.internal.MetricTracker resumed = keras4j.internal.MetricTracker.create(
                List.of(Metric.get("accuracy")), loss, 3);
        assertEquals(4, resumed.olderStateLength());
        resumed.restore(new double[] {1.5, 3, 3, 2});
        assertEquals(tracker.results(""), resumed.results(""));
        assertEquals(-1, keras4j.internal.MetricTracker.create(List.of(new Precision()), loss, 3)
                .olderStateLength(), "older versions had no precision");
        assertTrue(assertThrows(Keras4jException.class, () -> resumed.restore(new double[6])).getMessage()
                .contains("compile it with the metrics it was trained with"));
    }

    @Test
    void badArgumentsGetKerasMessages() {
        assertEquals("Precision received threshold 1.5; threshold values must be in [0, 1].",
                assertThrows(Keras4jException.class, () -> new Precision(1.5)).getMessage());
        assertTrue(assertThrows(Keras4jException.class, () -> new AUC(1, "ROC", "interpolation")).getMessage()
                .contains("num_thresholds=1; it must be an integer > 1"));
        assertTrue(assertThrows(Keras4jException.class, () -> new AUC(10, "ROCK", "interpolation")).getMessage()
                .contains("expected one of: ROC, PR"));
        assertTrue(assertThrows(Keras4jException.class, () -> new F1Score("mean", null)).getMessage()
                .startsWith("Invalid `average` argument value."));
        assertTrue(assertThrows(Keras4jException.class, () -> new TopKCategoricalAccuracy(0)).getMessage()
                .contains("k=0"));
        assertTrue(assertThrows(Keras4jException.class, () -> Metric.get("precission")).getMessage()
                .contains("Did you mean 'precision'?"));
        Loss cce = Loss.get("categorical_crossentropy");
        assertTrue(assertThrows(Keras4jException.class, () -> new Recall(null, null, 5).forOutput(cce, 3))
                .getMessage().contains("class_id=5, but the output has 3 classes"));
        assertTrue(assertThrows(Keras4jException.class, () -> new F1Score().forOutput(cce, 3)).getMessage()
                .contains("F1Score 'f1_score' has average=None, so one score per class (3)"));
        assertTrue(assertThrows(Keras4jException.class, () -> new Precision().updateState(col(1, 0),
                new double[][] {{0.1, 0.9}, {0.2, 0.8}})).getMessage().contains("targets of width 1"));
    }

    @Test
    void confusionMatrixCountsClassIdsAsTensorFlow() {
        long[][] counts = ConfusionMatrix.of(new int[] {1, 2, 4}, new int[] {2, 2, 4});
        assertEquals(5, counts.length);
        assertEquals(1, counts[1][2]);
        assertEquals(1, counts[2][2]);
        assertEquals(1, counts[4][4]);
        assertEquals(0, counts[1][1]);
        double[][] weighted = ConfusionMatrix.of(new int[] {0, 0, 1}, new int[] {0, 1, 1}, 2, new double[] {2, 3, 4});
        assertArrayEquals(new double[] {2, 3}, weighted[0]);
        assertArrayEquals(new double[] {0, 4}, weighted[1]);
        assertArrayEquals(new int[] {1, 0}, ConfusionMatrix.argMax(new double[][] {{0.1, 0.9}, {0.6, 0.4}}));
        assertTrue(assertThrows(Keras4jException.class, () -> ConfusionMatrix.of(new int[] {3}, new int[] {0}, 2))
                .getMessage().contains("class id 3 at sample 0"));
    }
}

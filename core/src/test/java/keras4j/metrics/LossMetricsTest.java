package keras4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.FitOptions;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.Loss;

/** The metrics that average a loss over the epoch, checked by hand and against the losses. */
class LossMetricsTest {
    private static final double[][] Y_TRUE = {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
    private static final double[][] Y_PRED = {{0.2, 0.7, 0.1}, {0.5, 0.3, 0.2}, {0.3, 0.3, 0.4}};

    @Test
    void eachAveragesItsLossPerSampleOverBatchesWithWeights() {
        List<Metric> metrics = List.of(new KLDivergence(), new Poisson(), new Hinge(), new SquaredHinge(),
                new CategoricalHinge(), new MeanAbsolutePercentageError(), new MeanSquaredLogarithmicError(),
                new LogCoshError(), new BinaryCrossentropy(), new CategoricalCrossentropy());
        List<String> losses = List.of("kl_divergence", "poisson", "hinge", "squared_hinge", "categorical_hinge",
                "mape", "msle", "log_cosh", "binary_crossentropy", "categorical_crossentropy");
        double[] weights = {1, 2, 0.5};
        for (int m = 0; m < metrics.size(); m++) {
            Metric metric = metrics.get(m);
            metric.updateState(new double[][] {Y_TRUE[0]}, new double[][] {Y_PRED[0]}, new double[] {weights[0]});
            metric.updateState(new double[][] {Y_TRUE[1], Y_TRUE[2]}, new double[][] {Y_PRED[1], Y_PRED[2]},
                    new double[] {weights[1], weights[2]});
            Loss loss = Loss.get(losses.get(m));
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                expected += weights[i] * loss.call(Nd4j.createFromArray(new double[][] {Y_TRUE[i]}),
                        Nd4j.createFromArray(new double[][] {Y_PRED[i]}));
            }
            assertEquals(expected / 3.5, metric.result(), 1e-6, metric.getName());
            metric.resetState();
            assertEquals(0, metric.result());
        }
    }

    @Test
    void valuesByHand() {
        KLDivergence kl = new KLDivergence();
        kl.updateState(new double[][] {{0.5, 0.5}}, new double[][] {{0.25, 0.75}});
        assertEquals(0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75), kl.result(), 1e-6);

        RootMeanSquaredError rmse = new RootMeanSquaredError();
        rmse.updateState(new double[][] {{0, 1}, {0, 0}}, new double[][] {{1, 1}, {0, 0}});   // Keras's docstring
        assertEquals(0.5, rmse.result(), 1e-9);
        rmse.updateState(new double[][] {{0, 1}}, new double[][] {{1, 1}}, new double[] {3});
        assertEquals(Math.sqrt((0.5 + 3 * 0.5) / 5), rmse.result(), 1e-9);

        CosineSimilarity cosine = new CosineSimilarity();
        cosine.updateState(new double[][] {{0, 1}, {1, 1}}, new double[][] {{1, 0}, {1, 1}});   // Keras's docstring
        assertEquals(0.5, cosine.result(), 1e-6, "(0 + 1) / 2: the metric is the cosine, not its negative");

        SparseCategoricalCrossentropy sparse = new SparseCategoricalCrossentropy();
        sparse.updateState(new double[][] {{1}, {2}}, new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
        assertEquals(1.177, sparse.result(), 1e-3, "Keras's docstring value");
    }

    @Test
    void byNameTheyLogUnderTheNameGivenAndMatchTheLossTheyMirror() {
        INDArray x = keras4j.Arrays2.random(2, 12, 4);
        INDArray y = keras4j.Arrays2.random(3, 12, 2).addi(1);
        Sequential model = Sequential.of(new Input(4), new Dense(2, "softplus"));
        model.setSeed(3);
        model.compile("sgd", "msle", "mape", "msle", "root_mean_squared_error", "mse");
        model.fit(x, y, new FitOptions().verbose(0));
        Map<String, Double> logs = model.evaluate(x, y);
        assertEquals(List.of("loss", "mape", "msle", "root_mean_squared_error", "mse"), List.copyOf(logs.keySet()));
        assertEquals(logs.get("loss"), logs.get("msle"), 1e-5);
        assertEquals(Math.sqrt(logs.get("mse")), logs.get("root_mean_squared_error"), 1e-5);

        Metric copy = Metric.fromConfig("BinaryCrossentropy", new BinaryCrossentropy(true, 0.1, "bce").getConfig());
        assertEquals(Map.of("name", "bce", "dtype", "float32", "from_logits", true, "label_smoothing", 0.1),
                copy.getConfig());
    }

    @Test
    void r2ScoreAsKerasComputesIt() {
        R2Score r2 = new R2Score();
        r2.updateState(new double[][] {{1}, {4}}, new double[][] {{2}, {4}});
        r2.updateState(new double[][] {{3}}, new double[][] {{4}});
        assertEquals(0.57142854, r2.result(), 1e-7, "Keras's docstring value, over two batches");

        // two outputs: residual / total per output, then the mean or the variance-weighted mean
        double[][] t = {{1, 0}, {2, 4}, {3, 8}, {5, 0}};
        double[][] p = {{1.5, 1}, {2, 3}, {2, 7}, {4, 1}};
        double[] raw = new double[2];
        double[] total = new double[2];
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            for (double[] row : t) {
                mean += row[j] / t.length;
            }
            double res = 0;
            for (int i = 0; i < t.length; i++) {
                res += (t[i][j] - p[i][j]) * (t[i][j] - p[i][j]);
                total[j] += (t[i][j] - mean) * (t[i][j] - mean);
            }
            raw[j] = 1 - res / total[j];
        }
        R2Score uniform = new R2Score();
        uniform.updateState(t, p);
        assertEquals((raw[0] + raw[1]) / 2, uniform.result(), 1e-9);
        R2Score weighted = new R2Score("variance_weighted_average", 0, null);
        weighted.updateState(t, p);
        assertEquals((raw[0] * total[0] + raw[1] * total[1]) / (total[0] + total[1]), weighted.result(), 1e-9);
        R2Score adjusted = new R2Score("uniform_average", 1, null);
        adjusted.updateState(t, p);
        assertEquals(1 - (1 - uniform.result()) * 3 / 2, adjusted.result(), 1e-9);
        R2Score perOutput = new R2Score(null, 0, null);
        perOutput.updateState(t, p);
        org.junit.jupiter.api.Assertions.assertArrayEquals(raw, perOutput.results(), 1e-9);

        INDArray x = keras4j.Arrays2.random(4, 10, 3);
        INDArray y = keras4j.Arrays2.random(5, 10, 2);
        Sequential model = Sequential.of(new Input(3), new Dense(2));
        model.setSeed(1);
        model.compile("adam", "mse", "r2_score");
        double[][] predictions = model.predict(x).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        R2Score byHand = new R2Score();
        byHand.updateState(y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix(), predictions);
        assertEquals(byHand.result(), model.evaluate(x, y, 3).get("r2_score"), 1e-5, "over batches of 3");
        keras4j.ErrorMessagesTest.fails(() -> Sequential.of(new Input(3), new Dense(2))
                .compile("adam", "mse", new R2Score(null, 0, null)), "one value per output");
    }
}

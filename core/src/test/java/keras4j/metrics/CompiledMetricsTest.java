package keras4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.BackupAndRestore;
import keras4j.callbacks.History;
import keras4j.callbacks.LambdaCallback;
import keras4j.callbacks.TrainingInterruptedException;
import keras4j.graph.KerasTensor;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.Loss;
import keras4j.optimizers.SGD;

/** Metrics in compile, fit and evaluate: over the whole epoch, reset, validated, saved and resumed. */
class CompiledMetricsTest {
    @TempDir
    Path temp;

    /** sigmoid(10 x): x = 1 predicts positive, x = -1 negative. */
    private static Sequential threshold(Metric... metrics) {
        Sequential model = Sequential.of(new Input(1), new Dense(1, "sigmoid"));
        model.compile(new SGD(1e-9), Loss.get("binary_crossentropy"), metrics[0],
                java.util.Arrays.copyOfRange(metrics, 1, metrics.length));
        model.setWeights(List.of(Arrays2.f(new double[][] {{10}}), Arrays2.f(0)));
        return model;
    }

    // Batches of 2: (1 -> 1, 1 -> 0): TP 1 FP 1; (1 -> 1, -1 -> 1): TP 1 FN 1; (1 -> 0, 1 -> 0): FP 2.
    private static final INDArray X = Arrays2.f(new double[][] {{1}, {1}, {1}, {-1}, {1}, {1}});
    private static final INDArray Y = Arrays2.f(new double[][] {{1}, {0}, {1}, {1}, {0}, {0}});

    @Test
    void precisionAndRecallAreOverTheEpochNotAMeanOfBatches() {
        Sequential model = threshold(new Precision(), new Recall(), new AUC());
        Map<String, Double> logs = model.evaluate(X, Y, 2);
        assertEquals(List.of("loss", "precision", "recall", "auc"), List.copyOf(logs.keySet()));
        assertEquals(0.4, logs.get("precision"), 1e-12, "TP 2 / (TP 2 + FP 3); a batch mean would be 0.5");
        assertEquals(2.0 / 3, logs.get("recall"), 1e-12, "TP 2 / (TP 2 + FN 1); a batch mean would be 0.5");

        INDArray vx = Arrays2.f(new double[][] {{1}, {1}, {-1}});
        INDArray vy = Arrays2.f(new double[][] {{1}, {0}, {1}});
        Map<String, Double> again = model.evaluate(vx, vy, 2);
        assertEquals(0.5, again.get("precision"), 1e-12, "reset: nothing of the first evaluation left");
        assertEquals(0.5, again.get("recall"), 1e-12);

        History history = model.fit(X, Y, new FitOptions().epochs(2).batchSize(2).shuffle(false).verbose(0)
                .validationData(vx, vy));
        assertEquals(List.of(0.4, 0.4), rounded(history.get("precision")));
        assertEquals(List.of(0.5, 0.5), rounded(history.get("val_precision")));
        assertEquals(List.of(0.5, 0.5), rounded(history.get("val_recall")));
        assertTrue(history.getHistory().containsKey("val_auc"));
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(v -> Math.round(v * 1e9) / 1e9).toList();
    }

    @Test
    void namesAndObjectsCompileTogetherAndEachOutputLogsItsOwn() {
        KerasTensor in = Input.tensor(2);
        KerasTensor digit = new Dense(3, "softmax").name("digit").apply(in);
        KerasTensor odd = new Dense(1, "sigmoid").name("odd").apply(in);
        Functional model = new Functional(List.of(in), List.of(digit, odd));
        model.compile(new SGD(0.01), Map.of("digit", Loss.get("categorical_crossentropy"),
                "odd", Loss.get("binary_crossentropy")), Map.of(),
                Map.of("digit", List.of("accuracy", new TopKCategoricalAccuracy(2), new Precision(null, null, 1)),
                        "odd", List.of("precision", "auc")));
        INDArray x = Arrays2.random(3, 8, 2);
        INDArray digits = Arrays2.f(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0},
            {0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
        INDArray odds = Arrays2.f(new double[][] {{1}, {0}, {1}, {0}, {1}, {0}, {1}, {1}});
        Map<String, Double> logs = model.evaluate(List.of(x), List.of(digits, odds), 4);
        assertEquals(List.of("loss", "digit_loss", "digit_accuracy", "digit_top_k_categorical_accuracy",
                "digit_precision", "odd_loss", "odd_precision", "odd_auc"), List.copyOf(logs.keySet()));
        assertTrue(logs.get("digit_top_k_categorical_accuracy") >= logs.get("digit_accuracy"));
        assertTrue(assertThrows(Keras4jException.class, () -> model.compile(new SGD(0.01),
                Map.of("digit", Loss.get("categorical_crossentropy"), "odd", Loss.get("binary_crossentropy")),
                Map.of(), Map.of("digit", List.of(new Recall(null, null, 3))))).getMessage()
                .contains("class_id=3, but the output has 3 classes"));
    }

    @Test
    void metricObjectsComeBackFromKeras4jAndKerasFiles() {
        for (String file : List.of("m.keras4j", "m.keras", "m.h5")) {
            Sequential model = Sequential.of(new Input(3), new Dense(2, "softmax"));
            model.compile(new SGD(0.1), Loss.get("categorical_crossentropy"), List.of("accuracy",
                    new Precision(new double[] {0.3}, 1, 1, "p1"), new AUC(50, "PR", "interpolation"),
                    new F1Score("macro", null), "top_k_categorical_accuracy"));
            Path path = temp.resolve(file);
            model.save(path);
            Model loaded = Model.load(path);
            assertEquals(model.getCompileSettings().metrics(), loaded.getCompileSettings().metrics(), file);
            assertEquals(List.of("accuracy", "p1", "auc", "f1_score", "top_k_categorical_accuracy"),
                    loaded.getMetrics(), file);
        }
    }

    @Test
    void aMidEpochInterruptResumesWithTheStatefulMetricsBitForBit() {
        INDArray x = Arrays2.random(31, 48, 4);
        INDArray y = Arrays2.classIds(32, 48, 2).reshape(48, 1);
        java.util.function.LongFunction<Sequential> model = seed -> {
            Sequential m = Sequential.of(new Input(4), new Dense(6, "tanh"), new Dense(1, "sigmoid"));
            m.setSeed(seed);
            m.compile("adam", "binary_crossentropy", new Precision(), new AUC(), new F1Score("micro", 0.5));
            return m;
        };
        FitOptions options = new FitOptions().epochs(3).batchSize(16).verbose(0).validationSplit(0.25);
        Sequential uninterrupted = model.apply(5);
        uninterrupted.fit(x, y, options);

        Path backup = temp.resolve("backup");
        BackupAndRestore first = new BackupAndRestore(backup, 0, true);
        int[] epochNow = {0};
        LambdaCallback signal = new LambdaCallback().onEpochBegin((epoch, logs) -> epochNow[0] = epoch)
                .onTrainBatchEnd((batch, logs) -> {
                    if (epochNow[0] == 1 && batch == 0) {
                        first.interrupt();
                    }
                });
        Sequential killed = model.apply(5);
        assertThrows(TrainingInterruptedException.class, () -> killed.fit(x, y, new FitOptions().epochs(3)
                .batchSize(16).verbose(0).validationSplit(0.25).callbacks(signal, first)));
        Sequential resumed = model.apply(5);
        BackupAndRestore restore = new BackupAndRestore(backup, 0, true);
        resumed.fit(x, y, new FitOptions().epochs(3).batchSize(16).verbose(0).validationSplit(0.25)
                .callbacks(restore));
        assertEquals(1, restore.getRestoredBatches());
        assertEquals(uninterrupted.getWeights(), resumed.getWeights());
        assertEquals(uninterrupted.getHistory().getHistory(), resumed.getHistory().getHistory(),
                "precision, AUC and F1 of the interrupted epoch carried their counts over");
    }
}

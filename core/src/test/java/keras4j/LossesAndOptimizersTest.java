package keras4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.BinaryCrossentropy;
import keras4j.losses.CategoricalCrossentropy;
import keras4j.losses.Loss;
import keras4j.losses.MeanAbsoluteError;
import keras4j.losses.MeanSquaredError;
import keras4j.losses.SparseCategoricalCrossentropy;
import keras4j.optimizers.Adam;
import keras4j.optimizers.Optimizer;
import keras4j.optimizers.SGD;
import keras4j.regularizers.Regularizer;

/** Loss values with Keras's reduction, optimizer steps and regularization penalties, by hand. */
class LossesAndOptimizersTest {
    private static final double TOLERANCE = 1e-5;

    @Test
    void standaloneLossesAverageOverTheBatch() {
        INDArray yTrue = Arrays2.f(new double[][] {{1, 2}, {0, 0}});
        INDArray yPred = Arrays2.f(new double[][] {{1, 4}, {1, 1}});
        assertEquals((2.0 + 1.0) / 2, new MeanSquaredError().call(yTrue, yPred), TOLERANCE);
        assertEquals((1.0 + 1.0) / 2, new MeanAbsoluteError().call(yTrue, yPred), TOLERANCE);
        assertEquals(Loss.get("mse").call(yTrue, yPred), Loss.get("mean_squared_error").call(yTrue, yPred));
    }

    @Test
    void crossEntropiesMatchKeras() {
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
        assertEquals(expected, new BinaryCrossentropy().call(Arrays2.f(1, 0), Arrays2.f(0.9, 0.2)), TOLERANCE);
        // Keras averages binary cross-entropy over the outputs of a multi-label row.
        assertEquals(expected, new BinaryCrossentropy().call(Arrays2.f(new double[][] {{1, 0}}),
                Arrays2.f(new double[][] {{0.9, 0.2}})), TOLERANCE);
        INDArray probabilities = Arrays2.f(new double[][] {{0.2, 0.8}, {0.6, 0.4}});
        double ce = -(Math.log(0.8) + Math.log(0.6)) / 2;
        assertEquals(ce, new CategoricalCrossentropy().call(Arrays2.f(new double[][] {{0, 1}, {1, 0}}), probabilities),
                TOLERANCE);
        assertEquals(ce, new SparseCategoricalCrossentropy().call(Arrays2.f(1, 0), probabilities), TOLERANCE);
        // Keras clips probabilities to [1e-7, 1 - 1e-7]: a confident wrong answer costs -log(1e-7), not infinity.
        assertEquals(-Math.log(1e-7), new SparseCategoricalCrossentropy().call(Arrays2.f(0),
                Arrays2.f(new double[][] {{0, 1}})), 1e-3);
    }

    /** A one-weight model whose loss is w^2 (x = 1, y = 0, mse): its gradient is 2w. */
    private static double weightAfterSteps(Optimizer optimizer, int steps) {
        Sequential model = Sequential.of(new Input(1), new Dense(1).useBias(false).name("w"));
        model.compile(optimizer, Loss.get("mse"));
        model.getLayer("w").setWeights(List.of(Arrays2.f(new double[][] {{1}})));
        model.fit(Arrays2.f(new double[][] {{1}}), Arrays2.f(new double[][] {{0}}),
                new FitOptions().epochs(steps).batchSize(1).verbose(0));
        return model.getLayer("w").getWeights().get(0).getDouble(0, 0);
    }

    @Test
    void sgdStepsByHand() {
        assertEquals(0.64, weightAfterSteps(new SGD(0.1), 2), TOLERANCE);                   // w -= 0.1 * 2w
        assertEquals(0.46, weightAfterSteps(new SGD(0.1, 0.9, false), 2), TOLERANCE);       // v = 0.9v - 0.1g
        assertEquals(0.62, weightAfterSteps(new SGD(0.1, 0.9, true), 1), TOLERANCE);        // w += 0.9v - 0.1g
        assertEquals(0.9, weightAfterSteps(new Adam(0.1), 1), 1e-4);                       // first step ~ lr
    }

    @Test
    void optimizerNamesAndDefaultsAreKeras() {
        assertEquals(new SGD(0.01), Optimizer.get("SGD"));
        assertEquals(0.001, Optimizer.get("adam").getLearningRate());
        assertEquals(1e-7, ((Adam) Optimizer.get("adam")).getEpsilon());
        assertEquals(Optimizer.get("nadam"), Optimizer.fromConfig(Optimizer.get("nadam").getConfig()));
        assertEquals(new SGD(0.1, 0.9, true), Optimizer.fromConfig(new SGD(0.1, 0.9, true).getConfig()));
        assertEquals(0.5, Optimizer.get("rmsprop").withLearningRate(0.5).getLearningRate());
    }

    /** Loss of a zero-error model with kernel w = 2: only the penalty remains. */
    private static double penalty(Regularizer regularizer) {
        Sequential model = Sequential.of(new Input(1), new Dense(1).useBias(false).kernelRegularizer(regularizer).name("w"));
        model.compile("sgd", "mse");
        model.getLayer("w").setWeights(List.of(Arrays2.f(new double[][] {{2}})));
        return model.evaluate(Arrays2.f(new double[][] {{0}}), Arrays2.f(new double[][] {{0}})).get("loss");
    }

    @Test
    void regularizationPenaltiesHaveKerasFactors() {
        assertEquals(0.5 * 4, penalty(Regularizer.l2(0.5)), TOLERANCE);    // l2 * sum(w^2)
        assertEquals(0.5 * 2, penalty(Regularizer.l1(0.5)), TOLERANCE);    // l1 * sum(|w|)
        assertEquals(0.01 * 2 + 0.01 * 4, penalty(Regularizer.get("l1_l2")), TOLERANCE);
    }
}

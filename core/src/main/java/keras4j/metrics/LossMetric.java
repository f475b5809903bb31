package keras4j.metrics;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.losses.Loss;

/**
 * Keras's {@code MeanMetricWrapper} around a loss function: the loss of each sample (computed by
 * the keras4j loss of the same name, {@link Loss#callPerSample}), averaged over every sample seen,
 * weighted by the sample weights. State: the weighted total and the total weight.
 */
abstract sealed class LossMetric extends Metric
        permits KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
        Hinge, SquaredHinge, CategoricalHinge, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
        CosineSimilarity, LogCoshError, RootMeanSquaredError {
    private final Loss loss;
    /** -1 where the metric is the loss's negative (Keras's cosine similarity metric is +cos). */
    private final double sign;

    LossMetric(String name, String defaultName, Loss loss, double sign) {
        super(name, defaultName, 2);
        this.loss = loss;
        this.sign = sign;
    }

    @Override
    boolean sparse() {
        return loss.isSparse();
    }

    @Override
    void arguments(Map<String, Object> config) {
    }

    @Override
    final void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        if (yPred.length == 0) {
            return;
        }
        INDArray values = loss.callPerSample(Nd4j.createFromArray(yTrue), Nd4j.createFromArray(yPred));
        for (int i = 0; i < yPred.length; i++) {
            double w = weight(sampleWeight, i);
            variables[0] += sign * values.getDouble(i) * w;
            variables[1] += w;
        }
    }

    @Override
    public double result() {
        return divideNoNan(variables[0], variables[1]);
    }
}

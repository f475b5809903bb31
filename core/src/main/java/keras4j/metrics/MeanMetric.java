package keras4j.metrics;

/**
 * Keras's {@code MeanMetricWrapper}: a value per sample, averaged over every sample seen,
 * weighted by the sample weights (state: the weighted total and the total weight).
 */
abstract sealed class MeanMetric extends Metric
        permits Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
        SparseTopKCategoricalAccuracy, MeanSquaredError, MeanAbsoluteError {

    MeanMetric(String name, String defaultName) {
        super(name, defaultName, 2);
    }

    /** @return the sample's value */
    abstract double value(double[] yTrue, double[] yPred);

    @Override
    final void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        for (int i = 0; i < yPred.length; i++) {
            double w = weight(sampleWeight, i);
            variables[0] += value(yTrue[i], yPred[i]) * w;
            variables[1] += w;
        }
    }

    @Override
    public final double result() {
        return divideNoNan(variables[0], variables[1]);
    }

    /** @return the mean over the row of 1 where {@code test} holds */
    static double meanOf(double[] yTrue, double[] yPred, java.util.function.DoubleBinaryOperator perValue) {
        double sum = 0;
        for (int j = 0; j < yPred.length; j++) {
            sum += perValue.applyAsDouble(yTrue[j], yPred[j]);
        }
        return sum / yPred.length;
    }
}

package keras4j.metrics;

import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code FBetaScore}: the weighted harmonic mean of precision and recall
 * {@code (1 + beta²) · precision · recall / (beta² · precision + recall)}, from true / false positive
 * and false negative counts per class accumulated since the reset. Without a threshold a
 * sample's largest prediction is its positive; {@code average} "micro" counts every class
 * together, "macro" averages the classes' scores, "weighted" weighs them by their number of
 * targets, null (Keras's default) keeps one score per class ({@link #results()}; compile logs it
 * only for an output of one unit).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new FBetaScore("macro", 2.0, null, null));
 * }</pre>
 */
public sealed class FBetaScore extends Metric permits F1Score {
    private final String average;
    private final double beta;
    private final Double threshold;
    private int classes = -1;

    /**
     * @param average   null, "micro", "macro" or "weighted"
     * @param beta      how much more recall weighs than precision, &gt; 0
     * @param threshold a prediction above it is positive (0 < threshold <= 1), or null for the largest
     * @param name      the name it is logged by, or null for "fbeta_score"
     */
    public FBetaScore(String average, double beta, Double threshold, String name) {
        this(average, beta, threshold, name, "fbeta_score");
    }

    FBetaScore(String average, double beta, Double threshold, String name, String defaultName) {
        super(name, defaultName, 0);
        if (average != null && !average.equals("micro") && !average.equals("macro") && !average.equals("weighted")) {
            throw new Keras4jException("Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', "
                    + "'weighted'}. Received: average=" + average);
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new Keras4jException("Invalid `beta` argument value. It should be > 0. Received: beta=" + beta);
        }
        if (threshold != null && (threshold > 1.0 || threshold <= 0.0 || threshold.isNaN())) {
            throw new Keras4jException("Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
                    + "Received: threshold=" + threshold);
        }
        this.average = average;
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("average", average);
        config.put("beta", beta);
        config.put("threshold", threshold);
    }

    @Override
    void check(int units) {
        if (average == null && units > 1) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' has average=None, so one score per "
                    + "class (" + units + "); compile logs one value per metric: give it average \"macro\", \"micro\" "
                    + "or \"weighted\".");
        }
        build(units);
    }

    private void build(int units) {
        if (classes != units) {
            classes = units;
            variables = new double[4 * (average != null && average.equals("micro") ? 1 : units)];
        }
    }

    @Override
    void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        if (yPred.length == 0) {
            return;
        }
        if (classes < 0) {
            build(yPred[0].length);
        } else if (yPred[0].length != classes) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' was built for " + classes + " classes and "
                    + "received predictions of width " + yPred[0].length + ".");
        }
        int slots = variables.length / 4;
        for (int i = 0; i < yPred.length; i++) {
            double w = weight(sampleWeight, i);
            double max = Double.NEGATIVE_INFINITY;
            for (double p : yPred[i]) {
                max = Math.max(max, p);
            }
            for (int j = 0; j < classes; j++) {
                double p = yPred[i][j];
                double pred = (threshold == null ? p >= max && Math.abs(p) > 1e-9 : p > threshold) ? 1 : 0;
                double label = yTrue[i][j];
                int s = slots == 1 ? 0 : j;
                variables[s] += pred * label * w;
                variables[slots + s] += pred * (1 - label) * w;
                variables[2 * slots + s] += (1 - pred) * label * w;
                variables[3 * slots + s] += label * w;
            }
        }
    }

    /** @return the score per class (one value for "micro"), before averaging */
    public double[] results() {
        int slots = Math.max(variables.length / 4, 0);
        double[] f1 = new double[slots];
        double eps = keras4j.losses.Loss.EPSILON;
        double b2 = beta * beta;
        for (int s = 0; s < slots; s++) {
            double tp = variables[s];
            double precision = tp / (tp + variables[slots + s] + eps);
            double recall = tp / (tp + variables[2 * slots + s] + eps);
            f1[s] = (1 + b2) * precision * recall / (b2 * precision + recall + eps);
        }
        return f1;
    }

    @Override
    public double result() {
        double[] f1 = results();
        int slots = f1.length;
        if (average == null) {
            if (slots != 1) {
                throw new Keras4jException(getClassName() + " '" + getName() + "' has average=None and " + slots
                        + " classes; read its per-class scores with results().");
            }
            return f1[0];
        }
        double out = 0;
        if (average.equals("weighted")) {
            double total = 0;
            for (int s = 0; s < slots; s++) {
                total += variables[3 * slots + s];
            }
            for (int s = 0; s < slots; s++) {
                out += f1[s] * (variables[3 * slots + s] / (total + keras4j.losses.Loss.EPSILON));
            }
            return out;
        }
        for (double v : f1) {
            out += v;
        }
        return slots == 0 ? 0 : out / slots;
    }
}

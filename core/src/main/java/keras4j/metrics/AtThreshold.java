package keras4j.metrics;

import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code SensitivitySpecificityBase}: true / false positive and negative counts at
 * {@code numThresholds} evenly spaced thresholds in [0, 1] (0 and 1 included), over the epoch; the
 * result is the best value of one rate among the thresholds where another rate reaches the
 * metric's {@code value} (Keras's {@code _find_max_under_constraint}).
 */
abstract sealed class AtThreshold extends Metric
        permits SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision {
    private final double value;
    private final String valueKey;
    private final int numThresholds;
    private final Integer classId;
    private final double[] thresholds;

    AtThreshold(String valueKey, double value, int numThresholds, Integer classId, String name, String defaultName) {
        super(name, defaultName, 4 * Math.max(numThresholds, 1));
        String what = getClass().getSimpleName();
        if (!(value >= 0 && value <= 1)) {
            throw new Keras4jException(what + ": argument `" + valueKey + "` must be in the range [0, 1]. Received: "
                    + valueKey + "=" + value);
        }
        if (numThresholds <= 0) {
            throw new Keras4jException(what + ": argument `num_thresholds` must be an integer > 0. Received: "
                    + "num_thresholds=" + numThresholds);
        }
        if (classId != null && classId < 0) {
            throw new Keras4jException(what + " received class_id=" + classId + "; expected a class id >= 0 or none.");
        }
        this.value = value;
        this.valueKey = valueKey;
        this.numThresholds = numThresholds;
        this.classId = classId;
        this.thresholds = new double[numThresholds];
        if (numThresholds == 1) {
            thresholds[0] = 0.5;
        } else {
            for (int i = 0; i < numThresholds; i++) {
                thresholds[i] = i == numThresholds - 1 ? 1.0 : (double) i / (numThresholds - 1);
            }
        }
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("class_id", classId);
        config.put("num_thresholds", numThresholds);
        config.put(valueKey, value);
    }

    @Override
    void check(int units) {
        if (classId != null && classId >= units) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' received class_id=" + classId
                    + ", but the output has " + units + " classes (ids 0 to " + (units - 1) + ").");
        }
    }

    @Override
    final void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        int n = thresholds.length;
        double[] tp = new double[n];
        double[] fp = new double[n];
        double[] tn = new double[n];
        double[] fn = new double[n];
        ConfusionCounts.count(yTrue, yPred, sampleWeight, thresholds, null, classId, false, tp, fp, tn, fn);
        for (int t = 0; t < n; t++) {
            variables[t] += tp[t];
            variables[n + t] += fp[t];
            variables[2 * n + t] += tn[t];
            variables[3 * n + t] += fn[t];
        }
    }

    /** @return the four counts' rates at each threshold: 0 recall (sensitivity), 1 specificity, 2 precision */
    final double[] rates(int kind) {
        int n = thresholds.length;
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            double tp = variables[t];
            double fp = variables[n + t];
            double tn = variables[2 * n + t];
            double fn = variables[3 * n + t];
            out[t] = kind == 0 ? divideNoNan(tp, tp + fn) : kind == 1 ? divideNoNan(tn, tn + fp)
                    : divideNoNan(tp, tp + fp);
        }
        return out;
    }

    /** @return the largest {@code dependent} where {@code constrained >= value}, else 0 */
    final double bestWhere(double[] constrained, double[] dependent) {
        double best = 0;
        for (int t = 0; t < constrained.length; t++) {
            if (constrained[t] >= value) {
                best = Math.max(best, dependent[t]);
            }
        }
        return best;
    }
}

package keras4j.metrics;

import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code update_confusion_matrix_variables}: weighted true / false positive and negative
 * counts per threshold, a prediction being positive when it is above the threshold and a target
 * when it isn't 0; with {@code topK} only a row's k largest predictions can be positive, with
 * {@code classId} only that column counts. The base of {@link Precision} and {@link Recall}.
 */
abstract sealed class ConfusionCounts extends Metric permits Precision, Recall {
    /** Keras's {@code NEG_INF}, what {@code topK} sets the other predictions to. */
    static final double NEG_INF = -1e10;

    final double[] thresholds;
    /** Whether the thresholds were given (Keras's {@code init_thresholds}). */
    private final boolean givenThresholds;
    final Integer topK;
    final Integer classId;

    ConfusionCounts(double[] thresholds, Integer topK, Integer classId, String name, String defaultName) {
        super(name, defaultName, 2 * (thresholds == null ? 1 : thresholds.length));
        String what = getClass().getSimpleName();
        checkThresholds(what, thresholds);
        if (topK != null && topK < 1) {
            throw new Keras4jException(what + " received top_k=" + topK + "; expected top_k >= 1 or none.");
        }
        if (classId != null && classId < 0) {
            throw new Keras4jException(what + " received class_id=" + classId + "; expected a class id >= 0 or none.");
        }
        this.givenThresholds = thresholds != null;
        this.thresholds = thresholds != null ? thresholds.clone() : new double[] {topK == null ? 0.5 : NEG_INF};
        this.topK = topK;
        this.classId = classId;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("thresholds", !givenThresholds ? null
                : thresholds.length == 1 ? (Object) thresholds[0]
                : java.util.Arrays.stream(thresholds).boxed().toList());
        config.put("top_k", topK);
        config.put("class_id", classId);
    }

    /** @return the thresholds as given, or null for the default */
    double[] givenThresholds() {
        return givenThresholds ? thresholds.clone() : null;
    }

    @Override
    void check(int units) {
        oneThreshold(this, thresholds.length);
        if (classId != null && classId >= units) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' received class_id=" + classId
                    + ", but the output has " + units + " classes (ids 0 to " + (units - 1) + ").");
        }
        if (topK != null && topK > units) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' received top_k=" + topK
                    + ", but the output has only " + units + " values per sample.");
        }
    }

    /** Refuses an empty list of thresholds or one outside [0, 1] (null is the default). */
    static void checkThresholds(String what, double[] thresholds) {
        if (thresholds != null && thresholds.length == 0) {
            throw new Keras4jException(what + " received no thresholds; give at least one in [0, 1], e.g. 0.5.");
        }
        if (thresholds != null) {
            for (double t : thresholds) {
                if (!(t >= 0 && t <= 1)) {
                    throw new Keras4jException(what + " received threshold " + t + "; threshold values must be in "
                            + "[0, 1].");
                }
            }
        }
    }

    /** Refuses, for compile, a metric with one value per threshold. */
    static void oneThreshold(Metric metric, int thresholds) {
        if (thresholds > 1) {
            throw new Keras4jException(metric.getClassName() + " '" + metric.getName() + "' has " + thresholds
                    + " thresholds, so one value per threshold; compile logs one value per metric: give one "
                    + "threshold per " + metric.getClassName() + ".");
        }
    }

    /** The batch's counts per threshold; null arrays are skipped. */
    static void count(double[][] yTrue, double[][] yPred, double[] sampleWeight, double[] thresholds, Integer topK,
                      Integer classId, boolean fromLogits, double[] tp, double[] fp, double[] tn, double[] fn) {
        for (int i = 0; i < yPred.length; i++) {
            double w = weight(sampleWeight, i);
            double[] pred = yPred[i];
            if (fromLogits) {
                pred = pred.clone();
                for (int j = 0; j < pred.length; j++) {
                    pred[j] = 1 / (1 + Math.exp(-pred[j]));
                }
            }
            if (topK != null) {
                pred = filterTopK(pred, topK);
            }
            int from = classId == null ? 0 : classId;
            int to = classId == null ? pred.length : classId + 1;
            for (int j = from; j < to; j++) {
                boolean label = yTrue[i][j] != 0;
                for (int t = 0; t < thresholds.length; t++) {
                    boolean positive = pred[j] > thresholds[t];
                    double[] into = label ? (positive ? tp : fn) : (positive ? fp : tn);
                    if (into != null) {
                        into[t] += w;
                    }
                }
            }
        }
    }

    /** @return the row with all but its k largest values (the first of equal ones) set to NEG_INF */
    static double[] filterTopK(double[] row, int k) {
        Integer[] order = new Integer[row.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(row[b], row[a]));   // stable: lower index first
        double[] out = new double[row.length];
        java.util.Arrays.fill(out, NEG_INF);
        for (int r = 0; r < Math.min(k, row.length); r++) {
            out[order[r]] = row[order[r]];
        }
        return out;
    }

    /**
     * @return whether the second count is of false negatives (Recall) rather than false positives
     *         (Precision): the value is true positives / (true positives + that count)
     */
    abstract boolean countsMisses();

    @Override
    final void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        int n = thresholds.length;
        double[] tp = new double[n];
        double[] errors = new double[n];
        boolean misses = countsMisses();
        count(yTrue, yPred, sampleWeight, thresholds, topK, classId, false, tp, misses ? null : errors, null,
                misses ? errors : null);
        for (int t = 0; t < n; t++) {
            variables[t] += tp[t];
            variables[n + t] += errors[t];
        }
    }

    /** @return one value per threshold: true positives / (true positives + the errors counted) */
    public final double[] results() {
        int n = thresholds.length;
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            out[t] = divideNoNan(variables[t], variables[t] + variables[n + t]);
        }
        return out;
    }

    @Override
    public final double result() {
        double[] all = results();
        if (all.length != 1) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' has " + all.length + " thresholds; "
                    + "read its values with results().");
        }
        return all[0];
    }

}

package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code _ConfusionMatrixConditionCount}: the weighted number of true or false positives
 * or negatives over the epoch, a prediction being positive when above the threshold (0.5 by
 * default) and a target when it isn't 0; one count per threshold ({@link #results()}).
 */
abstract sealed class ConditionCount extends Metric permits TruePositives, FalsePositives, TrueNegatives,
        FalseNegatives {
    private final double[] thresholds;
    private final boolean givenThresholds;

    ConditionCount(double[] thresholds, String name, String defaultName) {
        super(name, defaultName, thresholds == null ? 1 : thresholds.length);
        ConfusionCounts.checkThresholds(getClass().getSimpleName(), thresholds);
        this.givenThresholds = thresholds != null;
        this.thresholds = thresholds == null ? new double[] {0.5} : thresholds.clone();
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("thresholds", !givenThresholds ? null : thresholds.length == 1 ? (Object) thresholds[0]
                : java.util.Arrays.stream(thresholds).boxed().toList());
    }

    @Override
    void check(int units) {
        ConfusionCounts.oneThreshold(this, thresholds.length);
    }

    /** @return which count: 0 true positives, 1 false positives, 2 true negatives, 3 false negatives */
    abstract int kind();

    @Override
    final void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        double[][] counts = new double[4][];
        counts[kind()] = new double[thresholds.length];
        ConfusionCounts.count(yTrue, yPred, sampleWeight, thresholds, null, null, false, counts[0], counts[1],
                counts[2], counts[3]);
        for (int t = 0; t < thresholds.length; t++) {
            variables[t] += counts[kind()][t];
        }
    }

    /** @return the count at each threshold */
    public final double[] results() {
        return variables.clone();
    }

    @Override
    public final double result() {
        return variables[0];
    }
}

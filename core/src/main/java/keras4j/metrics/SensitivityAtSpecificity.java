package keras4j.metrics;

/**
 * Keras's {@code SensitivityAtSpecificity}: the best sensitivity (recall) where the specificity is at least {@code specificity}, over the epoch's counts at {@code numThresholds} evenly
 * spaced thresholds (Keras's default 200); with {@code classId} only that class's column counts.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new SensitivityAtSpecificity(0.8));
 * }</pre>
 */
public final class SensitivityAtSpecificity extends AtThreshold {
    /** @param specificity the value it must reach, in [0, 1] (200 thresholds, every class, logged as "sensitivity_at_specificity") */
    public SensitivityAtSpecificity(double specificity) {
        this(specificity, 200, null, null);
    }

    /**
     * @param specificity     the value it must reach, in [0, 1]
     * @param numThresholds the number of thresholds, &gt; 0
     * @param classId       the class whose column counts, or null for every value
     * @param name          the name it is logged by, or null for "sensitivity_at_specificity"
     */
    public SensitivityAtSpecificity(double specificity, int numThresholds, Integer classId, String name) {
        super("specificity", specificity, numThresholds, classId, name, "sensitivity_at_specificity");
    }

    @Override
    public double result() {
        return bestWhere(rates(1), rates(0));
    }
}

package keras4j.metrics;

/**
 * Keras's {@code SpecificityAtSensitivity}: the best specificity where the sensitivity (recall) is at least {@code sensitivity}, over the epoch's counts at {@code numThresholds} evenly
 * spaced thresholds (Keras's default 200); with {@code classId} only that class's column counts.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new SpecificityAtSensitivity(0.8));
 * }</pre>
 */
public final class SpecificityAtSensitivity extends AtThreshold {
    /** @param sensitivity the value it must reach, in [0, 1] (200 thresholds, every class, logged as "specificity_at_sensitivity") */
    public SpecificityAtSensitivity(double sensitivity) {
        this(sensitivity, 200, null, null);
    }

    /**
     * @param sensitivity     the value it must reach, in [0, 1]
     * @param numThresholds the number of thresholds, &gt; 0
     * @param classId       the class whose column counts, or null for every value
     * @param name          the name it is logged by, or null for "specificity_at_sensitivity"
     */
    public SpecificityAtSensitivity(double sensitivity, int numThresholds, Integer classId, String name) {
        super("sensitivity", sensitivity, numThresholds, classId, name, "specificity_at_sensitivity");
    }

    @Override
    public double result() {
        return bestWhere(rates(0), rates(1));
    }
}

package keras4j.metrics;

/**
 * Keras's {@code RecallAtPrecision}: the best recall where the precision is at least {@code precision}, over the epoch's counts at {@code numThresholds} evenly
 * spaced thresholds (Keras's default 200); with {@code classId} only that class's column counts.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new RecallAtPrecision(0.8));
 * }</pre>
 */
public final class RecallAtPrecision extends AtThreshold {
    /** @param precision the value it must reach, in [0, 1] (200 thresholds, every class, logged as "recall_at_precision") */
    public RecallAtPrecision(double precision) {
        this(precision, 200, null, null);
    }

    /**
     * @param precision     the value it must reach, in [0, 1]
     * @param numThresholds the number of thresholds, &gt; 0
     * @param classId       the class whose column counts, or null for every value
     * @param name          the name it is logged by, or null for "recall_at_precision"
     */
    public RecallAtPrecision(double precision, int numThresholds, Integer classId, String name) {
        super("precision", precision, numThresholds, classId, name, "recall_at_precision");
    }

    @Override
    public double result() {
        return bestWhere(rates(2), rates(0));
    }
}

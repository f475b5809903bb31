package keras4j.metrics;

/**
 * Keras's {@code PrecisionAtRecall}: the best precision where the recall is at least {@code recall}, over the epoch's counts at {@code numThresholds} evenly
 * spaced thresholds (Keras's default 200); with {@code classId} only that class's column counts.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new PrecisionAtRecall(0.8));
 * }</pre>
 */
public final class PrecisionAtRecall extends AtThreshold {
    /** @param recall the value it must reach, in [0, 1] (200 thresholds, every class, logged as "precision_at_recall") */
    public PrecisionAtRecall(double recall) {
        this(recall, 200, null, null);
    }

    /**
     * @param recall     the value it must reach, in [0, 1]
     * @param numThresholds the number of thresholds, &gt; 0
     * @param classId       the class whose column counts, or null for every value
     * @param name          the name it is logged by, or null for "precision_at_recall"
     */
    public PrecisionAtRecall(double recall, int numThresholds, Integer classId, String name) {
        super("recall", recall, numThresholds, classId, name, "precision_at_recall");
    }

    @Override
    public double result() {
        return bestWhere(rates(0), rates(2));
    }
}

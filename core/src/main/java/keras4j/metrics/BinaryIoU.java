package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code BinaryIoU}: {@link IoU} of 0/1 targets and predictions thresholded at
 * {@code threshold} (a prediction {@code >= threshold} is a 1), averaged over
 * {@code targetClassIds} (both classes by default).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new BinaryIoU());
 * }</pre>
 */
public final class BinaryIoU extends IoU {
    private final double threshold;

    /** Keras's defaults: both classes, threshold 0.5, logged as "binary_io_u". */
    public BinaryIoU() {
        this(new int[] {0, 1}, 0.5, null);
    }

    /**
     * @param targetClassIds the classes averaged, among 0 and 1
     * @param threshold      a prediction at or above it is a 1
     * @param name           the name it is logged by, or null for "binary_io_u"
     */
    public BinaryIoU(int[] targetClassIds, double threshold, String name) {
        super(2, targetClassIds, name, "binary_io_u", null, true, true);
        this.threshold = threshold;
    }

    @Override
    boolean sparse() {
        return false;
    }

    @Override
    void check(int units) {
    }

    @Override
    double predicted(double[] row, int j) {
        return row[j] >= threshold ? 1 : 0;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("target_class_ids", java.util.Arrays.stream(targetClassIds()).boxed().toList());
        config.put("threshold", threshold);
    }
}

package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code OneHotIoU}: {@link IoU} of one-hot targets and score predictions (both
 * arg-maxed).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new OneHotIoU(3, new int[] {1, 2}));
 * }</pre>
 */
public final class OneHotIoU extends IoU {
    /** @param numClasses the number of classes @param targetClassIds the classes averaged */
    public OneHotIoU(int numClasses, int[] targetClassIds) {
        this(numClasses, targetClassIds, null, null, false);
    }

    /**
     * @param numClasses     the number of classes, &ge; 1
     * @param targetClassIds the classes whose IoU is averaged
     * @param name           the name it is logged by, or null for "one_hot_io_u"
     * @param ignoreClass    a target class whose samples don't count, or null
     * @param sparseYPred    whether predictions are class ids (else rows of scores)
     */
    public OneHotIoU(int numClasses, int[] targetClassIds, String name, Integer ignoreClass, boolean sparseYPred) {
        super(numClasses, targetClassIds, name, "one_hot_io_u", ignoreClass, false, sparseYPred);
    }

    @Override
    void arguments(Map<String, Object> config) {
        super.arguments(config);
        config.remove("sparse_y_true");
    }
}

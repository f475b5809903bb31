package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code OneHotMeanIoU}: {@link MeanIoU} of one-hot targets and score predictions.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new OneHotMeanIoU(3));
 * }</pre>
 */
public final class OneHotMeanIoU extends IoU {
    /** @param numClasses the number of classes */
    public OneHotMeanIoU(int numClasses) {
        this(numClasses, null, null, false);
    }

    /**
     * @param numClasses  the number of classes, &ge; 1
     * @param name        the name it is logged by, or null for "one_hot_mean_io_u"
     * @param ignoreClass a target class whose samples don't count, or null
     * @param sparseYPred whether predictions are class ids (else rows of scores)
     */
    public OneHotMeanIoU(int numClasses, String name, Integer ignoreClass, boolean sparseYPred) {
        super(numClasses, allClasses(numClasses), name, "one_hot_mean_io_u", ignoreClass, false, sparseYPred);
    }

    @Override
    void arguments(Map<String, Object> config) {
        super.arguments(config);
        config.remove("sparse_y_true");
        config.remove("target_class_ids");
    }
}

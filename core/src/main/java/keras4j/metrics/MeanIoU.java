package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code MeanIoU}: {@link IoU} averaged over every class.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("sparse_categorical_crossentropy"),
 *         new MeanIoU(3, null, null, true, false));   // class ids as targets, scores as predictions
 * }</pre>
 */
public final class MeanIoU extends IoU {
    /** @param numClasses the number of classes; targets and predictions are class ids */
    public MeanIoU(int numClasses) {
        this(numClasses, null, null, true, true);
    }

    /**
     * @param numClasses  the number of classes, &ge; 1
     * @param name        the name it is logged by, or null for "mean_io_u"
     * @param ignoreClass a target class whose samples don't count, or null
     * @param sparseYTrue whether targets are class ids (else rows of scores)
     * @param sparseYPred whether predictions are class ids (else rows of scores)
     */
    public MeanIoU(int numClasses, String name, Integer ignoreClass, boolean sparseYTrue, boolean sparseYPred) {
        super(numClasses, allClasses(numClasses), name, "mean_io_u", ignoreClass, sparseYTrue, sparseYPred);
    }

    @Override
    void arguments(Map<String, Object> config) {
        super.arguments(config);
        config.remove("target_class_ids");
    }
}

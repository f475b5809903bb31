package keras4j.metrics;

import java.util.Arrays;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code IoU}: the intersection over union {@code TP / (TP + FP + FN)} of each target
 * class, from a confusion matrix over the epoch, averaged over the target classes that occurred
 * (in the targets or the predictions). Targets and predictions are class ids
 * ({@code sparseYTrue} / {@code sparseYPred}, the defaults; every value of a row is one
 * pixel's or step's id) or rows of scores whose arg-max is the id. {@code ignoreClass} drops the
 * samples of that target class. Subclasses: {@link MeanIoU}, {@link BinaryIoU},
 * {@link OneHotIoU}, {@link OneHotMeanIoU}.
 *
 * <pre>{@code
 * IoU iou = new IoU(2, new int[] {0});
 * iou.updateState(new double[][] {{0}, {0}, {1}, {1}}, new double[][] {{0}, {1}, {0}, {1}});
 * iou.result();   // 1 / 3: class 0 is right once, wrong twice
 * }</pre>
 */
public sealed class IoU extends Metric permits MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU {
    private final int numClasses;
    private final int[] targetClassIds;
    private final Integer ignoreClass;
    private final boolean sparseYTrue;
    private final boolean sparseYPred;

    /**
     * @param numClasses     the number of classes, &ge; 1
     * @param targetClassIds the classes whose IoU is averaged
     */
    public IoU(int numClasses, int[] targetClassIds) {
        this(numClasses, targetClassIds, null, null, true, true);
    }

    /**
     * @param numClasses     the number of classes, &ge; 1
     * @param targetClassIds the classes whose IoU is averaged
     * @param name           the name it is logged by, or null for "io_u"
     * @param ignoreClass    a target class whose samples don't count, or null
     * @param sparseYTrue    whether targets are class ids (else rows of scores, arg-maxed)
     * @param sparseYPred    whether predictions are class ids (else rows of scores, arg-maxed)
     */
    public IoU(int numClasses, int[] targetClassIds, String name, Integer ignoreClass, boolean sparseYTrue,
               boolean sparseYPred) {
        this(numClasses, targetClassIds, name, "io_u", ignoreClass, sparseYTrue, sparseYPred);
    }

    IoU(int numClasses, int[] targetClassIds, String name, String defaultName, Integer ignoreClass,
        boolean sparseYTrue, boolean sparseYPred) {
        super(name, defaultName, Math.max(numClasses, 1) * Math.max(numClasses, 1));
        String what = getClass().getSimpleName();
        if (numClasses < 1) {
            throw new Keras4jException(what + ": `num_classes` must be a positive integer. Received: num_classes="
                    + numClasses);
        }
        if (targetClassIds == null || targetClassIds.length == 0) {
            throw new Keras4jException(what + ": `target_class_ids` must hold at least one class id.");
        }
        for (int id : targetClassIds) {
            if (id < 0 || id >= numClasses) {
                throw new Keras4jException(what + ": target class id " + id + " is out of range [0, " + numClasses
                        + ").");
            }
        }
        this.numClasses = numClasses;
        this.targetClassIds = targetClassIds.clone();
        this.ignoreClass = ignoreClass;
        this.sparseYTrue = sparseYTrue;
        this.sparseYPred = sparseYPred;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("num_classes", numClasses);
        config.put("target_class_ids", Arrays.stream(targetClassIds).boxed().toList());
        config.put("ignore_class", ignoreClass);
        config.put("sparse_y_true", sparseYTrue);
        config.put("sparse_y_pred", sparseYPred);
        config.put("axis", -1);
    }

    @Override
    boolean sparse() {
        return sparseYTrue && !sparseYPred;
    }

    @Override
    void check(int units) {
        if (sparseYPred && units > 1) {
            throw new Keras4jException(getClassName() + " '" + getName() + "' takes predictions as class ids "
                    + "(sparse_y_pred=True), but the output gives " + units + " scores per sample; create it with "
                    + "sparseYPred false to take their arg-max.");
        }
    }

    /** @return the predicted class of value j of a row (thresholded by {@link BinaryIoU}) */
    double predicted(double[] row, int j) {
        return sparseYPred ? row[j] : argMax(row);
    }

    @Override
    final void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        for (int i = 0; i < yPred.length; i++) {
            double w = weight(sampleWeight, i);
            int values = sparseYPred ? yPred[i].length : 1;
            for (int j = 0; j < values; j++) {
                int t = (int) (sparseYTrue ? yTrue[i][j] : argMax(yTrue[i]));
                int p = (int) predicted(yPred[i], j);
                boolean inBounds = t >= 0 && t < numClasses && p >= 0 && p < numClasses;
                if (inBounds && (ignoreClass == null || t != ignoreClass)) {
                    variables[t * numClasses + p] += w;
                }
            }
        }
    }

    @Override
    public final double result() {
        double epsilon = 1e-7;
        double sum = 0;
        double valid = 0;
        for (int c : targetClassIds) {
            double predicted = 0;
            double actual = 0;
            for (int k = 0; k < numClasses; k++) {
                predicted += variables[k * numClasses + c];
                actual += variables[c * numClasses + k];
            }
            double tp = variables[c * numClasses + c];
            double denominator = predicted + actual - tp;
            if (denominator > 1e-9) {
                valid++;
                sum += tp / (denominator + epsilon);
            }
        }
        return sum / (valid + epsilon);
    }

    /** @return the confusion matrix over the epoch, [true class][predicted class] */
    public final double[][] totalConfusionMatrix() {
        double[][] out = new double[numClasses][];
        for (int t = 0; t < numClasses; t++) {
            out[t] = Arrays.copyOfRange(variables, t * numClasses, (t + 1) * numClasses);
        }
        return out;
    }

    /** @return the classes averaged */
    final int[] targetClassIds() {
        return targetClassIds.clone();
    }

    static int[] allClasses(int numClasses) {
        int[] ids = new int[Math.max(numClasses, 0)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return ids;
    }
}

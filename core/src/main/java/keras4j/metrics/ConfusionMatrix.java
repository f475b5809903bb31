package keras4j.metrics;

import keras4j.Keras4jException;

/**
 * TensorFlow's {@code tf.math.confusion_matrix}: how often each target class (row) was predicted as
 * each class (column), from class ids.
 *
 * <pre>{@code
 * long[][] counts = ConfusionMatrix.of(new int[] {1, 2, 4}, new int[] {2, 2, 4});
 * // 5 x 5 (the largest id + 1): counts[1][2] = 1, counts[2][2] = 1, counts[4][4] = 1
 * int[] predicted = ConfusionMatrix.argMax(model.predict(x));   // class ids from probabilities
 * }</pre>
 */
public final class ConfusionMatrix {
    private ConfusionMatrix() {
    }

    /**
     * @param labels      the target class ids
     * @param predictions the predicted class ids
     * @return the counts, as many classes as the largest id + 1
     */
    public static long[][] of(int[] labels, int[] predictions) {
        int max = -1;
        for (int i = 0; i < Math.min(labels.length, predictions.length); i++) {
            max = Math.max(max, Math.max(labels[i], predictions[i]));
        }
        return of(labels, predictions, max + 1);
    }

    /**
     * @param labels      the target class ids
     * @param predictions the predicted class ids
     * @param numClasses  the number of classes
     * @return counts[label][prediction]
     * @throws Keras4jException for different lengths or an id outside [0, numClasses)
     */
    public static long[][] of(int[] labels, int[] predictions, int numClasses) {
        double[][] weighted = of(labels, predictions, numClasses, null);
        long[][] out = new long[numClasses][numClasses];
        for (int i = 0; i < numClasses; i++) {
            for (int j = 0; j < numClasses; j++) {
                out[i][j] = (long) weighted[i][j];
            }
        }
        return out;
    }

    /**
     * @param labels      the target class ids
     * @param predictions the predicted class ids
     * @param numClasses  the number of classes
     * @param weights     one weight per sample, or null for 1
     * @return the summed weights, [label][prediction]
     * @throws Keras4jException for different lengths or an id outside [0, numClasses)
     */
    public static double[][] of(int[] labels, int[] predictions, int numClasses, double[] weights) {
        if (labels.length != predictions.length || weights != null && weights.length != labels.length) {
            throw new Keras4jException("ConfusionMatrix received " + labels.length + " labels and "
                    + predictions.length + " predictions" + (weights == null ? "" : " and " + weights.length
                    + " weights") + "; give one of each per sample.");
        }
        if (numClasses < 0) {
            throw new Keras4jException("ConfusionMatrix received num_classes=" + numClasses + "; expected >= 1.");
        }
        double[][] out = new double[numClasses][numClasses];
        for (int i = 0; i < labels.length; i++) {
            for (int id : new int[] {labels[i], predictions[i]}) {
                if (id < 0 || id >= numClasses) {
                    throw new Keras4jException("ConfusionMatrix received class id " + id + " at sample " + i
                            + "; expected ids in [0, " + numClasses + ") (num_classes=" + numClasses + ").");
                }
            }
            out[labels[i]][predictions[i]] += weights == null ? 1 : weights[i];
        }
        return out;
    }

    /**
     * @param probabilities one row of class scores per sample
     * @return each row's largest class (the first of equal ones)
     */
    public static int[] argMax(double[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Metric.argMax(probabilities[i]);
        }
        return out;
    }

    /**
     * @param probabilities [samples, classes] scores, e.g. {@code model.predict(x)}
     * @return each row's largest class
     */
    public static int[] argMax(org.nd4j.linalg.api.ndarray.INDArray probabilities) {
        return argMax(keras4j.internal.Data.toRows(probabilities));
    }
}

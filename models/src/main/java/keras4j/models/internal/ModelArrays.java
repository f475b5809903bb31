package keras4j.models.internal;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.datasets.DataUtils;
import keras4j.losses.Loss;

/** Shapes examples and labels the way a particular model's input and loss want them. */
public final class ModelArrays {
    private ModelArrays() {
    }

    /**
     * Refuses a model with several inputs or outputs, naming them.
     *
     * @param model   the model
     * @param subject how the message names it, e.g. "Model file m.keras4j"
     * @param rest    the rest of the message: what takes one input and one output, and what to do
     */
    public static void requireOneInputAndOutput(Model model, String subject, String rest) {
        List<String> inputs = model.getInputNames();
        List<String> outputs = model.getOutputNames();
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new Keras4jException(subject + " has " + count(inputs, "input") + " and " + count(outputs, "output")
                    + "; " + rest);
        }
    }

    private static String count(List<String> names, String what) {
        return names.size() + " " + what + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")";
    }

    /**
     * @param x          examples along the first axis, any trailing shape with the right size
     * @param inputShape the model's input shape without the batch axis
     * @param what       how errors name the data, e.g. "data set 'iris'"
     * @return {@code x} viewed as {@code [n, ...inputShape]}
     */
    public static INDArray inputs(INDArray x, int[] inputShape, String what) {
        long n = x.size(0);
        long per = 1;
        for (int d : inputShape) {
            per *= d;
        }
        if (n > 0 && x.length() / n != per) {
            long[] example = Arrays.copyOfRange(x.shape(), 1, x.rank());
            throw new Keras4jException("The model expects inputs of shape " + withBatch(inputShape) + ", but "
                    + what + " has examples of shape " + Arrays.toString(example) + " (" + x.length() / n
                    + " values, not " + per + "). Train a model made for this data.");
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = n;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
        }
        return x.castTo(DataType.FLOAT).reshape('c', shape);
    }

    /**
     * @param y          class ids or target values {@code [n]}
     * @param loss       the model's loss
     * @param units      the model's output units
     * @param regression whether {@code y} holds values rather than class ids
     * @return the targets the loss wants: ids, one-hot rows or a column
     */
    public static INDArray targets(INDArray y, Loss loss, int units, boolean regression) {
        // reshape('c', n) would pick reshape(long...) with 'c' as a dimension: always pass an array.
        INDArray column = y.castTo(DataType.FLOAT).reshape('c', new long[] {y.length(), 1});
        if (regression || loss.isSparse() || units == 1) {
            return loss.isSparse() ? y.castTo(DataType.FLOAT).reshape('c', new long[] {y.length()}) : column;
        }
        return DataUtils.toCategorical(column, units);
    }

    private static String withBatch(int[] shape) {
        StringBuilder s = new StringBuilder("(None");
        for (int d : shape) {
            s.append(", ").append(d);
        }
        return s.append(')').toString();
    }

    /**
     * @param outputs a classifier's outputs {@code [n, units]}
     * @return the predicted class of each row (above 0.5 for a single sigmoid unit)
     */
    public static int[] classes(INDArray outputs) {
        INDArray classes = outputs.size(1) == 1 ? outputs.gt(0.5).castTo(DataType.INT32) : outputs.argMax(1);
        return classes.toIntVector();
    }

    /**
     * @param outputs one example's outputs {@code [units]}
     * @return class probabilities: a single sigmoid unit p becomes (1 - p, p)
     */
    public static double[] probabilities(INDArray outputs) {
        double[] out = outputs.toDoubleVector();
        return out.length == 1 ? new double[] {1 - out[0], out[0]} : out;
    }
}

package keras4j.models.internal;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.datasets.DataUtils;
import keras4j.losses.Loss;
import keras4j.models.Task;

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

    /**
     * @param task   the model's task
     * @param y      class ids or target values {@code [n]}
     * @param inputs the model inputs of the same examples ({@link #inputs}): a reconstruction's targets
     * @param model  the compiled model
     * @param what   how errors name the data, e.g. "data set 'fashion-mnist'"
     * @return the targets the model trains and is scored on: {@link #targets(INDArray, Loss, int, boolean)}'s,
     *         or for {@link Task#RECONSTRUCTION} the inputs themselves, shaped as the model's output
     * @throws Keras4jException when a reconstruction model's output doesn't hold as many values as its input
     */
    public static INDArray targets(Task task, INDArray y, INDArray inputs, Model model, String what) {
        if (task != Task.RECONSTRUCTION) {
            return targets(y, model.getLoss(), model.getOutputShape()[0], task == Task.REGRESSION);
        }
        int[] output = model.getOutputShape();
        long per = 1;
        for (int d : output) {
            per *= d;
        }
        long n = inputs.size(0);
        if (n > 0 && inputs.length() / n != per) {
            throw new Keras4jException("A reconstruction model rebuilds its input, but model '" + model.getName()
                    + "' gives outputs of shape " + withBatch(output) + " (" + per + " values) for inputs of shape "
                    + withBatch(model.getInputShape()) + " (" + inputs.length() / n + " values) from " + what
                    + ". End the model with a layer whose output has the input's shape.");
        }
        long[] shape = new long[output.length + 1];
        shape[0] = n;
        for (int i = 0; i < output.length; i++) {
            shape[i + 1] = output[i];
        }
        return inputs.reshape('c', shape);
    }

    /**
     * @param a an array with examples along the first axis
     * @return it as {@code [n, values per example]}, as the losses score each example (a view when it can be)
     */
    public static INDArray perExample(INDArray a) {
        return a.rank() <= 2 ? a : a.reshape('c', new long[] {a.size(0), a.length() / Math.max(1, a.size(0))});
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

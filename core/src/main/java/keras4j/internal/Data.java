package keras4j.internal;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.losses.Loss;

/**
 * Checks the arrays given to fit, evaluate and predict against the model, and puts them in the
 * form DL4J takes, explaining any mismatch the Keras way (what was expected, what was received,
 * how to fix it) before DL4J sees it. Each array is checked and converted once per call, never
 * per batch.
 *
 * <pre>{@code
 * INDArray x = Data.features(userX, new int[] {28, 28}, true, "dense", "fit");
 * INDArray y = Data.labels(userY, x.size(0), loss, 10, "dense", "fit");
 * }</pre>
 */
public final class Data {
    private Data() {
    }

    /**
     * @param x            the user's features
     * @param inputShape   the model's input shape (no batch axis)
     * @param flatten      whether DL4J takes one vector per sample (then {@code [n, prod(inputShape)]}
     *                     is accepted too)
     * @param firstLayer   the name of the layer that receives x
     * @param call         "fit", "evaluate" or "predict" (or a longer description starting so); data
     *                     for a call starting with "fit" is also checked for NaN and infinity
     * @return float, c-ordered features shaped for DL4J
     */
    public static INDArray features(INDArray x, int[] inputShape, boolean flatten, String firstLayer, String call) {
        if (x == null) {
            throw new Keras4jException(call + "() received no x (null).");
        }
        long[] shape = x.shape();
        if (flatten && shape.length == 2 && shape[1] == Shapes.size(inputShape)) {
            // A model that flattens its input also takes the vectors directly (streamed MNIST comes so).
            inputShape = new int[] {(int) shape[1]};
        }
        long[] expected = Shapes.batched(shape.length > 0 ? shape[0] : 0, inputShape);
        if (!Arrays.equals(shape, expected)) {
            long perSample = shape.length > 0 && shape[0] > 0 ? x.length() / shape[0] : 0;
            String fix = perSample == Shapes.size(inputShape)
                    ? " x holds the right number of values per sample (" + perSample + "): reshape it to "
                            + Shapes.of(expected) + ", e.g. x.reshape(" + Shapes.of(expected).replaceAll("[()]", "") + ")."
                    : " Give x the shape " + Shapes.withBatch(inputShape) + ", or change the model's Input to match"
                            + " the data.";
            throw new Keras4jException("Input 0 of layer '" + firstLayer + "' is incompatible with the layer: expected "
                    + "shape " + Shapes.withBatch(inputShape) + ", but received input with shape " + Shapes.of(shape)
                    + " in " + call + "()." + fix);
        }
        if (shape[0] == 0) {
            throw new Keras4jException(call + "() received an empty x (0 samples); there is nothing to "
                    + (call.equals("fit") ? "train on." : "compute."));
        }
        INDArray out = contiguous(x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT));
        INDArray rows = out.reshape('c', shape[0], out.length() / shape[0]);
        if (call.startsWith("fit")) {
            // A NaN or infinity would ruin the weights, so training data is scanned (one reduction over
            // x, ~5 % of an MLP's inference time). evaluate and predict pass them through, like Keras:
            // the affected rows come out NaN.
            checkFinite(rows, "x", call);
        }
        return flatten ? rows : out;
    }

    /**
     * @param y          the user's targets
     * @param rows       the number of samples in x
     * @param loss       the compiled loss
     * @param units      the width of the model's output
     * @param lastLayer  the output layer's name
     * @param call       "fit" or "evaluate"
     * @return float labels shaped for DL4J: [n, 1] class ids for sparse losses, else [n, units]
     */
    public static INDArray labels(INDArray y, long rows, Loss loss, int units, String lastLayer, String call) {
        if (y == null) {
            throw new Keras4jException(call + "() received no y (null).");
        }
        long[] shape = y.shape();
        if (shape.length == 0 || shape[0] != rows) {
            throw new Keras4jException("x and y must have the same number of samples (rows) in " + call + "(): x has "
                    + rows + ", y has shape " + Shapes.of(shape) + ".");
        }
        INDArray out = y.castTo(DataType.FLOAT);
        if (loss.isSparse()) {
            if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
                throw new Keras4jException("The loss sparse_categorical_crossentropy takes one class id per sample, "
                        + "shape (" + rows + ",), but y has shape " + Shapes.of(shape) + (shape.length == 2
                        ? ", which looks one-hot. Use the loss categorical_crossentropy, or pass class ids (y.argMax(1))."
                        : "."));
            }
            out = out.reshape('c', rows, 1);
            checkClassIds(out, units, lastLayer, call);
            return out;
        }
        if (shape.length == 1 && units == 1) {
            out = out.reshape('c', rows, 1);
        }
        if (out.rank() != 2 || out.size(1) != units) {
            String fix = loss.getName().equals("categorical_crossentropy") && (shape.length == 1 || shape[1] == 1)
                    ? " y looks like class ids: use the loss sparse_categorical_crossentropy, or one-hot encode y into "
                            + units + " columns."
                    : " Make y " + Shapes.withBatch(new int[] {units}).replace("None", Long.toString(rows))
                            + ", or change the last layer to " + (shape.length == 2 ? shape[1] : 1) + " units.";
            throw new Keras4jException("The model's output layer '" + lastLayer + "' has " + units + " units, so the "
                    + "loss " + loss.getName() + " expects y of shape (" + rows + ", " + units + "), but y has shape "
                    + Shapes.of(shape) + " in " + call + "()." + fix);
        }
        out = contiguous(out);
        checkFinite(out, "y", call);
        if (loss.getName().equals("binary_crossentropy")
                && (out.minNumber().doubleValue() < 0 || out.maxNumber().doubleValue() > 1)) {
            throw new Keras4jException("binary_crossentropy takes targets in [0, 1], but y holds values from "
                    + out.minNumber() + " to " + out.maxNumber() + " in " + call + "().");
        }
        return out;
    }

    private static void checkClassIds(INDArray ids, int units, String lastLayer, String call) {
        float[] values = ids.toFloatVector();
        for (int row = 0; row < values.length; row++) {
            float v = values[row];
            if (!(v >= 0 && v < units) || v != Math.floor(v)) {
                throw new Keras4jException("Received a label value of " + v + " at row " + row + " of y in " + call
                        + "(), which is outside the valid range of [0, " + units + "). The output layer '" + lastLayer
                        + "' has " + units + " units, so labels must be class ids 0 to " + (units - 1) + ". Check the "
                        + "labels, or give the last layer as many units as there are classes.");
            }
        }
    }

    /**
     * @param x an array
     * @return {@code x} itself when its values lie in row-major order one after another, as a
     *         block of rows of a larger array does ({@link #rows}): fit reads the user's arrays and
     *         never writes them, and a copy of MNIST's images is 188 MB per call. Else a row-major copy.
     */
    static INDArray contiguous(INDArray x) {
        long stride = 1;
        for (int d = x.rank() - 1; d >= 0; d--) {
            if (x.size(d) != 1 && x.stride(d) != stride) {   // an axis of size 1 may have any stride
                return x.dup('c');
            }
            stride *= x.size(d);
        }
        return x.ordering() == 'c' ? x : x.dup('c');
    }

    /** Refuses NaN or infinity, naming the first row that holds one. */
    static void checkFinite(INDArray rows2d, String what, String call) {
        INDArray rowSums = rows2d.sum(1);
        if (Double.isFinite(rowSums.sumNumber().doubleValue())) {
            return;
        }
        float[] sums = rowSums.toFloatVector();
        for (int row = 0; row < sums.length; row++) {
            if (!Float.isFinite(sums[row])) {
                float[] values = rows2d.getRow(row).toFloatVector();
                for (int col = 0; col < values.length; col++) {
                    if (!Float.isFinite(values[col])) {
                        throw new Keras4jException(what + " holds " + values[col] + " at row " + row + ", column "
                                + col + " in " + call + "(); training on it would make the loss NaN. Remove or "
                                + "replace the missing and infinite values first.");
                    }
                }
            }
        }
    }

    /**
     * @param x    features [n, ...]
     * @param from first row
     * @param to   end row (exclusive)
     * @return rows {@code from..to} as a view, keeping the trailing shape
     */
    public static INDArray rows(INDArray x, long from, long to) {
        long n = x.size(0);
        INDArray view = x.reshape('c', n, x.length() / n).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all());
        long[] shape = x.shape().clone();
        shape[0] = to - from;
        return view.reshape('c', shape);
    }

    /**
     * The inverse of {@link #of(double[][])}: an array's samples as plain Java rows, each sample's
     * values in row-major order. One copy out of native memory, where ND4J's {@code toDoubleMatrix}
     * makes a view and a native call per row (it was 5 % of a training step when metrics read it).
     *
     * @param x an array with the samples along its first axis (a vector is one value per sample)
     * @return {@code [samples][values per sample]}
     */
    public static double[][] toRows(INDArray x) {
        int rows = (int) (x.rank() == 0 ? 1 : x.size(0));
        double[] flat = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int width = rows == 0 ? 0 : flat.length / rows;
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return out;
    }

    /** @return an array from plain Java rows */
    public static INDArray of(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
    }

    /** @return a column of class ids */
    public static INDArray of(int[] classIds) {
        return Nd4j.createFromArray(classIds).castTo(DataType.FLOAT);
    }
}

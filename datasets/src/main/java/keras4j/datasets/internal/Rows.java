package keras4j.datasets.internal;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Picks examples (slices along the first axis) out of an array of any rank.
 *
 * <pre>{@code
 * INDArray some = Rows.take(x, new int[] {4, 0, 7});   // x[[4, 0, 7]]
 * }</pre>
 */
public final class Rows {
    private Rows() {
    }

    /**
     * @param array   an array with examples along the first axis
     * @param indices which examples, in the order wanted
     * @return a new array of shape {@code [indices.length, ...]}
     */
    public static INDArray take(INDArray array, int[] indices) {
        long[] shape = array.shape();
        long n = shape[0];
        long rest = 1;
        for (int i = 1; i < shape.length; i++) {
            rest *= shape[i];
        }
        INDArray matrix = array.reshape('c', new long[] {n, rest});
        INDArray picked = Nd4j.pullRows(matrix, 1, indices);
        long[] outShape = shape.clone();
        outShape[0] = indices.length;
        return picked.reshape('c', outShape);
    }

    /**
     * @param y labels of shape {@code [n]} or {@code [n, 1]}
     * @param what how an error names the array
     * @return the values as doubles
     * @throws IllegalArgumentException when the shape is neither
     */
    public static double[] labelValues(INDArray y, String what) {
        long[] shape = y.shape();
        boolean column = shape.length == 2 && shape[1] == 1;
        if (shape.length != 1 && !column) {
            throw new IllegalArgumentException(what + " must hold one class id per example, shape [n] or [n, 1], "
                    + "but has shape " + Arrays.toString(shape));
        }
        return y.reshape('c', new long[] {shape[0]}).toDoubleVector();
    }
}

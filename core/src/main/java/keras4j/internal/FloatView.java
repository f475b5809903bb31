package keras4j.internal;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float array's native memory as a Java {@link FloatBuffer}, for the few element-wise steps
 * keras4j computes in Java where libnd4j's kernel is slow (it walks elements one at a time
 * through an offset lookup when two arrays' orders differ). The buffer starts at the array's first
 * element and spans every element it holds; element {@code (i, j)} of a matrix is at
 * {@code i * stride(0) + j * stride(1)}. Nothing is copied: writes change the array.
 *
 * <pre>{@code
 * FloatBuffer g = FloatView.of(gradient);    // null if it isn't a float array Java can read in place
 * float first = g.get(0);
 * }</pre>
 */
public final class FloatView {
    private FloatView() {
    }

    /**
     * @param array any array
     * @return its elements' memory, or null if it isn't float32, has negative strides, spans more
     *         than 2<sup>31</sup> elements or isn't in native byte order
     */
    public static FloatBuffer of(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.isEmpty()) {
            return null;
        }
        long span = 1;
        for (int d = 0; d < array.rank(); d++) {
            if (array.stride(d) < 0) {
                return null;
            }
            span += (array.size(d) - 1) * array.stride(d);
        }
        // ND4J's buffer of a view starts at the view's first element (its offset into the parent)
        FloatBuffer all = array.data().asNioFloat();
        if (span > Integer.MAX_VALUE || all.order() != ByteOrder.nativeOrder() || all.remaining() < span) {
            return null;
        }
        FloatBuffer elements = all.slice();
        elements.limit((int) span);
        return elements;
    }

    /**
     * @param array any array
     * @return its elements as one run in memory order, or null unless {@link #of} reads it and its
     *         elements are contiguous
     */
    public static FloatBuffer contiguous(INDArray array) {
        FloatBuffer elements = of(array);
        return elements != null && elements.limit() == array.length() ? elements : null;
    }
}

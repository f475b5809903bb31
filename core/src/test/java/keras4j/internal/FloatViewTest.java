package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.FloatBuffer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** FloatView reads and writes an array's own elements, for row- and column-major arrays and views into others. */
class FloatViewTest {
    @Test
    void elementsAreWhereTheStridesSay() {
        INDArray base = Nd4j.linspace(DataType.FLOAT, 1, 120, 1).reshape('c', 10, 12);
        INDArray[] arrays = {base, base.dup('f'),
            base.get(NDArrayIndex.interval(3, 8), NDArrayIndex.all()),                  // rows 3..7: offset, contiguous
            base.dup('f').get(NDArrayIndex.all(), NDArrayIndex.interval(2, 9)),         // columns of an 'f' array
            base.get(NDArrayIndex.interval(1, 6), NDArrayIndex.interval(4, 10))};       // a window: strided
        for (INDArray a : arrays) {
            FloatBuffer view = FloatView.of(a);
            assertNotNull(view);
            for (int i = 0; i < a.size(0); i++) {
                for (int j = 0; j < a.size(1); j++) {
                    assertEquals(a.getFloat(i, j), view.get(i * a.stride(0) + j * a.stride(1)), "(" + i + ", " + j + ")");
                }
            }
            view.put(a.stride(1), -7f);
            assertEquals(-7f, a.getFloat(0, 1), "a write lands in the array");
        }
        assertNotNull(FloatView.contiguous(arrays[2]), "whole rows of a row-major array are one run");
        assertNull(FloatView.contiguous(arrays[4]), "a window is not");
        assertNull(FloatView.of(base.castTo(DataType.DOUBLE)), "not float32");
    }
}

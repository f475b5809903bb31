package keras4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small array helpers for tests. */
public final class Arrays2 {
    private Arrays2() {
    }

    public static INDArray f(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
    }

    public static INDArray f(double... values) {
        return Nd4j.createFromArray(values).castTo(DataType.FLOAT);
    }

    /** Seeded uniform values in [-1, 1) of the given shape. */
    public static INDArray random(long seed, long... shape) {
        java.util.Random random = new java.util.Random(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return Nd4j.createFromArray(values).reshape('c', shape);
    }

    /** Seeded class ids in [0, classes). */
    public static INDArray classIds(long seed, int n, int classes) {
        java.util.Random random = new java.util.Random(seed);
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(classes);
        }
        return Nd4j.createFromArray(ids);
    }
}

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

    /**
     * A user's DL4J iterator over rows in order, {@code batch} at a time, rewindable (DL4J's
     * {@code ExistingDataSetIterator} over fixed batches).
     */
    public static org.nd4j.linalg.dataset.api.iterator.DataSetIterator iterator(INDArray x, INDArray y, int batch) {
        java.util.List<org.nd4j.linalg.dataset.DataSet> batches = new java.util.ArrayList<>();
        long n = x.size(0);
        for (long from = 0; from < n; from += batch) {
            long to = Math.min(n, from + batch);
            batches.add(new org.nd4j.linalg.dataset.DataSet(
                    x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup(),
                    y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup()));
        }
        return new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(batches);
    }
}

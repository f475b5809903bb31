package keras4j.internal;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batches of in-memory arrays, one array per model input and per output, in each epoch's
 * order: Keras's shuffle of the rows every epoch, or the rows in order. Full-size batches are
 * gathered into arrays reused from batch to batch (each batch is consumed before the next is
 * made), so an epoch allocates almost nothing.
 *
 * <pre>{@code
 * Batches batches = new ArrayBatches(List.of(x), List.of(y), null, 32, true, seed);
 * batches.startEpoch(0);
 * MultiDataSet first = batches.next();
 * }</pre>
 *
 * <p>The order of epoch {@code e} depends only on the seed and {@code e}, so a run resumed at an
 * epoch boundary sees the same batches as one never interrupted. Not thread-safe.
 */
public final class ArrayBatches implements Batches {
    private final INDArray[] features;
    private final INDArray[] labels;
    private final INDArray weights;
    private final long[][] featureShapes;
    private final long[][] labelShapes;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int rows;
    private int[] order;
    private int cursor;
    private volatile boolean stopped;
    /** The reused full-size batch arrays: features, then labels, then the weights; made on first use. */
    private final INDArray[] buffers;

    /**
     * @param x         features per input [n, ...], c-ordered
     * @param y         labels per output [n, ...]
     * @param weights   per-sample weights [n, 1] (of every output), or null
     * @param batchSize rows per batch
     * @param shuffle   whether each epoch has its own order
     * @param seed      the order's seed
     */
    public ArrayBatches(List<INDArray> x, List<INDArray> y, INDArray weights, int batchSize, boolean shuffle,
                        long seed) {
        this.rows = (int) x.get(0).size(0);
        this.features = new INDArray[x.size()];
        this.featureShapes = new long[x.size()][];
        for (int i = 0; i < features.length; i++) {
            featureShapes[i] = x.get(i).shape();
            features[i] = x.get(i).reshape('c', rows, x.get(i).length() / Math.max(rows, 1));
        }
        this.labels = new INDArray[y.size()];
        this.labelShapes = new long[y.size()][];
        for (int i = 0; i < labels.length; i++) {
            labelShapes[i] = y.get(i).shape();
            labels[i] = y.get(i).reshape('c', rows, y.get(i).length() / Math.max(rows, 1));
        }
        this.weights = weights;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.buffers = new INDArray[features.length + labels.length + 1];
        startEpoch(0);
    }

    @Override
    public void startEpoch(int epoch) {
        order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(seed * 1_000_003L + epoch);
            for (int i = rows - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
        stopped = false;
    }

    @Override
    public void skip(int count) {
        cursor = (int) Math.min(rows, (long) count * batchSize);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public int batchesPerEpoch() {
        return (int) ((rows + (long) batchSize - 1) / batchSize);
    }

    @Override
    public boolean hasNext() {
        return !stopped && cursor < rows;
    }

    @Override
    public MultiDataSet next() {
        int end = (int) Math.min(rows, (long) cursor + batchSize);
        int[] indices = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        INDArray[] x = new INDArray[features.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = gather(features[i], featureShapes[i], indices, i);
        }
        INDArray[] y = new INDArray[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = gather(labels[i], labelShapes[i], indices, features.length + i);
        }
        INDArray[] masks = null;
        if (weights != null) {
            masks = new INDArray[labels.length];   // Keras weighs every output's loss by the same sample weights
            java.util.Arrays.fill(masks, gather(weights, weights.shape(), indices, buffers.length - 1));
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(x, y, null, masks);
    }

    private INDArray gather(INDArray rows2d, long[] shape, int[] indices, int buffer) {
        INDArray batch;
        if (indices.length == batchSize) {
            if (buffers[buffer] == null) {
                buffers[buffer] = Nd4j.createUninitialized(rows2d.dataType(), new long[] {batchSize, rows2d.size(1)},
                        'c');
            }
            batch = Nd4j.pullRows(rows2d, buffers[buffer], 1, indices);
        } else {
            batch = Nd4j.pullRows(rows2d, 1, indices);
        }
        long[] batchShape = shape.clone();
        batchShape[0] = indices.length;
        return batch.reshape('c', batchShape);
    }
}

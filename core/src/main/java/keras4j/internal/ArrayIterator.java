package keras4j.internal;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of in-memory arrays for DL4J's {@code fit}, in a fresh seeded order each epoch. Each
 * batch is one native gather of its rows ({@code Nd4j.pullRows}) into arrays that every full-size
 * batch reuses, so an epoch leaves no garbage behind (ND4J's native buffers are only freed when the
 * Java garbage collector gets to their small Java objects, so a new array per batch piled up ~190 MB
 * per MNIST epoch). Hence a batch from {@link #next()} is valid until the following call, and there
 * is no asynchronous prefetch ({@link #asyncSupported()} is false).
 *
 * <pre>{@code
 * ArrayIterator batches = new ArrayIterator(x, y, null, 32, true, 42);
 * batches.startEpoch(0);
 * net.fit(batches);
 * }</pre>
 *
 * <p>The order of epoch {@code e} depends only on the seed and {@code e}, so a run resumed at an
 * epoch boundary sees the same batches as one never interrupted. Not thread-safe.
 */
public final class ArrayIterator implements DataSetIterator, Batches {
    private static final long serialVersionUID = 1L;

    private final INDArray features;
    private final INDArray labels;
    private final INDArray weights;
    private final long[] featureShape;
    private final long[] labelShape;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int rows;
    private int[] order;
    private int cursor;
    private volatile boolean stopped;
    private transient DataSetPreProcessor preProcessor;
    /** The reused full-size batch arrays of features, labels and weights, made on first use. */
    private transient INDArray[] buffers;

    /**
     * @param x         features [n, ...], c-ordered
     * @param y         labels [n, ...]
     * @param weights   per-sample weights [n, 1], or null
     * @param batchSize rows per batch
     * @param shuffle   whether each epoch has its own order
     * @param seed      the order's seed
     */
    public ArrayIterator(INDArray x, INDArray y, INDArray weights, int batchSize, boolean shuffle, long seed) {
        this.rows = (int) x.size(0);
        this.features = x.reshape('c', rows, x.length() / Math.max(rows, 1));
        this.labels = y.reshape('c', rows, y.length() / Math.max(rows, 1));
        this.weights = weights;
        this.featureShape = x.shape();
        this.labelShape = y.shape();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
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
    public DataSetIterator iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        return !stopped && cursor < rows;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        int end = (int) Math.min(rows, (long) cursor + num);
        int[] indices = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        DataSet batch = new DataSet(gather(features, featureShape, indices, 0), gather(labels, labelShape, indices, 1),
                null, weights == null ? null : gather(weights, weights.shape(), indices, 2));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    private INDArray gather(INDArray rows2d, long[] shape, int[] indices, int buffer) {
        INDArray batch;
        if (indices.length == batchSize) {
            if (buffers == null) {
                buffers = new INDArray[3];
            }
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

    @Override
    public int inputColumns() {
        return (int) features.size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) labels.size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        // The gather is cheap, batches share their arrays, and without prefetch a stop takes effect at once.
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}

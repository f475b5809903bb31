package keras4j.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.Keras4jException;
import keras4j.datasets.internal.NumpyRandomState;

/**
 * Sliding windows over a time series, in batches: Keras's {@code timeseries_dataset_from_array}.
 * The window starting at step {@code i} (counted from {@code startIndex}) holds
 * {@code data[i], data[i + samplingRate], ...} ({@code sequenceLength} steps) and its target is
 * {@code targets[i]}; windows start every {@code sequenceStride} steps. Batches are
 * [n, sequenceLength, features] (or [n, sequenceLength] for a series of single values) with the
 * targets [n, ...] ([n, 1] for one value per step). Shuffled windows are in the order NumPy's
 * seeded shuffle gives Keras's.
 *
 * <pre>{@code
 * // predict the value 10 steps ahead from the 10 before it
 * TimeseriesIterator windows = DataUtils.timeseriesDatasetFromArray(series.get(interval(0, n - 10)),
 *         series.get(interval(10, n)), 10, new TimeseriesOptions().batchSize(32));
 * }</pre>
 *
 * <p>Where it differs from Keras: when shuffled, batches are reshuffled every epoch over all
 * windows (Keras shuffles within a buffer of 8 batches), with Java's generator.
 */
public final class TimeseriesIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    /** The series as [steps, features] ([steps, 1] for single values). */
    private final INDArray data;
    /** The targets as [steps, k], or null. */
    private final INDArray targets;
    /** Whether the series had single values (its windows are then [n, steps]). */
    private final boolean values;
    private final int sequenceLength;
    private final int samplingRate;
    private final int batchSize;
    private final long[] starts;
    private final boolean shuffle;
    private final transient Random epochs;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    private TimeseriesIterator(INDArray data, INDArray targets, boolean values, int sequenceLength, int samplingRate,
                               int batchSize, long[] starts, boolean shuffle, long seed) {
        this.data = data;
        this.targets = targets;
        this.values = values;
        this.sequenceLength = sequenceLength;
        this.samplingRate = samplingRate;
        this.batchSize = batchSize;
        this.starts = starts;
        this.shuffle = shuffle;
        this.epochs = new Random(seed);
        reset();
    }

    /** @see DataUtils#timeseriesDatasetFromArray(INDArray, INDArray, int, TimeseriesOptions) */
    static TimeseriesIterator of(INDArray data, INDArray targets, int sequenceLength, TimeseriesOptions options) {
        String where = "timeseries_dataset_from_array";
        if (data == null || data.rank() < 1 || data.rank() > 2) {
            throw new Keras4jException(where + ": data must be [steps] or [steps, features]; received "
                    + (data == null ? "null" : java.util.Arrays.toString(data.shape())) + ".");
        }
        long length = data.size(0);
        if (sequenceLength < 1) {
            throw new Keras4jException(where + ": sequence_length must be at least 1; received " + sequenceLength + ".");
        }
        int start = options.startIndex() == null ? 0 : options.startIndex();
        if (start < 0 || start >= length) {
            throw new Keras4jException(where + ": start_index must be 0 or greater and lower than the length of the "
                    + "data (" + length + "); received " + start + ".");
        }
        long end = options.endIndex() == null ? length : options.endIndex();
        if (options.endIndex() != null && (end <= start || end >= length)) {
            throw new Keras4jException(where + ": end_index must be higher than start_index (" + start + ") and "
                    + "lower than the length of the data (" + length + "); received " + end + ".");
        }
        for (String[] check : new String[][] {{"sampling_rate", String.valueOf(options.samplingRate())},
                {"sequence_stride", String.valueOf(options.sequenceStride())}}) {
            long value = Long.parseLong(check[1]);
            if (value >= length) {
                throw new Keras4jException(where + ": " + check[0] + " must be lower than the length of the data ("
                        + length + "); received " + value + ".");
            }
        }
        long windows = end - start - (long) (sequenceLength - 1) * options.samplingRate();
        if (targets != null) {
            windows = Math.min(windows, targets.size(0));
        }
        List<Long> positions = new ArrayList<>();
        for (long p = 0; p < windows; p += options.sequenceStride()) {
            positions.add(p);
        }
        if (positions.isEmpty()) {
            throw new Keras4jException(where + ": no window of " + sequenceLength + " steps (sampling rate "
                    + options.samplingRate() + ") fits in the " + (end - start) + " steps from " + start + " to " + end
                    + ".");
        }
        long seed = options.seed() != null ? options.seed() : new Random().nextInt(1_000_000);
        if (options.shuffle()) {
            new NumpyRandomState(seed).shuffle(positions);
        }
        INDArray series = columns(data).get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
        INDArray labels = targets == null ? null : columns(targets).get(NDArrayIndex.interval(start,
                Math.min(end, targets.size(0))), NDArrayIndex.all());
        return new TimeseriesIterator(series, labels, data.rank() == 1, sequenceLength, options.samplingRate(),
                options.batchSize(), positions.stream().mapToLong(Long::longValue).toArray(), options.shuffle(), seed);
    }

    /** @return a float copy of {@code array} as [rows, columns] (a vector as one column) */
    private static INDArray columns(INDArray array) {
        INDArray floats = array.castTo(DataType.FLOAT).dup('c');
        return floats.rank() == 1 ? floats.reshape(floats.length(), 1)
                : floats.reshape(floats.size(0), floats.length() / Math.max(1, floats.size(0)));
    }

    /** @return each window's first step, counted from the start index, in the order they are given */
    public long[] getStartPositions() {
        return starts.clone();
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("The epoch is over: call reset() to start the next one.");
        }
        int count = Math.min(num, order.length - cursor);
        long features = data.size(1);
        INDArray x = Nd4j.create(DataType.FLOAT, count, sequenceLength, features);
        INDArray y = targets == null ? null : Nd4j.create(DataType.FLOAT, count, targets.size(1));
        for (int k = 0; k < count; k++) {
            long first = starts[order[cursor + k]];
            for (int t = 0; t < sequenceLength; t++) {
                x.get(NDArrayIndex.point(k), NDArrayIndex.point(t), NDArrayIndex.all())
                        .assign(data.getRow(first + (long) t * samplingRate));
            }
            if (y != null) {
                y.getRow(k).assign(targets.getRow(first));
            }
        }
        cursor += count;
        DataSet batch = new DataSet(values ? x.reshape(count, sequenceLength) : x, y);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public int inputColumns() {
        return (int) (sequenceLength * data.size(1));
    }

    @Override
    public int totalOutcomes() {
        return targets == null ? 0 : (int) targets.size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        order = new int[starts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle && cursor > 0) {   // the first epoch keeps Keras's shuffled order; later ones are reshuffled
            for (int i = order.length - 1; i > 0; i--) {
                int j = epochs.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor processor) {
        this.preProcessor = processor;
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

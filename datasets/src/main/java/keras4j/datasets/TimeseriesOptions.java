package keras4j.datasets;

import keras4j.Keras4jException;

/**
 * The arguments of Keras's {@code timeseries_dataset_from_array} after {@code sequence_length},
 * with its defaults: a window at every step, every step sampled, batches of 128, in order.
 *
 * <pre>{@code
 * new TimeseriesOptions().samplingRate(6).sequenceStride(1).batchSize(256).shuffle(true).seed(42);
 * }</pre>
 */
public final class TimeseriesOptions {
    private int sequenceStride = 1;
    private int samplingRate = 1;
    private int batchSize = 128;
    private boolean shuffle;
    private Long seed;
    private Integer startIndex;
    private Integer endIndex;

    /** @param stride steps between the starts of successive windows, at least 1 @return these options */
    public TimeseriesOptions sequenceStride(int stride) {
        this.sequenceStride = positive("sequence_stride", stride);
        return this;
    }

    /** @param rate steps between two samples of a window, at least 1 @return these options */
    public TimeseriesOptions samplingRate(int rate) {
        this.samplingRate = positive("sampling_rate", rate);
        return this;
    }

    /** @param size windows per batch, at least 1 @return these options */
    public TimeseriesOptions batchSize(int size) {
        this.batchSize = positive("batch_size", size);
        return this;
    }

    /** @param reshuffle whether to shuffle the windows @return these options */
    public TimeseriesOptions shuffle(boolean reshuffle) {
        this.shuffle = reshuffle;
        return this;
    }

    /** @param randomSeed the shuffle's seed, 0 to 2^32 - 1 (Keras's order with Keras's seed) @return these options */
    public TimeseriesOptions seed(long randomSeed) {
        if (randomSeed < 0 || randomSeed > 0xffffffffL) {
            throw new Keras4jException("timeseries_dataset_from_array: seed must be between 0 and 2**32 - 1; "
                    + "received " + randomSeed + ".");
        }
        this.seed = randomSeed;
        return this;
    }

    /** @param index the first step used (default 0) @return these options */
    public TimeseriesOptions startIndex(int index) {
        this.startIndex = index;
        return this;
    }

    /** @param index the step after the last one used (default: the data's length) @return these options */
    public TimeseriesOptions endIndex(int index) {
        this.endIndex = index;
        return this;
    }

    int sequenceStride() {
        return sequenceStride;
    }

    int samplingRate() {
        return samplingRate;
    }

    int batchSize() {
        return batchSize;
    }

    boolean shuffle() {
        return shuffle;
    }

    Long seed() {
        return seed;
    }

    Integer startIndex() {
        return startIndex;
    }

    Integer endIndex() {
        return endIndex;
    }

    private static int positive(String argument, int value) {
        if (value < 1) {
            throw new Keras4jException("timeseries_dataset_from_array: " + argument + " must be higher than 0; "
                    + "received " + value + ".");
        }
        return value;
    }
}

package keras4j.internal;

import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The training data of one {@code fit} call, epoch by epoch: in-memory arrays
 * ({@link ArrayBatches}) or a user's DL4J iterator ({@link StreamBatches}), batch by batch as
 * ND4J {@link MultiDataSet}s (one features array per model input, one labels array per output).
 *
 * <pre>{@code
 * batches.startEpoch(epoch);
 * while (batches.hasNext()) {
 *     session.trainOnBatch(batches.next());
 * }
 * }</pre>
 */
public interface Batches {
    /** @param epoch the epoch about to run: its order is set and the data rewound */
    void startEpoch(int epoch);

    /**
     * Passes over the first batches of the epoch just started, as a run resumed in the middle of
     * an epoch must (they were trained before the interruption).
     *
     * @param count how many batches to pass over
     */
    void skip(int count);

    /** Ends the current epoch as soon as possible. */
    void stop();

    /** @return the batches per epoch, or -1 while unknown */
    int batchesPerEpoch();

    /** @return whether the epoch has another batch (false once stopped) */
    boolean hasNext();

    /** @return the next batch, checked and shaped for the backend */
    MultiDataSet next();
}

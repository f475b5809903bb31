package keras4j.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import keras4j.Keras4jException;
import keras4j.losses.Loss;

/**
 * A user's DL4J {@link DataSetIterator} as {@code fit}'s training data, for data that doesn't fit in
 * memory: each epoch rewinds it, and each batch is checked and shaped as in-memory data is
 * ({@link Data}), so a bad batch is explained, naming the batch, before DL4J sees it. For a model
 * with one input and one output.
 *
 * <pre>{@code
 * Batches batches = new StreamBatches(Mnist.iterator(Subset.TRAIN).oneHot(false).build(), shape, ...);
 * }</pre>
 */
public final class StreamBatches implements Batches {
    private final DataSetIterator source;
    private final int[] inputShape;
    private final boolean flatten;
    private final Loss loss;
    private final int units;
    private final String firstLayer;
    private final String lastLayer;
    private volatile boolean stopped;
    private int batch;
    private int batchesPerEpoch = -1;

    /**
     * @param source     the user's iterator; it must support reset for more than one epoch
     * @param inputShape the model's input shape
     * @param flatten    whether DL4J takes one vector per sample
     * @param loss       the compiled loss
     * @param units      the output width
     * @param firstLayer the name of the layer receiving x
     * @param lastLayer  the output layer's name
     */
    public StreamBatches(DataSetIterator source, int[] inputShape, boolean flatten, Loss loss, int units,
                         String firstLayer, String lastLayer) {
        if (source == null) {
            throw new Keras4jException("fit() received no data (a null DataSetIterator).");
        }
        this.source = source;
        this.inputShape = inputShape;
        this.flatten = flatten;
        this.loss = loss;
        this.units = units;
        this.firstLayer = firstLayer;
        this.lastLayer = lastLayer;
    }

    @Override
    public void startEpoch(int epoch) {
        if (batch > 0) {
            if (!source.resetSupported()) {
                throw new Keras4jException("The DataSetIterator given to fit() can't be reset, so it can't serve a "
                        + "second epoch. Use an iterator that supports reset(), or train one epoch per fit() call.");
            }
            if (batchesPerEpoch < 0 && !stopped) {
                batchesPerEpoch = batch;
            }
            source.reset();
        }
        batch = 0;
        stopped = false;
    }

    @Override
    public void skip(int count) {
        for (int i = 0; i < count && source.hasNext(); i++) {
            source.next();
            batch++;
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public boolean hasNext() {
        return !stopped && source.hasNext();
    }

    @Override
    public MultiDataSet next() {
        DataSet data = source.next();
        String where = "fit() (batch " + batch + " of the DataSetIterator)";
        batch++;
        return check(data, where);
    }

    /**
     * @param data  a batch from the iterator
     * @param where how a message names the batch
     * @return the batch with features and labels checked and shaped for DL4J
     */
    public MultiDataSet check(DataSet data, String where) {
        INDArray x = Data.features(data.getFeatures(), inputShape, flatten, firstLayer, where);
        INDArray y = Data.labels(data.getLabels(), x.size(0), loss, units, lastLayer, where);
        INDArray mask = data.getLabelsMaskArray();
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {y}, null,
                mask == null ? null : new INDArray[] {mask});
    }
}

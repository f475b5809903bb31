package keras4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.callbacks.Callback;

/**
 * The keyword arguments of Keras's {@code fit}, with Keras's defaults: 1 epoch, batch size 32,
 * shuffling every epoch, verbose 1.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions()
 *         .epochs(10)
 *         .batchSize(100)
 *         .validationSplit(0.1)
 *         .classWeight(Map.of(0, 1.0, 1, 5.0))   // or .sampleWeight(weights), one per sample
 *         .verbose(2));
 * }</pre>
 *
 * <p>A mutable builder: {@code fit} reads it when called.
 */
public final class FitOptions {
    private int epochs = 1;
    private int initialEpoch = 0;
    private int batchSize = 32;
    private boolean shuffle = true;
    private int verbose = 1;
    private double validationSplit = 0;
    private List<INDArray> validationX;
    private List<INDArray> validationY;
    private org.nd4j.linalg.dataset.api.iterator.DataSetIterator validationIterator;
    private Map<Integer, Double> classWeight = Collections.emptyMap();
    private INDArray sampleWeight;
    private final List<Callback> callbacks = new ArrayList<>();
    private Appendable output;

    /** Keras's defaults. */
    public FitOptions() {
    }

    /** @param epochs the index of the last epoch to train, &gt; 0 (Keras: {@code epochs}) @return this */
    public FitOptions epochs(int epochs) {
        if (epochs <= 0) {
            throw new Keras4jException("epochs must be a positive integer; received epochs=" + epochs + ".");
        }
        this.epochs = epochs;
        return this;
    }

    /**
     * @param initialEpoch the epoch to start from, for resuming (Keras: {@code initial_epoch})
     * @return this
     */
    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new Keras4jException("initialEpoch must be >= 0; received " + initialEpoch + ".");
        }
        this.initialEpoch = initialEpoch;
        return this;
    }

    /** @param batchSize samples per gradient step, &gt; 0 @return this */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new Keras4jException("batchSize must be a positive integer; received batchSize=" + batchSize + ".");
        }
        this.batchSize = batchSize;
        return this;
    }

    /** @param shuffle whether to shuffle the training data before each epoch (default true) @return this */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * @param verbose 0 silent, 1 progress bar (one line per epoch when not on a terminal), 2 one
     *                line per epoch
     * @return this
     */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new Keras4jException("verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch); "
                    + "received " + verbose + ".");
        }
        this.verbose = verbose;
        return this;
    }

    /**
     * @param validationSplit the fraction of the training data, taken from its end before shuffling,
     *                        held out to compute val_ metrics after each epoch; in [0, 1)
     * @return this
     */
    public FitOptions validationSplit(double validationSplit) {
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new Keras4jException("validationSplit must be in [0, 1); received " + validationSplit + ".");
        }
        this.validationSplit = validationSplit;
        return this;
    }

    /**
     * @param x validation features, shaped like the training features
     * @param y validation targets, shaped like the training targets
     * @return this
     */
    public FitOptions validationData(INDArray x, INDArray y) {
        this.validationX = x == null ? null : List.of(x);
        this.validationY = y == null ? null : List.of(y);
        return this;
    }

    /**
     * Validation data of a model with several inputs or outputs (Keras's
     * {@code validation_data=(xs, ys)}).
     *
     * @param xs one array per input, in the model's input order
     * @param ys one array per output, in the model's output order
     * @return this
     */
    public FitOptions validationData(List<INDArray> xs, List<INDArray> ys) {
        this.validationX = xs == null ? null : List.copyOf(xs);
        this.validationY = ys == null ? null : List.copyOf(ys);
        return this;
    }

    /**
     * @param validation validation batches, scored after each epoch (rewound first when possible)
     * @return this
     */
    public FitOptions validationData(org.nd4j.linalg.dataset.api.iterator.DataSetIterator validation) {
        this.validationIterator = validation;
        return this;
    }

    /**
     * @param classWeight a weight per class id, scaling each sample's loss (absent classes weigh 1)
     * @return this
     */
    public FitOptions classWeight(Map<Integer, Double> classWeight) {
        for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
            if (e.getValue() == null || !(e.getValue() >= 0) || e.getValue().isInfinite()) {
                throw new Keras4jException("classWeight for class " + e.getKey() + " must be a finite number >= 0; "
                        + "received " + e.getValue() + ".");
            }
        }
        this.classWeight = Collections.unmodifiableMap(new LinkedHashMap<>(classWeight));
        return this;
    }

    /**
     * Weighs each training sample's loss, as Keras's {@code sample_weight}: the loss of a batch is
     * {@code sum(weight * loss) / batch size}. One weight per sample, for every output; with
     * {@code validationSplit} the held-out samples keep theirs, so the validation loss is weighted
     * too. Not together with {@code classWeight} (Keras refuses that as well).
     *
     * @param sampleWeight a weight per sample, shape {@code (n)} or {@code (n, 1)}, finite and &gt;= 0
     * @return this
     */
    public FitOptions sampleWeight(INDArray sampleWeight) {
        if (sampleWeight != null) {
            if (sampleWeight.rank() > 2 || sampleWeight.rank() == 2 && sampleWeight.size(1) != 1
                    || sampleWeight.rank() == 0) {
                throw new Keras4jException("sampleWeight holds one weight per sample, of shape (n) or (n, 1); "
                        + "received shape " + Arrays.toString(sampleWeight.shape()) + ".");
            }
            double min = sampleWeight.minNumber().doubleValue();
            double sum = sampleWeight.sumNumber().doubleValue();
            if (!(min >= 0) || !Double.isFinite(sum)) {
                throw new Keras4jException("sampleWeight must hold finite numbers >= 0; it holds "
                        + (Double.isNaN(sum) ? "NaN" : !(min >= 0) ? "a negative number (" + min + ")"
                        : "an infinite number") + ".");
            }
            sampleWeight = sampleWeight.reshape(sampleWeight.length(), 1).castTo(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT);
        }
        this.sampleWeight = sampleWeight;
        return this;
    }

    /** @param callbacks hooks called during training, in order @return this */
    public FitOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(Arrays.asList(callbacks));
        return this;
    }

    /**
     * @param output where progress goes instead of standard output (no progress bar is drawn
     *               there: one line per epoch)
     * @return this
     */
    public FitOptions output(Appendable output) {
        this.output = output;
        return this;
    }

    /** @return the number of the last epoch */
    public int getEpochs() {
        return epochs;
    }

    /** @return the first epoch's index */
    public int getInitialEpoch() {
        return initialEpoch;
    }

    /** @return samples per step */
    public int getBatchSize() {
        return batchSize;
    }

    /** @return whether each epoch is shuffled */
    public boolean isShuffle() {
        return shuffle;
    }

    /** @return 0, 1 or 2 */
    public int getVerbose() {
        return verbose;
    }

    /** @return the held-out fraction */
    public double getValidationSplit() {
        return validationSplit;
    }

    /** @return validation features, one array per input, or null */
    public List<INDArray> getValidationX() {
        return validationX;
    }

    /** @return validation targets, one array per output, or null */
    public List<INDArray> getValidationY() {
        return validationY;
    }

    /** @return validation batches given as an iterator, or null */
    public org.nd4j.linalg.dataset.api.iterator.DataSetIterator getValidationIterator() {
        return validationIterator;
    }

    /** @return weights per class id */
    public Map<Integer, Double> getClassWeight() {
        return classWeight;
    }

    /** @return the weight of each training sample, shape (n, 1), or null */
    public INDArray getSampleWeight() {
        return sampleWeight;
    }

    /** @return the callbacks, in order */
    public List<Callback> getCallbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    /** @return where progress goes, or null for standard output */
    public Appendable getOutput() {
        return output;
    }
}

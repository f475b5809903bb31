package keras4j.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import keras4j.Keras4jException;
import keras4j.callbacks.Callback;
import keras4j.optimizers.Optimizer;

/**
 * What to change in a recipe's training run; everything left unset keeps the recipe's value.
 *
 * <pre>{@code
 * recipe.train(new TrainOptions().epochs(2).learningRate(0.01).seed(7).limit(6000));
 * }</pre>
 */
public final class TrainOptions {
    private Integer epochs;
    private Integer batchSize;
    private Optimizer optimizer;
    private Double learningRate;
    private Double validationSplit;
    private Long seed;
    private Integer limit;
    private Integer verbose;
    private Appendable output;
    private final List<Callback> callbacks = new ArrayList<>();
    private Fitter fitter = Fitter.IN_PROCESS;

    /** Options that change nothing. */
    public TrainOptions() {
    }

    /** @param epochs epochs to train, &gt; 0 @return this */
    public TrainOptions epochs(int epochs) {
        if (epochs <= 0) {
            throw new Keras4jException("epochs must be a positive integer; received " + epochs + ".");
        }
        this.epochs = epochs;
        return this;
    }

    /** @param batchSize examples per step, &gt; 0 @return this */
    public TrainOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new Keras4jException("batchSize must be a positive integer; received " + batchSize + ".");
        }
        this.batchSize = batchSize;
        return this;
    }

    /** @param name an optimizer's name (one of {@code Optimizer.NAMES}: "sgd", "adam", "adamw", ...) @return this */
    public TrainOptions optimizer(String name) {
        return optimizer(Optimizer.get(name));
    }

    /** @param optimizer the optimizer, with its parameters @return this */
    public TrainOptions optimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /** @param learningRate the optimizer's step size, &gt; 0 @return this */
    public TrainOptions learningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new Keras4jException("learningRate must be a positive number; received " + learningRate + ".");
        }
        this.learningRate = learningRate;
        return this;
    }

    /** @param validationSplit the fraction of training examples held out for val_ metrics, in [0, 1) @return this */
    public TrainOptions validationSplit(double validationSplit) {
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new Keras4jException("validationSplit must be in [0, 1); received " + validationSplit + ".");
        }
        this.validationSplit = validationSplit;
        return this;
    }

    /** @param seed the seed of initial weights, shuffling and dropout (default {@link Recipe#DEFAULT_SEED}) @return this */
    public TrainOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * @param limit train on only the first this many training examples (before the validation split),
     *              for a quick run; the test set stays whole
     * @return this
     */
    public TrainOptions limit(int limit) {
        if (limit <= 0) {
            throw new Keras4jException("limit must be a positive number of examples; received " + limit + ".");
        }
        this.limit = limit;
        return this;
    }

    /**
     * @param verbose 0 silent, 1 progress bar, 2 one line per epoch (as {@code FitOptions}); by default the
     *                recipe's (1, or 0 for XOR's many tiny epochs)
     * @return this
     */
    public TrainOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new Keras4jException("verbose must be 0, 1 or 2; received " + verbose + ".");
        }
        this.verbose = verbose;
        return this;
    }

    /** @param output where progress goes instead of standard output (one line per epoch) @return this */
    public TrainOptions output(Appendable output) {
        this.output = output;
        return this;
    }

    /** @param callbacks hooks called during training @return this */
    public TrainOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(Arrays.asList(callbacks));
        return this;
    }

    /**
     * @param fitter what trains the model on the recipe's arrays (default {@link Fitter#IN_PROCESS})
     * @return this
     */
    public TrainOptions fitter(Fitter fitter) {
        this.fitter = java.util.Objects.requireNonNull(fitter, "fitter");
        return this;
    }

    /** @return what trains the model */
    public Fitter getFitter() {
        return fitter;
    }

    /** @return the epochs, or null for the recipe's */
    public Integer getEpochs() {
        return epochs;
    }

    /** @return the batch size, or null for the recipe's */
    public Integer getBatchSize() {
        return batchSize;
    }

    /** @return the optimizer, or null for the recipe's */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /** @return the learning rate, or null for the optimizer's */
    public Double getLearningRate() {
        return learningRate;
    }

    /** @return the validation split, or null for the recipe's */
    public Double getValidationSplit() {
        return validationSplit;
    }

    /** @return the seed, or null for {@link Recipe#DEFAULT_SEED} */
    public Long getSeed() {
        return seed;
    }

    /** @return the limit on training examples, or null for all */
    public Integer getLimit() {
        return limit;
    }

    /** @return 0, 1 or 2, or null for the recipe's */
    public Integer getVerbose() {
        return verbose;
    }

    /** @return where progress goes, or null for standard output */
    public Appendable getOutput() {
        return output;
    }

    /** @return the callbacks */
    public List<Callback> getCallbacks() {
        return List.copyOf(callbacks);
    }
}

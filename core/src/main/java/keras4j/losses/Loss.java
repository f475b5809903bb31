package keras4j.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.Keras4jException;
import keras4j.backend.dl4j.LossLowering;
import keras4j.internal.Names;
import keras4j.internal.Shapes;

/**
 * What training minimizes. Keras's losses by name ({@code "mse"}, {@code "mae"}, {@code "mape"},
 * {@code "msle"}, {@code "binary_crossentropy"}, {@code "categorical_crossentropy"},
 * {@code "sparse_categorical_crossentropy"}, {@code "huber"}, {@code "log_cosh"},
 * {@code "kl_divergence"}, {@code "poisson"}, {@code "hinge"}, {@code "squared_hinge"},
 * {@code "categorical_hinge"}, {@code "cosine_similarity"}, and their long names) or as objects
 * with Keras's arguments ({@code new SparseCategoricalCrossentropy(true)} for
 * {@code from_logits=True}); each can also be computed on its own, with Keras's reduction (the
 * mean over the batch).
 *
 * <pre>{@code
 * Loss mse = Loss.get("mse");
 * double value = mse.call(yTrue, yPred);   // mean over the batch of mean((yTrue - yPred)^2)
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * model.compile(new Adam(), new SparseCategoricalCrossentropy(true), "accuracy");   // a Dense(10) of logits
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract sealed class Loss
        permits MeanSquaredError, MeanAbsoluteError, BinaryCrossentropy, CategoricalCrossentropy,
        SparseCategoricalCrossentropy, Huber, LogCosh, KLDivergence, Poisson, Hinge, SquaredHinge, CategoricalHinge,
        CosineSimilarity, MeanAbsolutePercentageError, MeanSquaredLogarithmicError {

    /** Keras's clipping of probabilities, {@code keras.backend.epsilon()}. */
    public static final double EPSILON = 1e-7;

    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        ALIASES.put("mse", "mean_squared_error");
        ALIASES.put("mean_squared_error", "mean_squared_error");
        ALIASES.put("mae", "mean_absolute_error");
        ALIASES.put("mean_absolute_error", "mean_absolute_error");
        ALIASES.put("binary_crossentropy", "binary_crossentropy");
        ALIASES.put("categorical_crossentropy", "categorical_crossentropy");
        ALIASES.put("sparse_categorical_crossentropy", "sparse_categorical_crossentropy");
        ALIASES.put("mape", "mean_absolute_percentage_error");
        ALIASES.put("mean_absolute_percentage_error", "mean_absolute_percentage_error");
        ALIASES.put("msle", "mean_squared_logarithmic_error");
        ALIASES.put("mean_squared_logarithmic_error", "mean_squared_logarithmic_error");
        ALIASES.put("bce", "binary_crossentropy");
        ALIASES.put("huber", "huber");
        ALIASES.put("huber_loss", "huber");
        ALIASES.put("log_cosh", "log_cosh");
        ALIASES.put("logcosh", "log_cosh");
        ALIASES.put("kl_divergence", "kl_divergence");
        ALIASES.put("kld", "kl_divergence");
        ALIASES.put("kullback_leibler_divergence", "kl_divergence");
        ALIASES.put("poisson", "poisson");
        ALIASES.put("hinge", "hinge");
        ALIASES.put("squared_hinge", "squared_hinge");
        ALIASES.put("categorical_hinge", "categorical_hinge");
        ALIASES.put("cosine_similarity", "cosine_similarity");
    }

    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES = List.copyOf(ALIASES.keySet());

    Loss() {
    }

    /**
     * @param name a Keras loss name, e.g. "mse" or "sparse_categorical_crossentropy"
     * @return the loss
     */
    public static Loss get(String name) {
        String canonical = ALIASES.get(Names.normalize(name));
        if (canonical == null) {
            throw Names.unknown("loss", name, NAMES, null);
        }
        return switch (canonical) {
            case "mean_squared_error" -> new MeanSquaredError();
            case "mean_absolute_error" -> new MeanAbsoluteError();
            case "mean_absolute_percentage_error" -> new MeanAbsolutePercentageError();
            case "mean_squared_logarithmic_error" -> new MeanSquaredLogarithmicError();
            case "binary_crossentropy" -> new BinaryCrossentropy();
            case "categorical_crossentropy" -> new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy();
            case "huber" -> new Huber();
            case "log_cosh" -> new LogCosh();
            case "kl_divergence" -> new KLDivergence();
            case "poisson" -> new Poisson();
            case "hinge" -> new Hinge();
            case "squared_hinge" -> new SquaredHinge();
            case "categorical_hinge" -> new CategoricalHinge();
            default -> new CosineSimilarity();
        };
    }

    /**
     * @param className a Keras loss class name, e.g. "CategoricalCrossentropy"
     * @param config    its Keras config (null or empty: Keras's defaults)
     * @return the loss, with the config's arguments
     */
    public static Loss fromKeras(String className, Map<String, Object> config) {
        for (String name : new java.util.LinkedHashSet<>(ALIASES.values())) {
            Loss loss = get(name);
            if (loss.getClassName().equals(className)) {
                return config == null ? loss : loss.configured(config);
            }
        }
        throw new Keras4jException("There is no Keras loss class '" + className + "' in keras4j; it has "
                + String.join(", ", CLASS_NAMES) + ".");
    }

    /** Every Keras class name {@link #fromKeras} accepts. */
    public static final List<String> CLASS_NAMES = ALIASES.values().stream().distinct()
            .map(name -> get(name).getClassName()).toList();

    /** @return keras4j's name of the loss, the string Keras accepts for it, e.g. "mean_squared_error" or "huber" */
    public abstract String getName();

    /** @return Keras's class name, e.g. "MeanSquaredError" */
    public abstract String getClassName();

    /** @return Keras's default {@code name} of the loss object (Huber's is "huber_loss") */
    String kerasName() {
        return getName();
    }

    /** @return true when the predictions are logits that the loss turns into probabilities itself */
    public boolean isFromLogits() {
        return false;
    }

    /** @return whether every argument has Keras's default value */
    public boolean hasDefaultArguments() {
        return equals(get(getName()));
    }

    /** @return true when the labels are class ids rather than one value per output */
    public boolean isSparse() {
        return false;
    }

    /** @return true for the cross-entropies, which compare probabilities */
    public boolean isProbabilistic() {
        return false;
    }

    /**
     * The loss's value, Keras's {@code loss(y_true, y_pred)}: the per-sample loss averaged over the
     * batch.
     *
     * @param yTrue the targets: [batch, outputs], or class ids [batch] for sparse losses
     * @param yPred the predictions: [batch, outputs] (probabilities for the cross-entropies)
     * @return the mean loss
     */
    public double call(INDArray yTrue, INDArray yPred) {
        INDArray[] prepared = prepared(yTrue, yPred);
        return LossLowering.score(this, prepared[0], prepared[1]);
    }

    /**
     * Each sample's loss, Keras's {@code loss(y_true, y_pred)} with {@code reduction=None}; the
     * metrics of the same names average it over the epoch.
     *
     * @param yTrue the targets: [batch, outputs], or class ids [batch] for sparse losses
     * @param yPred the predictions: [batch, outputs] (probabilities for the cross-entropies)
     * @return the losses [batch], float64
     */
    public INDArray callPerSample(INDArray yTrue, INDArray yPred) {
        INDArray[] prepared = prepared(yTrue, yPred);
        return LossLowering.scores(this, prepared[0], prepared[1]).reshape(prepared[1].size(0));
    }

    /** @return the targets and predictions, float64 and checked, as the DL4J loss wants them */
    private INDArray[] prepared(INDArray yTrue, INDArray yPred) {
        INDArray predictions = yPred.castTo(DataType.DOUBLE);
        if (predictions.rank() == 1) {
            predictions = predictions.reshape(predictions.length(), 1);
        }
        INDArray labels = labels(yTrue.castTo(DataType.DOUBLE), predictions);
        return new INDArray[] {labels, prepare(predictions)};
    }

    /** Checks and shapes the targets for {@link #call}; dense losses want the predictions' shape. */
    INDArray labels(INDArray yTrue, INDArray yPred) {
        INDArray labels = yTrue.rank() == 1 ? yTrue.reshape(yTrue.length(), 1) : yTrue;
        if (!java.util.Arrays.equals(labels.shape(), yPred.shape())) {
            throw new Keras4jException(getName() + ": y_true and y_pred must have the same shape; received y_true "
                    + Shapes.of(yTrue.shape()) + " and y_pred " + Shapes.of(yPred.shape()) + ".");
        }
        return labels;
    }

    /** @return the predictions as the DL4J loss should see them (a fresh array) */
    INDArray prepare(INDArray yPred) {
        return yPred.dup();
    }

    /** As Keras does for probabilities: each row scaled to sum to 1, then kept away from log(0). */
    static INDArray probabilities(INDArray yPred) {
        INDArray p = yPred.divColumnVector(yPred.sum(true, 1));
        return Transforms.max(Transforms.min(p, 1 - EPSILON, false), EPSILON, false);
    }

    /** @return Keras's config form: its name, reduction and arguments, with Keras's keys */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", kerasName());
        config.put("reduction", "sum_over_batch_size");
        return config;
    }

    /** @param config the output of {@link #getConfig()} (or only its name) @return the loss */
    public static Loss fromConfig(Map<String, Object> config) {
        return get((String) config.get("name")).configured(config);
    }

    /** @return this loss with the arguments of a Keras config over its own; the base checks the reduction */
    Loss configured(Map<String, Object> config) {
        Object reduction = config.get("reduction");
        if (reduction != null && !List.of("sum_over_batch_size", "auto", "mean").contains(reduction)) {
            throw new Keras4jException(getClassName() + ": reduction '" + reduction + "' is not supported; keras4j "
                    + "averages the loss over the batch (Keras's 'sum_over_batch_size').");
        }
        return this;
    }

    /** @return a config's number under key, or the default when absent */
    static double number(Map<String, Object> config, String key, double otherwise) {
        Object value = config.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Number number)) {
            throw new Keras4jException(key + " must be a number; received " + value + ".");
        }
        return number.doubleValue();
    }

    /** @return a config's flag under key, or the default when absent */
    static boolean flag(Map<String, Object> config, String key, boolean otherwise) {
        Object value = config.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Boolean bool)) {
            throw new Keras4jException(key + " must be true or false; received " + value + ".");
        }
        return bool;
    }

    /** Refuses a class axis other than the last (keras4j's losses read one vector per sample). */
    static void checkAxis(String className, Object axis) {
        if (axis != null && !(axis instanceof Number n && (n.intValue() == -1 || n.intValue() == 1)
                && n.doubleValue() == n.intValue())) {
            throw new Keras4jException(className + ": axis=" + axis + " is not supported; keras4j's losses read "
                    + "one vector per sample, over the last axis (axis=-1).");
        }
    }

    /** Refuses a label smoothing outside [0, 1]. */
    static double checkSmoothing(String className, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new Keras4jException(className + ": label_smoothing must be between 0 and 1; received "
                    + labelSmoothing + ".");
        }
        return labelSmoothing;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((Loss) o).getConfig().equals(getConfig());
    }

    @Override
    public int hashCode() {
        return getConfig().hashCode();
    }

    @Override
    public String toString() {
        return getName();
    }
}

package keras4j.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.internal.Names;
import keras4j.losses.Loss;

/**
 * A Keras metric: state accumulated batch by batch ({@link #updateState}), read with
 * {@link #result()} and cleared with {@link #resetState()}, so a value over an epoch is computed
 * from the whole epoch's counts (precision = all true positives / all predicted positives), not
 * averaged over batches. {@code compile} takes metrics as objects or by Keras's names
 * ({@link #NAMES}); each output of a compiled model gets its own fresh copy
 * ({@link #forOutput}), reset at the start of every epoch and evaluation.
 *
 * <pre>{@code
 * Metric precision = new Precision();
 * precision.updateState(new double[][] {{1}, {0}}, new double[][] {{0.9}, {0.8}});
 * precision.updateState(new double[][] {{1}}, new double[][] {{0.7}});
 * precision.result();   // 2 / 3
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new Precision(), new AUC());
 * model.compile("adam", "binary_crossentropy", "accuracy", "recall");
 * }</pre>
 *
 * <p>Not thread-safe: one training or evaluation loop at a time.
 */
public abstract class Metric {
    /** Metric names {@code compile} accepts. */
    public static final List<String> NAMES = List.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
            "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
            "precision", "recall", "auc", "f1_score", "mse", "mean_squared_error", "mae", "mean_absolute_error",
            "root_mean_squared_error", "mape", "mean_absolute_percentage_error", "msle",
            "mean_squared_logarithmic_error", "cosine_similarity", "logcosh", "log_cosh_error", "kl_divergence",
            "poisson", "hinge", "squared_hinge", "categorical_hinge", "bce", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy", "r2_score", "true_positives",
            "false_positives", "true_negatives", "false_negatives");

    /** Keras's class names {@link #fromConfig} reads. */
    public static final List<String> CLASS_NAMES = List.of("Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
            "SparseCategoricalAccuracy", "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy", "Precision",
            "Recall", "AUC", "F1Score", "MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError",
            "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "CosineSimilarity", "LogCoshError",
            "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge", "BinaryCrossentropy",
            "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "R2Score", "TruePositives", "FalsePositives",
            "TrueNegatives", "FalseNegatives", "SensitivityAtSpecificity", "SpecificityAtSensitivity",
            "PrecisionAtRecall", "RecallAtPrecision", "IoU", "MeanIoU", "BinaryIoU", "OneHotIoU", "OneHotMeanIoU",
            "FBetaScore");

    private final String name;
    /** The name compile was given this metric by, or null for an object. */
    private String alias;
    /** The state (Keras's metric variables), one flat array. */
    double[] variables;

    Metric(String name, String defaultName, int size) {
        if (name != null && name.isBlank()) {
            throw new Keras4jException(getClass().getSimpleName() + " received an empty name; give a name such as '"
                    + defaultName + "' or null for the default.");
        }
        this.name = name == null ? defaultName : name;
        this.variables = new double[size];
    }

    /**
     * @param name a Keras metric name ({@link #NAMES}, or a class name such as "Precision")
     * @return the metric; "accuracy" becomes the accuracy that fits the loss at compile
     * @throws Keras4jException for an unknown name
     */
    public static Metric get(String name) {
        String key = Names.normalize(name);
        String given = name == null ? null : name.trim();   // Keras logs a metric named by a string by that string
        Metric metric = switch (key) {
            case "accuracy", "acc" -> new Accuracy("accuracy");
            case "binary_accuracy", "binaryaccuracy" -> new BinaryAccuracy();
            case "categorical_accuracy", "categoricalaccuracy" -> new CategoricalAccuracy();
            case "sparse_categorical_accuracy", "sparsecategoricalaccuracy" -> new SparseCategoricalAccuracy();
            case "top_k_categorical_accuracy", "topkcategoricalaccuracy" -> new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy", "sparsetopkcategoricalaccuracy" ->
                    new SparseTopKCategoricalAccuracy();
            case "precision" -> new Precision();
            case "recall" -> new Recall();
            case "auc" -> new AUC();
            case "f1_score", "f1score" -> new F1Score();
            case "mse", "mean_squared_error", "meansquarederror" -> new MeanSquaredError("mse");
            case "mae", "mean_absolute_error", "meanabsoluteerror" -> new MeanAbsoluteError("mae");
            case "root_mean_squared_error", "rootmeansquarederror" -> new RootMeanSquaredError(given);
            case "mape", "mean_absolute_percentage_error", "meanabsolutepercentageerror" ->
                    new MeanAbsolutePercentageError(given);
            case "msle", "mean_squared_logarithmic_error", "meansquaredlogarithmicerror" ->
                    new MeanSquaredLogarithmicError(given);
            case "cosine_similarity", "cosinesimilarity" -> new CosineSimilarity(given);
            case "logcosh", "log_cosh_error", "logcosherror" -> new LogCoshError(given);
            case "kl_divergence", "kldivergence" -> new KLDivergence(given);
            case "poisson" -> new Poisson(given);
            case "hinge" -> new Hinge(given);
            case "squared_hinge", "squaredhinge" -> new SquaredHinge(given);
            case "categorical_hinge", "categoricalhinge" -> new CategoricalHinge(given);
            case "bce", "binary_crossentropy", "binarycrossentropy" -> new BinaryCrossentropy(false, 0, given);
            case "categorical_crossentropy", "categoricalcrossentropy" -> new CategoricalCrossentropy(false, 0, given);
            case "sparse_categorical_crossentropy", "sparsecategoricalcrossentropy" ->
                    new SparseCategoricalCrossentropy(false, given);
            case "r2_score", "r2score" -> new R2Score("uniform_average", 0, given);
            case "true_positives", "truepositives" -> new TruePositives(null, given);
            case "false_positives", "falsepositives" -> new FalsePositives(null, given);
            case "true_negatives", "truenegatives" -> new TrueNegatives(null, given);
            case "false_negatives", "falsenegatives" -> new FalseNegatives(null, given);
            default -> throw Names.unknown("metric", name, NAMES, "compile");
        };
        metric.alias = name.trim();
        return metric;
    }

    /**
     * Keras's {@code deserialize}: a metric from its class name and {@link #getConfig()}.
     *
     * @param className Keras's class name, e.g. "Precision"
     * @param config    its config (missing keys take Keras's defaults)
     * @return the metric, with a reset state
     */
    public static Metric fromConfig(String className, Map<String, ?> config) {
        MetricConfig c = new MetricConfig(className, config);
        String name = c.string("name", null);
        Metric metric = switch (className == null ? "" : className) {
            case "Accuracy" -> new Accuracy(name);
            case "BinaryAccuracy" -> new BinaryAccuracy(c.number("threshold", 0.5), name);
            case "CategoricalAccuracy" -> new CategoricalAccuracy(name);
            case "SparseCategoricalAccuracy" -> new SparseCategoricalAccuracy(name);
            case "TopKCategoricalAccuracy" -> new TopKCategoricalAccuracy(c.integer("k", 5), name);
            case "SparseTopKCategoricalAccuracy" -> new SparseTopKCategoricalAccuracy(c.integer("k", 5), name);
            case "Precision" -> new Precision(c.thresholds(), c.optionalInteger("top_k"),
                    c.optionalInteger("class_id"), name);
            case "Recall" -> new Recall(c.thresholds(), c.optionalInteger("top_k"), c.optionalInteger("class_id"), name);
            case "AUC" -> new AUC(c.integer("num_thresholds", 200), c.string("curve", "ROC"),
                    c.string("summation_method", "interpolation"), c.bool("from_logits"), name);
            case "F1Score" -> new F1Score(c.string("average", null), c.optionalNumber("threshold"), name);
            case "FBetaScore" -> new FBetaScore(c.string("average", null), c.number("beta", 1.0),
                    c.optionalNumber("threshold"), name);
            case "MeanSquaredError" -> new MeanSquaredError(name);
            case "MeanAbsoluteError" -> new MeanAbsoluteError(name);
            case "RootMeanSquaredError" -> new RootMeanSquaredError(name);
            case "MeanAbsolutePercentageError" -> new MeanAbsolutePercentageError(name);
            case "MeanSquaredLogarithmicError" -> new MeanSquaredLogarithmicError(name);
            case "CosineSimilarity" -> new CosineSimilarity(name);
            case "LogCoshError" -> new LogCoshError(name);
            case "KLDivergence" -> new KLDivergence(name);
            case "Poisson" -> new Poisson(name);
            case "Hinge" -> new Hinge(name);
            case "SquaredHinge" -> new SquaredHinge(name);
            case "CategoricalHinge" -> new CategoricalHinge(name);
            case "BinaryCrossentropy" -> new BinaryCrossentropy(c.bool("from_logits"),
                    c.number("label_smoothing", 0), name);
            case "CategoricalCrossentropy" -> new CategoricalCrossentropy(c.bool("from_logits"),
                    c.number("label_smoothing", 0), name);
            case "SparseCategoricalCrossentropy" -> new SparseCategoricalCrossentropy(c.bool("from_logits"), name);
            case "R2Score" -> new R2Score(config.containsKey("class_aggregation") && !c.has("class_aggregation") ? null
                    : c.string("class_aggregation", "uniform_average"),
                    c.integer("num_regressors", 0), name);
            case "TruePositives" -> new TruePositives(c.thresholds(), name);
            case "FalsePositives" -> new FalsePositives(c.thresholds(), name);
            case "TrueNegatives" -> new TrueNegatives(c.thresholds(), name);
            case "FalseNegatives" -> new FalseNegatives(c.thresholds(), name);
            case "SensitivityAtSpecificity" -> new SensitivityAtSpecificity(c.number("specificity", 0.5),
                    c.integer("num_thresholds", 200), c.optionalInteger("class_id"), name);
            case "SpecificityAtSensitivity" -> new SpecificityAtSensitivity(c.number("sensitivity", 0.5),
                    c.integer("num_thresholds", 200), c.optionalInteger("class_id"), name);
            case "PrecisionAtRecall" -> new PrecisionAtRecall(c.number("recall", 0.5),
                    c.integer("num_thresholds", 200), c.optionalInteger("class_id"), name);
            case "RecallAtPrecision" -> new RecallAtPrecision(c.number("precision", 0.5),
                    c.integer("num_thresholds", 200), c.optionalInteger("class_id"), name);
            case "IoU" -> new IoU(c.integer("num_classes", 0), classIds(config), name,
                    c.optionalInteger("ignore_class"), !Boolean.FALSE.equals(config.get("sparse_y_true")),
                    !Boolean.FALSE.equals(config.get("sparse_y_pred")));
            case "MeanIoU" -> new MeanIoU(c.integer("num_classes", 0), name, c.optionalInteger("ignore_class"),
                    !Boolean.FALSE.equals(config.get("sparse_y_true")),
                    !Boolean.FALSE.equals(config.get("sparse_y_pred")));
            case "OneHotIoU" -> new OneHotIoU(c.integer("num_classes", 0), classIds(config), name,
                    c.optionalInteger("ignore_class"), c.bool("sparse_y_pred"));
            case "OneHotMeanIoU" -> new OneHotMeanIoU(c.integer("num_classes", 0), name,
                    c.optionalInteger("ignore_class"), c.bool("sparse_y_pred"));
            case "BinaryIoU" -> new BinaryIoU(config.get("target_class_ids") == null ? new int[] {0, 1}
                    : classIds(config), c.number("threshold", 0.5), name);
            default -> throw new Keras4jException("Unknown metric class '" + className + "'. keras4j reads "
                    + String.join(", ", CLASS_NAMES) + ".");
        };
        if (className.equals("AUC") && c.has("thresholds")) {
            throw new Keras4jException("AUC's config has explicit 'thresholds'; keras4j's AUC takes evenly spaced "
                    + "ones (num_thresholds). Compile with AUC(numThresholds) instead.");
        }
        return metric;
    }

    /** @return a config's {@code target_class_ids}, or null when absent */
    private static int[] classIds(Map<String, ?> config) {
        return config.get("target_class_ids") instanceof List<?> ids
                ? ids.stream().mapToInt(id -> ((Number) id).intValue()).toArray() : null;
    }

    /** @return the name this metric is logged by (Keras's {@code name}, e.g. "precision") */
    public String getName() {
        return name;
    }

    /** @return the name compile was given this metric by ("accuracy"), or null for an object */
    public String getAlias() {
        return alias;
    }

    /** @return Keras's class name, e.g. "Precision" */
    public String getClassName() {
        return getClass().getSimpleName();
    }

    /** @return Keras's {@code get_config()}: "name", "dtype", then the metric's arguments */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("dtype", "float32");
        arguments(config);
        return config;
    }

    /** @param config receives the metric's own arguments, with Keras's keys */
    abstract void arguments(Map<String, Object> config);

    /**
     * How compile writes this metric into a Keras file: the name it was given, or Keras's
     * serialized form {@code {module, class_name, config, registered_name}}.
     *
     * @return a String or a Map
     */
    public Object serialize() {
        if (alias != null) {
            return alias;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", "keras.metrics");
        out.put("class_name", getClassName());
        out.put("config", getConfig());
        out.put("registered_name", null);
        return out;
    }

    /**
     * The metric an output of a compiled model uses: a fresh copy with a reset state, checked
     * against the output's width; a metric given as "accuracy" becomes, as in Keras, the sparse
     * categorical accuracy for a sparse loss, the binary one for one unit or a binary
     * cross-entropy, else the categorical one (logged as "accuracy").
     *
     * @param loss  the output's loss
     * @param units the output's width
     * @return the copy
     * @throws Keras4jException when the metric can't apply to that output
     */
    public Metric forOutput(Loss loss, int units) {
        Metric copy;
        if (alias != null && this instanceof Accuracy) {
            copy = loss.isSparse() ? new SparseCategoricalAccuracy(name)
                    : units == 1 || loss.getName().equals("binary_crossentropy") ? new BinaryAccuracy(0.5, name)
                    : new CategoricalAccuracy(name);
        } else {
            copy = fromConfig(getClassName(), getConfig());
        }
        copy.alias = alias;
        copy.check(units);
        copy.resetState();
        return copy;
    }

    /** @param units the output's width, checked against the metric's arguments */
    void check(int units) {
    }

    /**
     * Adds a batch, every sample weighing 1.
     *
     * @param yTrue the targets, one row per sample (a class id per row for the sparse metrics)
     * @param yPred the model's outputs, one row per sample
     */
    public void updateState(double[][] yTrue, double[][] yPred) {
        updateState(yTrue, yPred, null);
    }

    /**
     * Adds a batch.
     *
     * @param yTrue        the targets, one row per sample (a class id per row for the sparse metrics)
     * @param yPred        the model's outputs, one row per sample
     * @param sampleWeight one weight per sample, or null for 1
     */
    public void updateState(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        if (yTrue.length != yPred.length || sampleWeight != null && sampleWeight.length != yPred.length) {
            throw new Keras4jException(getClassName() + " '" + name + "' received " + yTrue.length + " targets, "
                    + yPred.length + " predictions" + (sampleWeight == null ? "" : " and " + sampleWeight.length
                    + " sample weights") + "; give one row per sample in each.");
        }
        for (int i = 0; i < yPred.length; i++) {
            int expected = sparse() ? 1 : yPred[i].length;
            if (yTrue[i].length != expected) {
                throw new Keras4jException(getClassName() + " '" + name + "' received targets of width "
                        + yTrue[i].length + " for predictions of width " + yPred[i].length + "; expected "
                        + (sparse() ? "one class id per sample" : "targets as wide as the predictions")
                        + (sparse() || expected == 1 ? "" : " (one-hot targets: use the sparse metric for class ids)")
                        + ".");
            }
        }
        update(yTrue, yPred, sampleWeight);
    }

    /**
     * Adds a batch given as arrays [batch, width] (or [batch] for class ids).
     *
     * @param yTrue        the targets
     * @param yPred        the model's outputs
     * @param sampleWeight [batch] weights, or null
     */
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        updateState(rows(yTrue), rows(yPred), sampleWeight == null ? null
                : sampleWeight.castTo(DataType.DOUBLE).reshape(sampleWeight.length()).toDoubleVector());
    }

    private static double[][] rows(INDArray a) {
        return keras4j.internal.Data.toRows(a);
    }

    /** @return whether the targets are class ids */
    boolean sparse() {
        return false;
    }

    /** Adds a checked batch. */
    abstract void update(double[][] yTrue, double[][] yPred, double[] sampleWeight);

    /** @return the metric's value over everything seen since the last reset (Keras's {@code result()}) */
    public abstract double result();

    /** Forgets everything seen (Keras's {@code reset_state()}). */
    public void resetState() {
        Arrays.fill(variables, 0);
    }

    /**
     * @return a copy of the state (Keras's metric variables, flattened): what a mid-epoch
     *         checkpoint saves
     */
    public double[] getVariables() {
        return variables.clone();
    }

    /**
     * @param values the output of {@link #getVariables()} of a metric with the same arguments
     * @throws Keras4jException when the length differs
     */
    public void setVariables(double[] values) {
        if (values.length != variables.length) {
            throw new Keras4jException(getClassName() + " '" + name + "' keeps " + variables.length + " values, but "
                    + "received " + values.length + "; restore the state of a metric compiled with the same "
                    + "arguments.");
        }
        variables = values.clone();
    }

    /** @return {@code a / b}, or 0 when b is 0 (Keras's {@code divide_no_nan}) */
    static double divideNoNan(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    static double weight(double[] sampleWeight, int row) {
        return sampleWeight == null ? 1 : sampleWeight[row];
    }

    static int argMax(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Equal when the same kind of metric with the same config, given the same way (not the state). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Metric m && m.getClass() == getClass() && java.util.Objects.equals(m.alias, alias)
                && m.getConfig().equals(getConfig());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(getClass(), alias, getConfig());
    }

    @Override
    public String toString() {
        return getClassName() + getConfig();
    }
}

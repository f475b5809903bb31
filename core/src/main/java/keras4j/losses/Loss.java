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
 * What training minimizes. Keras's losses by name ({@code "mse"}, {@code "mae"},
 * {@code "binary_crossentropy"}, {@code "categorical_crossentropy"},
 * {@code "sparse_categorical_crossentropy"}, and their long names) or as objects; each can also
 * be computed on its own, with Keras's reduction (the mean over the batch).
 *
 * <pre>{@code
 * Loss mse = Loss.get("mse");
 * double value = mse.call(yTrue, yPred);   // mean over the batch of mean((yTrue - yPred)^2)
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract sealed class Loss
        permits MeanSquaredError, MeanAbsoluteError, BinaryCrossentropy, CategoricalCrossentropy,
        SparseCategoricalCrossentropy {

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
        switch (canonical) {
            case "mean_squared_error": return new MeanSquaredError();
            case "mean_absolute_error": return new MeanAbsoluteError();
            case "binary_crossentropy": return new BinaryCrossentropy();
            case "categorical_crossentropy": return new CategoricalCrossentropy();
            default: return new SparseCategoricalCrossentropy();
        }
    }

    /** @return Keras's long name, e.g. "mean_squared_error" */
    public abstract String getName();

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
        INDArray predictions = yPred.castTo(DataType.DOUBLE);
        if (predictions.rank() == 1) {
            predictions = predictions.reshape(predictions.length(), 1);
        }
        INDArray labels = labels(yTrue.castTo(DataType.DOUBLE), predictions);
        return LossLowering.score(this, labels, prepare(predictions));
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

    /** @return Keras's config form */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", getName());
        return config;
    }

    /** @param config the output of {@link #getConfig()} @return the loss */
    public static Loss fromConfig(Map<String, Object> config) {
        return get((String) config.get("name"));
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public String toString() {
        return getName();
    }
}

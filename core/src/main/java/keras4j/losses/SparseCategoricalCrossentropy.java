package keras4j.losses;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.internal.Shapes;

/**
 * Categorical cross-entropy with integer class ids as targets (0 .. classes-1) and softmax
 * outputs: no one-hot encoding needed. With {@code fromLogits} (the TensorFlow quickstart's
 * {@code SparseCategoricalCrossentropy(from_logits=True)}) the output has no activation and the
 * loss applies the softmax itself, as a log-softmax (stable for any logits).
 *
 * <pre>{@code
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * model.compile(new Adam(), new SparseCategoricalCrossentropy(true), "accuracy");   // Dense(10) of logits
 * double loss = new SparseCategoricalCrossentropy().call(classIds, probabilities);
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** Creates the loss, for probabilities (Keras's default). */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** @param fromLogits whether the predictions are logits (Keras's {@code from_logits}) */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public String getClassName() {
        return "SparseCategoricalCrossentropy";
    }

    @Override
    public boolean isFromLogits() {
        return fromLogits;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("from_logits", fromLogits);
        config.put("ignore_class", null);
        config.put("axis", -1);
        return config;
    }

    @Override
    Loss configured(Map<String, Object> config) {
        super.configured(config);
        checkAxis(getClassName(), config.get("axis"));
        if (config.get("ignore_class") != null) {
            throw new Keras4jException(getClassName() + ": ignore_class=" + config.get("ignore_class") + " is not "
                    + "supported; keras4j scores every sample.");
        }
        return new SparseCategoricalCrossentropy(flag(config, "from_logits", fromLogits));
    }

    @Override
    public String getName() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public boolean isSparse() {
        return true;
    }

    @Override
    public boolean isProbabilistic() {
        return true;
    }

    @Override
    INDArray labels(INDArray yTrue, INDArray yPred) {
        if (yTrue.length() != yPred.size(0) || (yTrue.rank() == 2 && yTrue.size(1) != 1) || yTrue.rank() > 2) {
            throw new Keras4jException(getName() + ": y_true must hold one class id per sample, shape (" + yPred.size(0)
                    + ",) for y_pred " + Shapes.of(yPred.shape()) + "; received " + Shapes.of(yTrue.shape())
                    + ". For one-hot targets use categorical_crossentropy.");
        }
        return yTrue.reshape(yTrue.length(), 1);
    }

    @Override
    INDArray prepare(INDArray yPred) {
        return fromLogits ? yPred.dup() : probabilities(yPred);
    }
}

package keras4j.losses;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Categorical cross-entropy, for one-hot targets and softmax outputs. For class ids (0, 1, 2, ...)
 * use {@link SparseCategoricalCrossentropy} instead. With {@code fromLogits} the output has no
 * activation and the loss applies the softmax itself (as a log-softmax, stable for any logits);
 * {@code labelSmoothing} spreads part of each target over the classes: {@code y (1 - s) + s / classes}.
 *
 * <pre>{@code
 * model.compile("adam", "categorical_crossentropy", "accuracy");
 * model.compile(new Adam(), new CategoricalCrossentropy(true, 0.1), "accuracy");   // logits, smoothed labels
 * }</pre>
 */
public final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Creates the loss, for probabilities, without label smoothing (Keras's defaults). */
    public CategoricalCrossentropy() {
        this(false, 0.0);
    }

    /** @param fromLogits whether the predictions are logits (Keras's {@code from_logits}) */
    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    /**
     * @param fromLogits     whether the predictions are logits (Keras's {@code from_logits})
     * @param labelSmoothing in [0, 1]: 0 keeps the targets, 1 makes them uniform
     */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this.fromLogits = fromLogits;
        this.labelSmoothing = checkSmoothing("CategoricalCrossentropy", labelSmoothing);
    }

    @Override
    public String getName() {
        return "categorical_crossentropy";
    }

    @Override
    public String getClassName() {
        return "CategoricalCrossentropy";
    }

    @Override
    public boolean isProbabilistic() {
        return true;
    }

    @Override
    public boolean isFromLogits() {
        return fromLogits;
    }

    /** @return the label smoothing, 0 for none */
    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
        config.put("axis", -1);
        return config;
    }

    @Override
    Loss configured(Map<String, Object> config) {
        super.configured(config);
        checkAxis(getClassName(), config.get("axis"));
        return new CategoricalCrossentropy(flag(config, "from_logits", fromLogits),
                number(config, "label_smoothing", labelSmoothing));
    }

    @Override
    INDArray prepare(INDArray yPred) {
        return hasDefaultArguments() ? probabilities(yPred) : yPred.dup();
    }
}

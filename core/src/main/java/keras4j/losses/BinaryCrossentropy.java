package keras4j.losses;

import java.util.Map;

/**
 * Binary cross-entropy, for yes/no targets (0 or 1) and sigmoid outputs; with several outputs,
 * averaged over them as in Keras (multi-label classification). With {@code fromLogits} the
 * output has no activation and the loss applies the sigmoid itself, in Keras's stable
 * {@code max(x, 0) - x y + log(1 + exp(-|x|))} form; {@code labelSmoothing} moves each target
 * towards 0.5: {@code y (1 - s) + 0.5 s}.
 *
 * <pre>{@code
 * model.compile("adam", new BinaryCrossentropy(), "accuracy");
 * model.compile(new Adam(), new BinaryCrossentropy(true, 0.1), "accuracy");   // logits, smoothed labels
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Creates the loss, for probabilities, without label smoothing (Keras's defaults). */
    public BinaryCrossentropy() {
        this(false, 0.0);
    }

    /** @param fromLogits whether the predictions are logits (Keras's {@code from_logits}) */
    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    /**
     * @param fromLogits     whether the predictions are logits (Keras's {@code from_logits})
     * @param labelSmoothing in [0, 1]: 0 keeps the targets, 1 makes them all 0.5
     */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this.fromLogits = fromLogits;
        this.labelSmoothing = checkSmoothing("BinaryCrossentropy", labelSmoothing);
    }

    @Override
    public String getName() {
        return "binary_crossentropy";
    }

    @Override
    public String getClassName() {
        return "BinaryCrossentropy";
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
        return new BinaryCrossentropy(flag(config, "from_logits", fromLogits),
                number(config, "label_smoothing", labelSmoothing));
    }
}

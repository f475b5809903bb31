package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code BinaryCrossentropy} metric: the binary cross-entropy of each sample, averaged
 * over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new BinaryCrossentropy(false, 0.0));
 * }</pre>
 */
public final class BinaryCrossentropy extends LossMetric {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Keras's defaults: probabilities, no label smoothing, logged as "binary_crossentropy". */
    public BinaryCrossentropy() {
        this(false, 0, null);
    }

    /**
     * @param fromLogits     whether predictions are logits
     * @param labelSmoothing in [0, 1]: targets squeezed towards 0.5
     */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, null);
    }

    /**
     * @param fromLogits     whether predictions are logits
     * @param labelSmoothing in [0, 1]: targets squeezed towards 0.5
     * @param name           the name it is logged by, or null for "binary_crossentropy"
     */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, String name) {
        super(name, "binary_crossentropy", new keras4j.losses.BinaryCrossentropy(fromLogits, labelSmoothing), 1.0);
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
    }
}

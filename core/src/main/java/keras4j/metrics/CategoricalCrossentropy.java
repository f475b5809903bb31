package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code CategoricalCrossentropy} metric: the cross-entropy of each sample's one-hot
 * target, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new CategoricalCrossentropy());
 * }</pre>
 */
public final class CategoricalCrossentropy extends LossMetric {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Keras's defaults: probabilities, no label smoothing, logged as "categorical_crossentropy". */
    public CategoricalCrossentropy() {
        this(false, 0, null);
    }

    /**
     * @param fromLogits     whether predictions are logits
     * @param labelSmoothing in [0, 1]: targets squeezed towards uniform
     * @param name           the name it is logged by, or null for "categorical_crossentropy"
     */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, String name) {
        super(name, "categorical_crossentropy", new keras4j.losses.CategoricalCrossentropy(fromLogits,
                labelSmoothing), 1.0);
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
        config.put("axis", -1);
    }
}

package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code SparseCategoricalCrossentropy} metric: the cross-entropy of each sample's class
 * id, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("sparse_categorical_crossentropy"), new SparseCategoricalCrossentropy());
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends LossMetric {
    private final boolean fromLogits;

    /** Keras's defaults: probabilities, logged as "sparse_categorical_crossentropy". */
    public SparseCategoricalCrossentropy() {
        this(false, null);
    }

    /**
     * @param fromLogits whether predictions are logits
     * @param name       the name it is logged by, or null for "sparse_categorical_crossentropy"
     */
    public SparseCategoricalCrossentropy(boolean fromLogits, String name) {
        super(name, "sparse_categorical_crossentropy", new keras4j.losses.SparseCategoricalCrossentropy(fromLogits),
                1.0);
        this.fromLogits = fromLogits;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
        config.put("ignore_class", null);
        config.put("axis", -1);
    }
}

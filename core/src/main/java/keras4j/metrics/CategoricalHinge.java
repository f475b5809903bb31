package keras4j.metrics;

/**
 * Keras's {@code CategoricalHinge} metric: the categorical hinge loss {@code max(0, max(neg) - pos + 1)}, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new CategoricalHinge());
 * }</pre>
 */
public final class CategoricalHinge extends LossMetric {
    /** Keras's default, logged as "categorical_hinge". */
    public CategoricalHinge() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "categorical_hinge" */
    public CategoricalHinge(String name) {
        super(name, "categorical_hinge", new keras4j.losses.CategoricalHinge(), 1.0);
    }
}

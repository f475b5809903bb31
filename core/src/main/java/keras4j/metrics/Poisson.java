package keras4j.metrics;

/**
 * Keras's {@code Poisson} metric: the Poisson loss {@code mean(y_pred - y_true * log(y_pred))}, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new Poisson());
 * }</pre>
 */
public final class Poisson extends LossMetric {
    /** Keras's default, logged as "poisson". */
    public Poisson() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "poisson" */
    public Poisson(String name) {
        super(name, "poisson", new keras4j.losses.Poisson(), 1.0);
    }
}

package keras4j.metrics;

/**
 * Keras's {@code SquaredHinge} metric: the squared hinge loss, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new SquaredHinge());
 * }</pre>
 */
public final class SquaredHinge extends LossMetric {
    /** Keras's default, logged as "squared_hinge". */
    public SquaredHinge() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "squared_hinge" */
    public SquaredHinge(String name) {
        super(name, "squared_hinge", new keras4j.losses.SquaredHinge(), 1.0);
    }
}

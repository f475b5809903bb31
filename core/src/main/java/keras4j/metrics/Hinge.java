package keras4j.metrics;

/**
 * Keras's {@code Hinge} metric: the hinge loss {@code mean(max(1 - y_true * y_pred, 0))} (targets -1 or 1; 0/1 targets are mapped), averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new Hinge());
 * }</pre>
 */
public final class Hinge extends LossMetric {
    /** Keras's default, logged as "hinge". */
    public Hinge() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "hinge" */
    public Hinge(String name) {
        super(name, "hinge", new keras4j.losses.Hinge(), 1.0);
    }
}

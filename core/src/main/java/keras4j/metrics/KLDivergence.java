package keras4j.metrics;

/**
 * Keras's {@code KLDivergence} metric: the Kullback-Leibler divergence {@code sum(y_true * log(y_true / y_pred))}, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new KLDivergence());
 * }</pre>
 */
public final class KLDivergence extends LossMetric {
    /** Keras's default, logged as "kl_divergence". */
    public KLDivergence() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "kl_divergence" */
    public KLDivergence(String name) {
        super(name, "kl_divergence", new keras4j.losses.KLDivergence(), 1.0);
    }
}

package keras4j.metrics;

/**
 * Keras's {@code CosineSimilarity} metric: the cosine of the angle between target and prediction (the loss's negative: 1 when they point the same way), averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new CosineSimilarity());
 * }</pre>
 */
public final class CosineSimilarity extends LossMetric {
    /** Keras's default, logged as "cosine_similarity". */
    public CosineSimilarity() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "cosine_similarity" */
    public CosineSimilarity(String name) {
        super(name, "cosine_similarity", new keras4j.losses.CosineSimilarity(), -1.0);
    }
}

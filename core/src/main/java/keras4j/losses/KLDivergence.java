package keras4j.losses;

/**
 * Kullback-Leibler divergence, {@code sum(y_true log(y_true / y_pred))} over the outputs, both
 * clipped to [1e-7, 1] as Keras does; for probability distributions (softmax outputs).
 *
 * <pre>{@code
 * double kld = Loss.get("kld").call(targetDistributions, probabilities);
 * }</pre>
 */
public final class KLDivergence extends Loss {
    /** Creates the loss. */
    public KLDivergence() {
    }

    @Override
    public String getName() {
        return "kl_divergence";
    }

    @Override
    public String getClassName() {
        return "KLDivergence";
    }
}

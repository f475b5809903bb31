package keras4j.losses;

/**
 * Poisson loss, {@code mean(y_pred - y_true log(y_pred + 1e-7))} over the outputs, for counts
 * predicted as positive rates (e.g. an exponential or softplus output).
 *
 * <pre>{@code
 * model.compile("adam", "poisson");
 * }</pre>
 */
public final class Poisson extends Loss {
    /** Creates the loss. */
    public Poisson() {
    }

    @Override
    public String getName() {
        return "poisson";
    }

    @Override
    public String getClassName() {
        return "Poisson";
    }
}

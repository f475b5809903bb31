package keras4j.losses;

/**
 * Squared hinge loss, {@code mean(max(1 - y_true y_pred, 0)^2)} over the outputs, for -1/1 targets;
 * as in Keras, targets that are all 0 or 1 are first mapped to -1 and 1.
 *
 * <pre>{@code
 * model.compile("sgd", "squared_hinge");
 * }</pre>
 */
public final class SquaredHinge extends Loss {
    /** Creates the loss. */
    public SquaredHinge() {
    }

    @Override
    public String getName() {
        return "squared_hinge";
    }

    @Override
    public String getClassName() {
        return "SquaredHinge";
    }
}

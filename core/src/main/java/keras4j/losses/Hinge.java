package keras4j.losses;

/**
 * Hinge loss, {@code mean(max(1 - y_true y_pred, 0))} over the outputs, for -1/1 targets and
 * unbounded (e.g. tanh or linear) outputs. As in Keras, targets that are all 0 or 1 are first
 * mapped to -1 and 1.
 *
 * <pre>{@code
 * model.compile("sgd", "hinge");
 * }</pre>
 */
public final class Hinge extends Loss {
    /** Creates the loss. */
    public Hinge() {
    }

    @Override
    public String getName() {
        return "hinge";
    }

    @Override
    public String getClassName() {
        return "Hinge";
    }
}

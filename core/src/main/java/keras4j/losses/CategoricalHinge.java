package keras4j.losses;

/**
 * Categorical hinge loss, {@code max(max((1 - y_true) y_pred) - sum(y_true y_pred) + 1, 0)}, for
 * one-hot targets: the best wrong class's score must stay 1 below the right one's.
 *
 * <pre>{@code
 * model.compile("sgd", "categorical_hinge");
 * }</pre>
 */
public final class CategoricalHinge extends Loss {
    /** Creates the loss. */
    public CategoricalHinge() {
    }

    @Override
    public String getName() {
        return "categorical_hinge";
    }

    @Override
    public String getClassName() {
        return "CategoricalHinge";
    }
}

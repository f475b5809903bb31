package keras4j.losses;

/**
 * Log-cosh, {@code mean(log(cosh(y_pred - y_true)))} over the outputs (computed as
 * {@code x + softplus(-2x) - log 2}, finite for large errors): like the squared error for small
 * errors and like the absolute error for large ones.
 *
 * <pre>{@code
 * model.compile("adam", "log_cosh");
 * }</pre>
 */
public final class LogCosh extends Loss {
    /** Creates the loss. */
    public LogCosh() {
    }

    @Override
    public String getName() {
        return "log_cosh";
    }

    @Override
    public String getClassName() {
        return "LogCosh";
    }
}

package keras4j.metrics;

/**
 * Keras's {@code LogCoshError} metric: {@code mean(log(cosh(y_pred - y_true)))}, averaged over the epoch.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new LogCoshError());
 * }</pre>
 */
public final class LogCoshError extends LossMetric {
    /** Keras's default, logged as "logcosh". */
    public LogCoshError() {
        this(null);
    }

    /** @param name the name it is logged by, or null for "logcosh" */
    public LogCoshError(String name) {
        super(name, "logcosh", new keras4j.losses.LogCosh(), 1.0);
    }
}

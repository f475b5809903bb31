package keras4j;

/**
 * A mistake in how keras4j was called, or in the data or files given to it.
 *
 * <p>The message always says what happened, where (the layer, file or row), what was expected and
 * how to fix it, in the manner of Keras's {@code ValueError}s. Anything else thrown by keras4j is a
 * bug or an environment failure, not a user mistake; the command line tells the two apart by this
 * type (a user mistake exits with status 2 and one line on standard error).
 *
 * <pre>{@code
 * try {
 *     model.fit(x, y, new FitOptions().epochs(5));
 * } catch (Keras4jException e) {
 *     System.err.println(e.getMessage());
 *     // Input 0 of layer 'dense' is incompatible with the layer: expected 784 features, ...
 * }
 * }</pre>
 */
public class Keras4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, where, what was expected, and how to fix it
     */
    public Keras4jException(String message) {
        super(message);
    }

    /**
     * @param message what happened, where, what was expected, and how to fix it
     * @param cause   the underlying failure, shown only with a debug flag
     */
    public Keras4jException(String message, Throwable cause) {
        super(message, cause);
    }
}

/**
 * Keras's callbacks: hooks into {@code fit} ({@link keras4j.callbacks.Callback}) and the training
 * {@link keras4j.callbacks.History}.
 */
package keras4j.callbacks;

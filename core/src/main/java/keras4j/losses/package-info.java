/**
 * Keras's losses: mean squared and mean absolute error, binary, categorical and sparse categorical
 * cross-entropy, usable in {@code compile} and on their own.
 */
package keras4j.losses;

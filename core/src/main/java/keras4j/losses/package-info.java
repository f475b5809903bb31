/**
 * Keras's losses, usable in {@code compile} and on their own: mean squared, absolute, absolute
 * percentage and squared logarithmic error, Huber, log-cosh, the binary, categorical and sparse
 * categorical cross-entropies (probabilities or logits, label smoothing), KL divergence, Poisson,
 * the hinges and cosine similarity.
 */
package keras4j.losses;

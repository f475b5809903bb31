/**
 * Keras's optimizers: {@link keras4j.optimizers.SGD}, {@link keras4j.optimizers.Adam},
 * {@link keras4j.optimizers.RMSprop}, {@link keras4j.optimizers.Adagrad} and
 * {@link keras4j.optimizers.Nadam}, by name or as objects with parameters.
 */
package keras4j.optimizers;

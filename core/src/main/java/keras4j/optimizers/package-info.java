/**
 * Keras's optimizers: {@link keras4j.optimizers.SGD}, {@link keras4j.optimizers.Adam},
 * {@link keras4j.optimizers.AdamW}, {@link keras4j.optimizers.Adamax}, {@link keras4j.optimizers.Nadam},
 * {@link keras4j.optimizers.RMSprop}, {@link keras4j.optimizers.Adagrad} and
 * {@link keras4j.optimizers.Adadelta}, by name or as objects with parameters, each with Keras's common
 * options (clipping, weight decay, a learning-rate schedule from {@link keras4j.optimizers.schedules}).
 */
package keras4j.optimizers;

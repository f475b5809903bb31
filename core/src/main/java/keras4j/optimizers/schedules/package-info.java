/**
 * Keras's learning-rate schedules ({@code keras.optimizers.schedules}):
 * {@link keras4j.optimizers.schedules.ExponentialDecay}, {@link keras4j.optimizers.schedules.PiecewiseConstantDecay},
 * {@link keras4j.optimizers.schedules.PolynomialDecay}, {@link keras4j.optimizers.schedules.InverseTimeDecay},
 * {@link keras4j.optimizers.schedules.CosineDecay} and {@link keras4j.optimizers.schedules.CosineDecayRestarts},
 * usable wherever a learning rate is: {@code new Adam(new CosineDecay(1e-3, 10_000))}.
 */
package keras4j.optimizers.schedules;

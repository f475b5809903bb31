/**
 * keras4j: Keras for Java, on Deeplearning4j. Start with {@link keras4j.Sequential}; layers are in
 * {@link keras4j.layers}, optimizers in {@link keras4j.optimizers}, losses in
 * {@link keras4j.losses}, callbacks in {@link keras4j.callbacks}.
 */
package keras4j;

/**
 * keras4j: Keras for Java, on Deeplearning4j. Every model is a {@link keras4j.Model}: start with
 * {@link keras4j.Sequential} (a stack of layers) or {@link keras4j.Functional} (a graph of layers,
 * built from {@code Input.tensor(...)} and {@code layer.apply(...)}); layers are in
 * {@link keras4j.layers}, optimizers in {@link keras4j.optimizers}, losses in
 * {@link keras4j.losses}, callbacks in {@link keras4j.callbacks}; Keras's own files are read by
 * {@link keras4j.saving.KerasFiles}.
 */
package keras4j;

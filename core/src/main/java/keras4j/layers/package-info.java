/**
 * Keras's layers: {@link keras4j.layers.Input}, {@link keras4j.layers.Dense},
 * {@link keras4j.layers.Conv2D}, {@link keras4j.layers.MaxPooling2D},
 * {@link keras4j.layers.AveragePooling2D}, {@link keras4j.layers.GlobalAveragePooling2D},
 * {@link keras4j.layers.Flatten}, {@link keras4j.layers.Dropout},
 * {@link keras4j.layers.BatchNormalization} and {@link keras4j.layers.Activation}, with Keras's
 * names, arguments and defaults. Images are channels-last (height, width, channels), as in Keras.
 */
package keras4j.layers;

/**
 * Keras's layers: {@link keras4j.layers.Input}, {@link keras4j.layers.Dense},
 * {@link keras4j.layers.Conv2D} (and {@link keras4j.layers.Conv2DTranspose}, {@link keras4j.layers.DepthwiseConv2D},
 * {@link keras4j.layers.SeparableConv2D}), {@link keras4j.layers.MaxPooling2D},
 * {@link keras4j.layers.AveragePooling2D}, {@link keras4j.layers.GlobalAveragePooling2D},
 * {@link keras4j.layers.GlobalMaxPooling2D}, {@link keras4j.layers.Flatten}, {@link keras4j.layers.Reshape},
 * {@link keras4j.layers.Permute}, {@link keras4j.layers.RepeatVector},
 * {@link keras4j.layers.Dropout}, {@link keras4j.layers.BatchNormalization}, {@link keras4j.layers.Activation},
 * the activation layers {@link keras4j.layers.ReLU}, {@link keras4j.layers.LeakyReLU},
 * {@link keras4j.layers.PReLU}, {@link keras4j.layers.ELU} and {@link keras4j.layers.Softmax}, and the
 * merge layers ({@link keras4j.layers.Add}, {@link keras4j.layers.Concatenate}, ...), with Keras's
 * names, arguments and defaults. Images are channels-last (height, width, channels), as in Keras.
 */
package keras4j.layers;

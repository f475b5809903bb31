package keras4j.layers;

import java.util.Arrays;

import keras4j.internal.Names;

/** The sliding-window arithmetic Conv2D and the pooling layers share (Keras's rules). */
final class Window {
    private Window() {
    }

    /** @return the padding's canonical name, "valid" or "same" */
    static String padding(String layerClass, String padding) {
        String key = Names.normalize(padding);
        if (!key.equals("valid") && !key.equals("same")) {
            throw Names.unknown("padding", padding, java.util.List.of("valid", "same"), layerClass);
        }
        return key;
    }

    /** @return a {height, width} pair, checked to be positive */
    static int[] pair(String layerClass, String argument, int... values) {
        int[] pair = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        Layer.require(pair.length == 2 && pair[0] > 0 && pair[1] > 0, layerClass,
                argument + " must be one positive integer or two (height, width); received "
                        + Arrays.toString(values) + ".");
        return pair;
    }

    /** @return the spatial output size along one axis */
    static int outputSize(int input, int window, int stride, String padding) {
        if (padding.equals("same")) {
            return (input + stride - 1) / stride;
        }
        return input < window ? 0 : (input - window) / stride + 1;
    }

    /** @return {height, width} after the window, or a Keras-style error when it would be empty */
    static int[] spatialOutput(Layer layer, int[] inputShape, int[] window, int[] strides, String padding,
                               String windowArgument) {
        if (inputShape.length != 3) {
            String fix = inputShape.length == 2
                    ? "Add the channel axis: new Input(" + inputShape[0] + ", " + inputShape[1] + ", 1), and give x "
                            + "the shape (n, " + inputShape[0] + ", " + inputShape[1] + ", 1)."
                    : "This layer takes images (height, width, channels); it can't follow a Flatten or Dense layer.";
            throw layer.incompatible(inputShape, "ndim=4, i.e. shape (None, height, width, channels)", fix);
        }
        int h = outputSize(inputShape[0], window[0], strides[0], padding);
        int w = outputSize(inputShape[1], window[1], strides[1], padding);
        if (h <= 0 || w <= 0) {
            throw layer.incompatible(inputShape, "an image of at least " + window[0] + "x" + window[1] + " for its "
                    + windowArgument + " " + Arrays.toString(window) + " with padding='valid'",
                    "Use padding='same', a smaller " + windowArgument + ", or fewer downsampling layers before it.");
        }
        return new int[] {h, w};
    }
}

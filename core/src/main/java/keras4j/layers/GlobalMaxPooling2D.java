package keras4j.layers;

import java.util.Map;

/**
 * Takes each channel's maximum over the whole image: (height, width, channels) becomes (channels).
 * Keras also calls it {@code GlobalMaxPool2D}; keras4j reads both names.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(32, 32, 3), new Conv2D(16, 3, "relu"),
 *         new GlobalMaxPooling2D(), new Dense(10, "softmax"));
 * }</pre>
 */
public final class GlobalMaxPooling2D extends Layer {
    /** Creates the layer; it has no arguments. */
    public GlobalMaxPooling2D() {
    }

    @Override
    public GlobalMaxPooling2D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "global_max_pooling2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw incompatible(inputShape, "ndim=4, i.e. shape (None, height, width, channels)",
                    "GlobalMaxPooling2D takes images; it can't follow a Flatten or Dense layer.");
        }
        return new int[] {inputShape[2]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Takes each channel's maximum over the whole sequence: (steps, channels) becomes (channels). Keras also calls it {@code GlobalMaxPool1D}; keras4j reads both names.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(50, 8), new Conv1D(16, 3, "relu"),
 *         new GlobalMaxPooling1D(), new Dense(2, "softmax"));
 * }</pre>
 */
public final class GlobalMaxPooling1D extends Layer {
    /** Creates the layer; it has no arguments. */
    public GlobalMaxPooling1D() {
    }

    @Override
    public GlobalMaxPooling1D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "global_max_pooling1d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 2) {
            throw incompatible(inputShape, "ndim=3, i.e. shape (None, steps, channels)",
                    "GlobalMaxPooling1D takes sequences; for images use GlobalMaxPooling2D.");
        }
        return new int[] {inputShape[1]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
    }
}

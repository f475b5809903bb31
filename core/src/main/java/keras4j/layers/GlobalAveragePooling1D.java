package keras4j.layers;

import java.util.Map;

/**
 * Averages each channel over the whole sequence: (steps, channels) becomes (channels). Keras also calls it {@code GlobalAvgPool1D}; keras4j reads both names.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(50, 8), new Conv1D(16, 3, "relu"),
 *         new GlobalAveragePooling1D(), new Dense(2, "softmax"));
 * }</pre>
 */
public final class GlobalAveragePooling1D extends Layer {
    /** Creates the layer; it has no arguments. */
    public GlobalAveragePooling1D() {
    }

    @Override
    public GlobalAveragePooling1D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "global_average_pooling1d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 2) {
            throw incompatible(inputShape, "ndim=3, i.e. shape (None, steps, channels)",
                    "GlobalAveragePooling1D takes sequences; for images use GlobalAveragePooling2D.");
        }
        return new int[] {inputShape[1]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
    }
}

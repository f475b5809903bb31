package keras4j.layers;

import java.util.Map;

/**
 * Averages each channel over the whole image: (height, width, channels) becomes (channels).
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(32, 32, 3), new Conv2D(16, 3, "relu"),
 *         new GlobalAveragePooling2D(), new Dense(10, "softmax"));
 * }</pre>
 */
public final class GlobalAveragePooling2D extends Layer {
    /** Creates the layer; it has no arguments. */
    public GlobalAveragePooling2D() {
    }

    @Override
    public GlobalAveragePooling2D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "global_average_pooling2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw incompatible(inputShape, "ndim=4, i.e. shape (None, height, width, channels)",
                    "GlobalAveragePooling2D takes images; it can't follow a Flatten or Dense layer.");
        }
        return new int[] {inputShape[2]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
    }
}

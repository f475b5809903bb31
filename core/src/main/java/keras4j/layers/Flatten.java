package keras4j.layers;

import java.util.Map;

import keras4j.internal.Shapes;

/**
 * Turns each sample into a vector, in Keras's (channels-last) order, so that a {@link Dense}
 * layer can follow images or other multi-dimensional inputs.
 *
 * <pre>{@code
 * Sequential.of(new Input(28, 28), new Flatten(), new Dense(10, "softmax"));   // 784 inputs
 * }</pre>
 */
public final class Flatten extends Layer {
    /** Creates the layer; it has no arguments. */
    public Flatten() {
    }

    @Override
    public Flatten name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "flatten";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        long size = Shapes.size(inputShape);
        if (size > Integer.MAX_VALUE) {
            throw incompatible(inputShape, "at most " + Integer.MAX_VALUE + " values per sample",
                    "Downsample (pooling, strides) or use fewer channels before the Flatten.");
        }
        return new int[] {(int) size};
    }

    @Override
    void addConfig(Map<String, Object> config) {
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Keeps the largest value of each window of steps, per channel. Keras also calls it {@code MaxPool1D}.
 *
 * <pre>{@code
 * new MaxPooling1D();                  // window 2, stride 2
 * new MaxPooling1D(3).strides(1).padding("same");
 * }</pre>
 */
public final class MaxPooling1D extends Pooling1D {
    /** A window of 2 with stride 2, Keras's default. */
    public MaxPooling1D() {
        this(2);
    }

    /** @param poolSize the window's length */
    public MaxPooling1D(int poolSize) {
        super("MaxPooling1D", poolSize);
    }

    @Override
    public MaxPooling1D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "max_pooling1d";
    }

    static MaxPooling1D fromConfig(Map<String, Object> config) {
        return withConfig(new MaxPooling1D(poolSize("MaxPooling1D", config)), config);
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Keeps the largest value of each window, per channel.
 *
 * <pre>{@code
 * new MaxPooling2D();                  // 2x2 window, stride 2
 * new MaxPooling2D(3).strides(2).padding("same");
 * }</pre>
 */
public final class MaxPooling2D extends Pooling2D {
    /** A 2x2 window with stride 2, Keras's default. */
    public MaxPooling2D() {
        this(2);
    }

    /** @param poolSize one side or {height, width} */
    public MaxPooling2D(int... poolSize) {
        super("MaxPooling2D", poolSize);
    }

    @Override
    public MaxPooling2D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "max_pooling2d";
    }

    static MaxPooling2D fromConfig(Map<String, Object> config) {
        return withConfig(new MaxPooling2D(ints(config.get("pool_size"))), config);
    }
}

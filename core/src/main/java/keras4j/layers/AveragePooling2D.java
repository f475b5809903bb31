package keras4j.layers;

import java.util.Map;

/**
 * Averages each window, per channel; with padding "same" the padded cells are left out of the
 * average, as in Keras.
 *
 * <pre>{@code
 * new AveragePooling2D();              // 2x2 window, stride 2
 * new AveragePooling2D(2).strides(1);
 * }</pre>
 */
public final class AveragePooling2D extends Pooling2D {
    /** A 2x2 window with stride 2, Keras's default. */
    public AveragePooling2D() {
        this(2);
    }

    /** @param poolSize one side or {height, width} */
    public AveragePooling2D(int... poolSize) {
        super("AveragePooling2D", poolSize);
    }

    @Override
    public AveragePooling2D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "average_pooling2d";
    }

    static AveragePooling2D fromConfig(Map<String, Object> config) {
        return withConfig(new AveragePooling2D(ints(config.get("pool_size"))), config);
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Averages each window of steps, per channel (with padding "same", over the window's steps inside the sequence, as Keras). Keras also calls it {@code AvgPool1D}.
 *
 * <pre>{@code
 * new AveragePooling1D();                  // window 2, stride 2
 * new AveragePooling1D(3).strides(1).padding("same");
 * }</pre>
 */
public final class AveragePooling1D extends Pooling1D {
    /** A window of 2 with stride 2, Keras's default. */
    public AveragePooling1D() {
        this(2);
    }

    /** @param poolSize the window's length */
    public AveragePooling1D(int poolSize) {
        super("AveragePooling1D", poolSize);
    }

    @Override
    public AveragePooling1D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "average_pooling1d";
    }

    static AveragePooling1D fromConfig(Map<String, Object> config) {
        return withConfig(new AveragePooling1D(poolSize("AveragePooling1D", config)), config);
    }
}

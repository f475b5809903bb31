package keras4j.layers;

import java.util.Map;

/**
 * Keras's {@code SpatialDropout1D}: while training, drops whole channels (every step of a
 * channel of a sequence (steps, channels) at once) with probability {@code rate} and scales
 * the kept ones by {@code 1 / (1 - rate)}; at inference it passes its input through.
 * Channels-last, as all of keras4j.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(50, 8), new Conv1D(16, 3, "relu"),
 *         new SpatialDropout1D(0.2), new Flatten(), new Dense(10, "softmax"));
 * }</pre>
 */
public final class SpatialDropout1D extends SpatialDropout {
    /** @param rate the fraction of channels dropped, in [0, 1) */
    public SpatialDropout1D(double rate) {
        super("SpatialDropout1D", rate, 2);
    }

    @Override
    public SpatialDropout1D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "spatial_dropout1d";
    }

    static SpatialDropout1D fromConfig(Map<String, Object> config) {
        return withSeed(new SpatialDropout1D(number("SpatialDropout1D", config, "rate", Double.NaN)), config);
    }
}

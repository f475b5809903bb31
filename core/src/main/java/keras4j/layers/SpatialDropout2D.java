package keras4j.layers;

import java.util.Map;

/**
 * Keras's {@code SpatialDropout2D}: while training, drops whole feature maps (every position of a
 * channel of an image (height, width, channels) at once) with probability {@code rate} and scales
 * the kept ones by {@code 1 / (1 - rate)}; at inference it passes its input through.
 * Channels-last, as all of keras4j.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(28, 28, 1), new Conv2D(16, 3, "relu"),
 *         new SpatialDropout2D(0.2), new Flatten(), new Dense(10, "softmax"));
 * }</pre>
 */
public final class SpatialDropout2D extends SpatialDropout {
    /** @param rate the fraction of channels dropped, in [0, 1) */
    public SpatialDropout2D(double rate) {
        super("SpatialDropout2D", rate, 3);
    }

    @Override
    public SpatialDropout2D name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "spatial_dropout2d";
    }

    static SpatialDropout2D fromConfig(Map<String, Object> config) {
        return withSeed(new SpatialDropout2D(number("SpatialDropout2D", config, "rate", Double.NaN)), config);
    }
}

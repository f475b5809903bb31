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
public final class SpatialDropout2D extends RandomLayer {
    private final double rate;

    /** @param rate the fraction of channels dropped, in [0, 1) */
    public SpatialDropout2D(double rate) {
        this.rate = fraction("SpatialDropout2D", "rate", rate, false);
    }

    @Override
    public SpatialDropout2D name(String name) {
        setName(name);
        return this;
    }

    /** @return the fraction of channels dropped while training */
    public double getRate() {
        return rate;
    }

    @Override
    public String defaultName() {
        return "spatial_dropout2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw incompatible(inputShape, "an image (height, width, channels), ndim=4 with the batch",
                    inputShape.length == 2 ? "For sequences use SpatialDropout1D." : null);
        }
        return inputShape.clone();
    }

    @Override
    void addOwnConfig(Map<String, Object> config) {
        config.put("rate", rate);
        config.put("data_format", "channels_last");
    }

    static SpatialDropout2D fromConfig(Map<String, Object> config) {
        return withSeed(new SpatialDropout2D(number("SpatialDropout2D", config, "rate", Double.NaN)), config);
    }
}

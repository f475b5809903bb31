package keras4j.layers;

import java.util.Map;

/**
 * What {@link SpatialDropout1D} and {@link SpatialDropout2D} share: while training, each drops whole
 * channels (every step of a sequence's channel, or every position of an image's) with probability
 * {@code rate} and scales the kept ones by {@code 1 / (1 - rate)}; at inference it passes its input
 * through. Channels-last, as all of keras4j.
 *
 * <pre>{@code
 * SpatialDropout drop = new SpatialDropout2D(0.2);
 * drop.getRate();   // 0.2
 * }</pre>
 */
public abstract sealed class SpatialDropout extends RandomLayer permits SpatialDropout1D, SpatialDropout2D {
    private final double rate;
    /** The sample rank taken: 2 for sequences, 3 for images. */
    private final int rank;

    SpatialDropout(String className, double rate, int rank) {
        this.rate = fraction(className, "rate", rate, false);
        this.rank = rank;
    }

    /** @return the fraction of channels dropped while training */
    public double getRate() {
        return rate;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != rank) {
            boolean sequence = rank == 2;
            throw incompatible(inputShape, sequence ? "a sequence (steps, channels), ndim=3 with the batch"
                    : "an image (height, width, channels), ndim=4 with the batch",
                    inputShape.length == (sequence ? 3 : 2) ? (sequence ? "For images use SpatialDropout2D."
                            : "For sequences use SpatialDropout1D.") : null);
        }
        return inputShape.clone();
    }

    @Override
    void addOwnConfig(Map<String, Object> config) {
        config.put("rate", rate);
        if (rank == 3) {
            config.put("data_format", "channels_last");
        }
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Keras's {@code GaussianDropout}: while training, multiplies each input by 1-centered Gaussian
 * noise of standard deviation {@code sqrt(rate / (1 - rate))}; at inference it passes its input
 * through. {@code rate} is a drop probability as in {@link Dropout}, in [0, 1) (Keras also takes
 * 1, whose noise is infinite).
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(20), new Dense(64, "relu"), new GaussianDropout(0.3),
 *         new Dense(1));
 * }</pre>
 */
public final class GaussianDropout extends RandomLayer {
    private final double rate;

    /** @param rate the drop probability the noise stands for, in [0, 1) */
    public GaussianDropout(double rate) {
        this.rate = fraction("GaussianDropout", "rate", rate, false);
    }

    @Override
    public GaussianDropout name(String name) {
        setName(name);
        return this;
    }

    /** @return the drop probability the noise stands for */
    public double getRate() {
        return rate;
    }

    @Override
    public String defaultName() {
        return "gaussian_dropout";
    }

    @Override
    void addOwnConfig(Map<String, Object> config) {
        config.put("rate", rate);
    }

    static GaussianDropout fromConfig(Map<String, Object> config) {
        return withSeed(new GaussianDropout(number("GaussianDropout", config, "rate", Double.NaN)), config);
    }
}

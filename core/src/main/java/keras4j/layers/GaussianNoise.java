package keras4j.layers;

import java.util.Map;

/**
 * Keras's {@code GaussianNoise}: while training, adds zero-centered Gaussian noise of standard
 * deviation {@code stddev} to each input (a regularizer, a form of data augmentation); at
 * inference it passes its input through. As in Keras, {@code stddev} is in [0, 1].
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(20), new GaussianNoise(0.1), new Dense(1));
 * }</pre>
 */
public final class GaussianNoise extends RandomLayer {
    private final double stddev;

    /** @param stddev the noise's standard deviation, in [0, 1] */
    public GaussianNoise(double stddev) {
        this.stddev = fraction("GaussianNoise", "stddev", stddev, true);
    }

    @Override
    public GaussianNoise name(String name) {
        setName(name);
        return this;
    }

    /** @return the noise's standard deviation */
    public double getStddev() {
        return stddev;
    }

    @Override
    public String defaultName() {
        return "gaussian_noise";
    }

    @Override
    void addOwnConfig(Map<String, Object> config) {
        config.put("stddev", stddev);
    }

    static GaussianNoise fromConfig(Map<String, Object> config) {
        return withSeed(new GaussianNoise(number("GaussianNoise", config, "stddev", Double.NaN)), config);
    }
}

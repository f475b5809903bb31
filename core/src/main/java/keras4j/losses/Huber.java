package keras4j.losses;

import java.util.Map;

import keras4j.Keras4jException;

/**
 * Huber loss: for each error {@code x = y_pred - y_true}, {@code 0.5 x^2} where {@code |x| <= delta}
 * and {@code delta |x| - 0.5 delta^2} beyond, averaged over the outputs. Squared error for small
 * errors, absolute error for outliers.
 *
 * <pre>{@code
 * model.compile("adam", "huber");              // delta = 1
 * model.compile(new Adam(), new Huber(0.5));
 * }</pre>
 */
public final class Huber extends Loss {
    private final double delta;

    /** Creates the loss with Keras's default {@code delta = 1}. */
    public Huber() {
        this(1.0);
    }

    /** @param delta where the loss turns from quadratic to linear; positive */
    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new Keras4jException("Huber: delta must be a positive number; received " + delta + ".");
        }
        this.delta = delta;
    }

    /** @return where the loss turns from quadratic to linear */
    public double getDelta() {
        return delta;
    }

    @Override
    public String getName() {
        return "huber";
    }

    @Override
    public String getClassName() {
        return "Huber";
    }

    @Override
    String kerasName() {
        return "huber_loss";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("delta", delta);
        return config;
    }

    @Override
    Loss configured(Map<String, Object> config) {
        super.configured(config);
        return new Huber(number(config, "delta", delta));
    }
}

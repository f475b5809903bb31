package keras4j.layers;

import java.util.Map;

/**
 * Keras's leaky rectified linear unit: {@code f(x) = x} for {@code x >= 0}, else
 * {@code negativeSlope * x}; Keras 3's default slope is 0.3 (Keras 2 files call it {@code alpha}).
 *
 * <pre>{@code
 * new LeakyReLU();      // slope 0.3
 * new LeakyReLU(0.5);   // [-10, -5, 0, 5, 10] -> [-5, -2.5, 0, 5, 10]
 * }</pre>
 */
public final class LeakyReLU extends Layer {
    private final double negativeSlope;

    /** Creates the layer with Keras's slope, 0.3. */
    public LeakyReLU() {
        this(0.3);
    }

    /** @param negativeSlope the slope for negative inputs, >= 0 */
    public LeakyReLU(double negativeSlope) {
        require(negativeSlope >= 0, "LeakyReLU", "The negative_slope value of a Leaky ReLU layer cannot be a negative "
                + "value. Expected a float >= 0. Received: negative_slope=" + negativeSlope + ".");
        this.negativeSlope = negativeSlope;
    }

    @Override
    public LeakyReLU name(String name) {
        setName(name);
        return this;
    }

    /** @return the slope for negative inputs */
    public double getNegativeSlope() {
        return negativeSlope;
    }

    @Override
    public String defaultName() {
        return "leaky_re_lu";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("negative_slope", negativeSlope);
    }

    static LeakyReLU fromConfig(Map<String, Object> config) {
        // Keras 2 (and Keras 3's deprecated argument) call the slope alpha.
        String key = config.containsKey("negative_slope") ? "negative_slope" : "alpha";
        return new LeakyReLU(number("LeakyReLU", config, key, 0.3));
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Keras's exponential linear unit: {@code f(x) = x} for {@code x > 0}, else
 * {@code alpha * (exp(x) - 1)}.
 *
 * <pre>{@code
 * new ELU();      // alpha 1.0
 * new ELU(0.7);
 * }</pre>
 */
public final class ELU extends Layer {
    private final double alpha;

    /** Creates the layer with Keras's alpha, 1.0. */
    public ELU() {
        this(1.0);
    }

    /** @param alpha the scale of the negative part */
    public ELU(double alpha) {
        require(Double.isFinite(alpha), "ELU", "alpha must be a finite number; received alpha=" + alpha + ".");
        this.alpha = alpha;
    }

    @Override
    public ELU name(String name) {
        setName(name);
        return this;
    }

    /** @return the scale of the negative part */
    public double getAlpha() {
        return alpha;
    }

    @Override
    public String defaultName() {
        return "elu";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("alpha", alpha);
    }

    static ELU fromConfig(Map<String, Object> config) {
        return new ELU(number("ELU", config, "alpha", 1.0));
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * During training, sets a random fraction {@code rate} of its inputs to 0 and scales the rest by
 * {@code 1 / (1 - rate)}; at inference it passes its input through. As in Keras, {@code rate} is
 * the fraction <em>dropped</em> (DL4J's own dropout takes the fraction kept: keras4j converts).
 *
 * <pre>{@code
 * new Dropout(0.25);   // drops a quarter of the activations while training
 * }</pre>
 */
public final class Dropout extends Layer {
    private final double rate;

    /** @param rate the fraction of inputs to drop, in [0, 1) */
    public Dropout(double rate) {
        require(rate >= 0 && rate < 1, "Dropout", "rate must be in [0, 1) (the fraction of inputs dropped, as in "
                + "Keras); received rate=" + rate + "." + (rate >= 1 && rate <= 100
                        ? " For a percentage, divide by 100, e.g. Dropout(0.25)." : ""));
        this.rate = rate;
    }

    @Override
    public Dropout name(String name) {
        setName(name);
        return this;
    }

    /** @return the fraction of inputs dropped while training */
    public double getRate() {
        return rate;
    }

    @Override
    public String defaultName() {
        return "dropout";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("rate", rate);
    }

    static Dropout fromConfig(Map<String, Object> config) {
        return new Dropout(((Number) config.get("rate")).doubleValue());
    }
}

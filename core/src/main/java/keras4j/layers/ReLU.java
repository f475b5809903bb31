package keras4j.layers;

import java.util.Map;

/**
 * Keras's rectified linear unit with its three arguments: {@code f(x) = min(x, maxValue)} for
 * {@code x > threshold}, else {@code negativeSlope * (x - threshold)}. With the defaults it is
 * {@code max(x, 0)}.
 *
 * <pre>{@code
 * new ReLU();                  // max(x, 0)
 * new ReLU(6.0, 0, 0);         // relu6
 * new ReLU(10.0, 0.5, 0);      // [-10, -5, 0, 5, 10] -> [-5, -2.5, 0, 5, 10]
 * }</pre>
 */
public final class ReLU extends Layer {
    private final Double maxValue;
    private final double negativeSlope;
    private final double threshold;

    /** Creates {@code max(x, 0)}: no maximum, slope 0, threshold 0 (Keras's defaults). */
    public ReLU() {
        this(null, 0.0, 0.0);
    }

    /**
     * @param maxValue      the largest output, >= 0; null for none
     * @param negativeSlope the slope below the threshold, >= 0
     * @param threshold     the input below which the slope applies, >= 0
     */
    public ReLU(Double maxValue, double negativeSlope, double threshold) {
        require(maxValue == null || maxValue >= 0, "ReLU", "max_value of a ReLU layer cannot be a negative value. "
                + "Received: max_value=" + maxValue + ". Use null for no maximum.");
        require(negativeSlope >= 0, "ReLU", "negative_slope of a ReLU layer cannot be a negative value. Received: "
                + "negative_slope=" + negativeSlope + ".");
        require(threshold >= 0, "ReLU", "threshold of a ReLU layer cannot be a negative value. Received: threshold="
                + threshold + ".");
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    @Override
    public ReLU name(String name) {
        setName(name);
        return this;
    }

    /** @return the largest output, or null for none */
    public Double getMaxValue() {
        return maxValue;
    }

    /** @return the slope below the threshold */
    public double getNegativeSlope() {
        return negativeSlope;
    }

    /** @return the threshold */
    public double getThreshold() {
        return threshold;
    }

    @Override
    public String defaultName() {
        return "re_lu";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("max_value", maxValue);
        config.put("negative_slope", negativeSlope);
        config.put("threshold", threshold);
    }

    static ReLU fromConfig(Map<String, Object> config) {
        Double maxValue = config.get("max_value") == null ? null : number("ReLU", config, "max_value", 0);
        return new ReLU(maxValue,
                number("ReLU", config, "negative_slope", 0), number("ReLU", config, "threshold", 0));
    }
}

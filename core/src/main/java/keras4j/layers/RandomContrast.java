package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RandomContrast}: while training, adjusts each image's contrast by a factor drawn
 * in [1 - lower, 1 + upper]: every value x of a channel becomes {@code (x - mean) * factor + mean}
 * (mean: the channel's over the image), clipped to {@code value_range} (default [0, 255]); identity
 * in {@code predict} and {@code evaluate}. As Keras 3 computes it, one factor f is the pair
 * (0, f): the factor is drawn in [1, 1 + f]; give (f, f) for [1 - f, 1 + f].
 *
 * <pre>{@code
 * new RandomContrast(0.2, 0.2).valueRange(0, 1);   // factors in [0.8, 1.2], images in [0, 1]
 * }</pre>
 */
public final class RandomContrast extends ImageAugmentation {
    private final double[] factor;
    private double[] valueRange = {0, 255};

    /** @param factor in [0, 1]: the contrast factor is drawn in [1, 1 + factor], as in Keras 3 */
    public RandomContrast(double factor) {
        this((Object) factor);
    }

    /**
     * @param lower in [0, 1]: the lowest factor is {@code 1 - lower}
     * @param upper in [0, 1]: the highest factor is {@code 1 + upper}
     */
    public RandomContrast(double lower, double upper) {
        this(new double[] {lower, upper});
    }

    private RandomContrast(Object factor) {
        this.factor = range("RandomContrast", "factor", factor, 0, 1, false);
    }

    /**
     * @param low  the lowest value of the images
     * @param high the highest value of the images
     * @return this layer
     */
    public RandomContrast valueRange(double low, double high) {
        checkNotCompiled();
        require(low < high, "RandomContrast", "value_range must be (low, high) with low < high; received ("
                + low + ", " + high + ").");
        this.valueRange = new double[] {low, high};
        return this;
    }

    @Override
    public RandomContrast name(String name) {
        setName(name);
        return this;
    }

    /** @return {lower, upper}: the factor is drawn in [1 - lower, 1 + upper] */
    public double[] getFactor() {
        return factor.clone();
    }

    /** @return {low, high}, the range the output is clipped to */
    public double[] getValueRange() {
        return valueRange.clone();
    }

    @Override
    public String defaultName() {
        return "random_contrast";
    }

    @Override
    void addOwnConfig(Map<String, Object> config) {
        config.put("factor", List.of(factor[0], factor[1]));   // as Keras's get_config: the pair
        config.put("value_range", List.of(valueRange[0], valueRange[1]));
    }

    static RandomContrast fromConfig(Map<String, Object> config) {
        RandomContrast layer = new RandomContrast(config.get("factor"));
        if (config.get("value_range") instanceof List<?> range && range.size() == 2
                && range.get(0) instanceof Number low && range.get(1) instanceof Number high) {
            layer.valueRange(low.doubleValue(), high.doubleValue());
        } else if (config.get("value_range") != null) {
            require(false, "RandomContrast", "value_range must be a pair (low, high); received "
                    + config.get("value_range") + ".");
        }
        return withSeed(layer, config);
    }
}

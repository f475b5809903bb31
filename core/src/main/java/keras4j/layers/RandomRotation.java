package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RandomRotation}: while training, rotates each image about its center by an angle
 * drawn in [lower, upper] turns (a factor f is [-|f|, |f|]; 0.1 is up to 36 degrees either way;
 * positive is counter-clockwise), filling the corners by the fill mode; identity in
 * {@code predict} and {@code evaluate}.
 *
 * <pre>{@code
 * new RandomRotation(0.1);                                    // [-36, 36] degrees
 * new RandomRotation(-0.05, 0.1).fillMode("constant");        // [-18, 36] degrees, zeros outside
 * }</pre>
 */
public final class RandomRotation extends AffineAugmentation {
    private final double[] factor;

    /** @param factor the largest rotation either way, as a fraction of a full turn, in [-1, 1] */
    public RandomRotation(double factor) {
        this((Object) factor);
    }

    /**
     * @param lower the lowest rotation, in turns
     * @param upper the highest rotation, in turns
     */
    public RandomRotation(double lower, double upper) {
        this(new double[] {lower, upper});
    }

    private RandomRotation(Object factor) {
        this.factor = range("RandomRotation", "factor", factor, -1, 1, false);
    }

    @Override
    public RandomRotation name(String name) {
        setName(name);
        return this;
    }

    /** @return {lower, upper}, in turns */
    public double[] getFactor() {
        return factor.clone();
    }

    @Override
    public double[] factors() {
        return factor.clone();
    }

    @Override
    public String defaultName() {
        return "random_rotation";
    }

    @Override
    void addFactors(Map<String, Object> config) {
        config.put("factor", List.of(factor[0], factor[1]));   // as Keras's get_config: the pair
    }

    static RandomRotation fromConfig(Map<String, Object> config) {
        return withSettings(new RandomRotation(config.get("factor")), config);
    }
}

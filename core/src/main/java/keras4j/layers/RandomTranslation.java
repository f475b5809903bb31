package keras4j.layers;

import java.util.Map;

/**
 * Keras's {@code RandomTranslation}: while training, shifts each image by a fraction of its height
 * (positive: down) and of its width (positive: right), each drawn in its range (a factor f is
 * [-|f|, |f|]; a pair is (lower, upper), in [-1, 1]), filling the uncovered part by the fill mode;
 * identity in {@code predict} and {@code evaluate}.
 *
 * <pre>{@code
 * new RandomTranslation(0.1, 0.1);                                              // up to 10% each way
 * new RandomTranslation(new double[] {-0.2, 0.3}, new double[] {0, 0}).fillMode("constant");
 * }</pre>
 */
public final class RandomTranslation extends AffineAugmentation {
    private final Object heightFactor;
    private final Object widthFactor;
    private final double[] height;
    private final double[] width;

    /**
     * @param heightFactor the largest vertical shift either way, as a fraction of the height
     * @param widthFactor  the largest horizontal shift either way, as a fraction of the width
     */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this((Object) heightFactor, (Object) widthFactor);
    }

    /**
     * @param heightFactor (lower, upper) vertical shift, fractions of the height
     * @param widthFactor  (lower, upper) horizontal shift, fractions of the width
     */
    public RandomTranslation(double[] heightFactor, double[] widthFactor) {
        this((Object) heightFactor, (Object) widthFactor);
    }

    private RandomTranslation(Object heightFactor, Object widthFactor) {
        this.height = range("RandomTranslation", "height_factor", heightFactor, -1, 1, false);
        this.width = range("RandomTranslation", "width_factor", widthFactor, -1, 1, false);
        this.heightFactor = kerasForm(heightFactor);
        this.widthFactor = kerasForm(widthFactor);
    }

    @Override
    public RandomTranslation name(String name) {
        setName(name);
        return this;
    }

    /** @return {lower, upper} of the vertical shift, fractions of the height */
    public double[] getHeightFactor() {
        return height.clone();
    }

    /** @return {lower, upper} of the horizontal shift, fractions of the width */
    public double[] getWidthFactor() {
        return width.clone();
    }

    @Override
    public double[] factors() {
        return new double[] {height[0], height[1], width[0], width[1]};
    }

    @Override
    public String defaultName() {
        return "random_translation";
    }

    @Override
    void addFactors(Map<String, Object> config) {
        config.put("height_factor", heightFactor);
        config.put("width_factor", widthFactor);
    }

    static RandomTranslation fromConfig(Map<String, Object> config) {
        return withSettings(new RandomTranslation(config.get("height_factor"), config.get("width_factor")), config);
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Keras's {@code RandomZoom}: while training, zooms each image about its center by a factor drawn
 * per axis: {@code 1 + z} with z in the height's range and in the width's (a factor f is
 * [-|f|, |f|]; a pair is (lower, upper), in (-1, 1]; positive zooms out, negative zooms in); with no
 * width factor the width zooms as the height (the aspect ratio kept); the uncovered part is filled
 * by the fill mode; identity in {@code predict} and {@code evaluate}.
 *
 * <pre>{@code
 * new RandomZoom(0.1);                                   // 90% to 110%, aspect ratio kept
 * new RandomZoom(new double[] {-0.3, -0.2}, null);       // zooms in by 20% to 30%
 * }</pre>
 */
public final class RandomZoom extends AffineAugmentation {
    private final Object heightFactor;
    private final Object widthFactor;
    private final double[] height;
    private final double[] width;

    /** @param heightFactor the largest zoom either way, for both axes (the aspect ratio kept) */
    public RandomZoom(double heightFactor) {
        this((Object) heightFactor, null);
    }

    /**
     * @param heightFactor the largest vertical zoom either way
     * @param widthFactor  the largest horizontal zoom either way
     */
    public RandomZoom(double heightFactor, double widthFactor) {
        this((Object) heightFactor, (Object) widthFactor);
    }

    /**
     * @param heightFactor (lower, upper) of the vertical zoom
     * @param widthFactor  (lower, upper) of the horizontal zoom, or null to zoom as the height
     */
    public RandomZoom(double[] heightFactor, double[] widthFactor) {
        this((Object) heightFactor, (Object) widthFactor);
    }

    private RandomZoom(Object heightFactor, Object widthFactor) {
        this.height = range("RandomZoom", "height_factor", heightFactor, -1, 1, true);
        this.width = widthFactor == null ? null : range("RandomZoom", "width_factor", widthFactor, -1, 1, true);
        this.heightFactor = kerasForm(heightFactor);
        this.widthFactor = kerasForm(widthFactor);
    }

    @Override
    public RandomZoom name(String name) {
        setName(name);
        return this;
    }

    /** @return {lower, upper} of the vertical zoom */
    public double[] getHeightFactor() {
        return height.clone();
    }

    /** @return {lower, upper} of the horizontal zoom, or null when it follows the height's */
    public double[] getWidthFactor() {
        return width == null ? null : width.clone();
    }

    @Override
    public double[] factors() {
        return width == null ? height.clone() : new double[] {height[0], height[1], width[0], width[1]};
    }

    @Override
    public String defaultName() {
        return "random_zoom";
    }

    @Override
    void addFactors(Map<String, Object> config) {
        config.put("height_factor", heightFactor);
        config.put("width_factor", widthFactor);
    }

    static RandomZoom fromConfig(Map<String, Object> config) {
        return withSettings(new RandomZoom(config.get("height_factor"), config.get("width_factor")), config);
    }
}

package keras4j.layers;

import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * What {@link RandomRotation}, {@link RandomTranslation} and {@link RandomZoom} share: each
 * resamples the image through a drawn affine transformation, with Keras's {@code fill_mode} for
 * the points outside the input ("reflect", the default: {@code d c b a | a b c d | d c b a};
 * "wrap"; "nearest"; "constant", with {@code fill_value}) and {@code interpolation} ("bilinear",
 * the default, or "nearest").
 *
 * <pre>{@code
 * new RandomRotation(0.1).fillMode("constant").fillValue(0.0).interpolation("nearest");
 * }</pre>
 */
public abstract sealed class AffineAugmentation extends ImageAugmentation
        permits RandomRotation, RandomTranslation, RandomZoom {
    /** Keras's fill modes. */
    public static final List<String> FILL_MODES = List.of("reflect", "wrap", "constant", "nearest");
    /** Keras's interpolations. */
    public static final List<String> INTERPOLATIONS = List.of("nearest", "bilinear");

    private String fillMode = "reflect";
    private String interpolation = "bilinear";
    private double fillValue;

    AffineAugmentation() {
    }

    /** @param fillMode "reflect" (default), "wrap", "constant" or "nearest" @return this layer */
    public AffineAugmentation fillMode(String fillMode) {
        checkNotCompiled();
        if (!FILL_MODES.contains(fillMode)) {
            throw new Keras4jException(getClassName() + ": unknown fill_mode '" + fillMode + "'; expected one of "
                    + String.join(", ", FILL_MODES) + ".");
        }
        this.fillMode = fillMode;
        return this;
    }

    /** @param interpolation "bilinear" (default) or "nearest" @return this layer */
    public AffineAugmentation interpolation(String interpolation) {
        checkNotCompiled();
        if (!INTERPOLATIONS.contains(interpolation)) {
            throw new Keras4jException(getClassName() + ": unknown interpolation '" + interpolation + "'; expected "
                    + "one of " + String.join(", ", INTERPOLATIONS) + ".");
        }
        this.interpolation = interpolation;
        return this;
    }

    /** @param fillValue the value outside the input with fill mode "constant" (default 0) @return this layer */
    public AffineAugmentation fillValue(double fillValue) {
        checkNotCompiled();
        this.fillValue = fillValue;
        return this;
    }

    /** @return how points outside the input are filled */
    public String getFillMode() {
        return fillMode;
    }

    /** @return "bilinear" or "nearest" */
    public String getInterpolation() {
        return interpolation;
    }

    /** @return the value outside the input with fill mode "constant" */
    public double getFillValue() {
        return fillValue;
    }

    /**
     * @return the factors of keras4j's DL4J form: rotation {lower, upper}; translation and zoom
     *         {height lower, upper, width lower, upper} (zoom: the height's pair only when the width
     *         keeps the aspect ratio)
     */
    public abstract double[] factors();

    @Override
    void addOwnConfig(Map<String, Object> config) {
        addFactors(config);
        config.put("fill_mode", fillMode);
        config.put("fill_value", fillValue);
        config.put("interpolation", interpolation);
    }

    /** @param config receives the layer's factors, with Keras's keys */
    abstract void addFactors(Map<String, Object> config);

    /** @return {@code layer} with the fill mode, fill value, interpolation and seed of a config */
    static <L extends AffineAugmentation> L withSettings(L layer, Map<String, Object> config) {
        if (config.get("fill_mode") != null) {
            layer.fillMode(String.valueOf(config.get("fill_mode")));
        }
        if (config.get("interpolation") != null) {
            layer.interpolation(String.valueOf(config.get("interpolation")));
        }
        layer.fillValue(number(layer.getClassName(), config, "fill_value", 0));
        return withSeed(layer, config);
    }
}

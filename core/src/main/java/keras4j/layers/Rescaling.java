package keras4j.layers;

import java.util.Map;

/**
 * Keras's rescaling layer: {@code x * scale + offset}, element-wise, in training and at inference
 * alike, so a model can take raw pixels. It has no weights; gradients pass through it (times
 * {@code scale}).
 *
 * <pre>{@code
 * new Rescaling(1.0 / 255);            // [0, 255] to [0, 1]
 * new Rescaling(1.0 / 127.5, -1);      // [0, 255] to [-1, 1]
 * }</pre>
 */
public final class Rescaling extends Layer {
    private final double scale;
    private final double offset;

    /** @param scale the factor each value is multiplied by (offset 0) */
    public Rescaling(double scale) {
        this(scale, 0);
    }

    /** @param scale the factor each value is multiplied by @param offset added after scaling */
    public Rescaling(double scale, double offset) {
        require(Double.isFinite(scale) && Double.isFinite(offset), "Rescaling", "scale and offset must be finite "
                + "numbers; received scale=" + scale + ", offset=" + offset + ".");
        this.scale = scale;
        this.offset = offset;
    }

    @Override
    public Rescaling name(String name) {
        setName(name);
        return this;
    }

    /** @return the factor */
    public double getScale() {
        return scale;
    }

    /** @return the offset */
    public double getOffset() {
        return offset;
    }

    @Override
    public String defaultName() {
        return "rescaling";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("scale", scale);
        config.put("offset", offset);
    }

    static Rescaling fromConfig(Map<String, Object> config) {
        for (String key : new String[] {"scale", "offset"}) {
            Object value = config.get(key);
            require(value == null || value instanceof Number, "Rescaling", "keras4j's Rescaling takes a number as "
                    + key + " (one for every channel); received " + key + "=" + value + ".");
        }
        return new Rescaling(number("Rescaling", config, "scale", 1), number("Rescaling", config, "offset", 0));
    }
}

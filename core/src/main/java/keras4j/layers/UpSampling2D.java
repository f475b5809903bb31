package keras4j.layers;

import java.util.Map;

/**
 * Upsamples an image by {@code size}: (height, width, channels) becomes (height * size[0], width *
 * size[1], channels). Keras's default interpolation "nearest" repeats each row and column;
 * "bilinear" interpolates between the nearest two, as TensorFlow's {@code tf.image.resize} (half-pixel
 * centers).
 *
 * <pre>{@code
 * new UpSampling2D();          // 2x2
 * new UpSampling2D(3, 2);      // rows 3 times, columns twice
 * new UpSampling2D(2).interpolation("bilinear");
 * }</pre>
 */
public final class UpSampling2D extends Layer {
    private final int[] size;
    private String interpolation = "nearest";

    /** Keras's default: size 2x2. */
    public UpSampling2D() {
        this(2);
    }

    /** @param size one factor or {rows, columns} */
    public UpSampling2D(int... size) {
        this.size = Window.pair("UpSampling2D", "size", size);
    }

    @Override
    public UpSampling2D name(String name) {
        setName(name);
        return this;
    }

    /** @param interpolation "nearest" (default) or "bilinear" @return this layer */
    public UpSampling2D interpolation(String interpolation) {
        checkNotCompiled();
        String key = keras4j.internal.Names.normalize(interpolation);
        if (!key.equals("nearest") && !key.equals("bilinear")) {
            throw keras4j.internal.Names.unknown("interpolation", interpolation, java.util.List.of("nearest",
                    "bilinear"), "UpSampling2D");
        }
        this.interpolation = key;
        return this;
    }

    /** @return "nearest" or "bilinear" */
    public String getInterpolation() {
        return interpolation;
    }

    /** @return {rows, columns} factors */
    public int[] getSize() {
        return size.clone();
    }

    @Override
    public String defaultName() {
        return "up_sampling2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 3);
        return new int[] {inputShape[0] * size[0], inputShape[1] * size[1], inputShape[2]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("size", list(size));
        config.put("interpolation", interpolation);
    }

    static UpSampling2D fromConfig(Map<String, Object> config) {
        Object interpolation = config.getOrDefault("interpolation", "nearest");
        require("nearest".equals(interpolation) || "bilinear".equals(interpolation), "UpSampling2D", "keras4j has "
                + "interpolation 'nearest' and 'bilinear'; received interpolation=" + interpolation + ".");
        Object size = config.getOrDefault("size", 2);
        return new UpSampling2D(size instanceof Number n ? new int[] {n.intValue()} : ints(size))
                .interpolation((String) interpolation);
    }
}

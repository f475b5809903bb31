package keras4j.layers;

import java.util.Map;

/**
 * Repeats each row and column of an image {@code size} times (Keras's "nearest" interpolation):
 * (height, width, channels) becomes (height * size[0], width * size[1], channels).
 *
 * <pre>{@code
 * new UpSampling2D();          // 2x2
 * new UpSampling2D(3, 2);      // rows 3 times, columns twice
 * }</pre>
 */
public final class UpSampling2D extends Layer {
    private final int[] size;

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
        config.put("interpolation", "nearest");
    }

    static UpSampling2D fromConfig(Map<String, Object> config) {
        Object interpolation = config.getOrDefault("interpolation", "nearest");
        require("nearest".equals(interpolation), "UpSampling2D", "keras4j has interpolation='nearest' only; received "
                + "interpolation=" + interpolation + ".");
        Object size = config.getOrDefault("size", 2);
        return new UpSampling2D(size instanceof Number n ? new int[] {n.intValue()} : ints(size));
    }
}

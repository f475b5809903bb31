package keras4j.layers;

import java.util.Map;

/**
 * What {@link MaxPooling2D} and {@link AveragePooling2D} share: a window (Keras's default 2x2),
 * strides (default: the window), and padding ("valid" or "same").
 *
 * <pre>{@code
 * Pooling2D pool = new MaxPooling2D(2);
 * int[] window = pool.getPoolSize();   // {2, 2}
 * }</pre>
 */
public abstract sealed class Pooling2D extends Layer permits MaxPooling2D, AveragePooling2D {
    private int[] poolSize;
    private int[] strides;
    private String padding = "valid";

    Pooling2D(String layerClass, int... poolSize) {
        this.poolSize = Window.pair(layerClass, "pool_size", poolSize);
        this.strides = this.poolSize.clone();
    }

    /** @param strides one stride or {height, width} (default: the pool size) @return this layer */
    public Pooling2D strides(int... strides) {
        checkNotCompiled();
        this.strides = Window.pair(getClassName(), "strides", strides);
        return this;
    }

    /** @param padding "valid" (default) or "same" @return this layer */
    public Pooling2D padding(String padding) {
        checkNotCompiled();
        this.padding = Window.padding(getClassName(), padding);
        return this;
    }

    /** @return {height, width} of the window */
    public int[] getPoolSize() {
        return poolSize.clone();
    }

    /** @return {height, width} strides */
    public int[] getStrides() {
        return strides.clone();
    }

    /** @return "valid" or "same" */
    public String getPadding() {
        return padding;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] hw = Window.spatialOutput(this, inputShape, poolSize, strides, padding, "pool_size");
        return new int[] {hw[0], hw[1], inputShape[2]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("pool_size", list(poolSize));
        config.put("strides", list(strides));
        config.put("padding", padding);
    }

    static <T extends Pooling2D> T withConfig(T layer, Map<String, Object> config) {
        layer.strides(ints(config.get("strides")));
        layer.padding((String) config.get("padding"));
        return layer;
    }
}

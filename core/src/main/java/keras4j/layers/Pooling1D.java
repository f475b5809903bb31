package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * What {@link MaxPooling1D} and {@link AveragePooling1D} share over sequences (steps, channels): a
 * window (Keras's default 2), strides (default: the window), and padding ("valid" or "same").
 *
 * <pre>{@code
 * Pooling1D pool = new MaxPooling1D(3).strides(1);
 * int window = pool.getPoolSize();   // 3
 * }</pre>
 */
public abstract sealed class Pooling1D extends Layer permits MaxPooling1D, AveragePooling1D {
    private final int poolSize;
    private int strides;
    private String padding = "valid";

    Pooling1D(String layerClass, int poolSize) {
        require(poolSize > 0, layerClass, "pool_size must be a positive integer; received pool_size=" + poolSize
                + ".");
        this.poolSize = poolSize;
        this.strides = poolSize;
    }

    /** @param strides the window's step (default: the pool size) @return this layer */
    public Pooling1D strides(int strides) {
        checkNotCompiled();
        require(strides > 0, getClassName(), "strides must be a positive integer; received strides=" + strides + ".");
        this.strides = strides;
        return this;
    }

    /** @param padding "valid" (default) or "same" @return this layer */
    public Pooling1D padding(String padding) {
        checkNotCompiled();
        this.padding = Window.padding1d(getClassName(), padding, false);
        return this;
    }

    /** @return the window's length */
    public int getPoolSize() {
        return poolSize;
    }

    /** @return the window's step */
    public int getStrides() {
        return strides;
    }

    /** @return "valid" or "same" */
    public String getPadding() {
        return padding;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int steps = Window.sequenceOutput(this, inputShape, poolSize, strides, padding, "pool_size " + poolSize);
        return new int[] {steps, inputShape[1]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("pool_size", List.of(poolSize));
        config.put("strides", List.of(strides));
        config.put("padding", padding);
    }

    static int poolSize(String layerClass, Map<String, Object> config) {
        return Window.single(layerClass, "pool_size", config.getOrDefault("pool_size", 2));
    }

    static <T extends Pooling1D> T withConfig(T layer, Map<String, Object> config) {
        Object strides = config.get("strides");
        if (strides != null) {
            layer.strides(Window.single(layer.getClassName(), "strides", strides));
        }
        layer.padding((String) config.getOrDefault("padding", "valid"));
        return layer;
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Repeats each step of a sequence {@code size} times: (steps, channels) becomes (steps * size, channels).
 *
 * <pre>{@code
 * new UpSampling1D();     // each step twice
 * new UpSampling1D(3);
 * }</pre>
 */
public final class UpSampling1D extends Layer {
    private final int size;

    /** Keras's default: size 2. */
    public UpSampling1D() {
        this(2);
    }

    /** @param size how many times each step is repeated */
    public UpSampling1D(int size) {
        require(size > 0, "UpSampling1D", "size must be a positive integer; received size=" + size + ".");
        this.size = size;
    }

    @Override
    public UpSampling1D name(String name) {
        setName(name);
        return this;
    }

    /** @return how many times each step is repeated */
    public int getSize() {
        return size;
    }

    @Override
    public String defaultName() {
        return "up_sampling1d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 2);
        return new int[] {inputShape[0] * size, inputShape[1]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("size", size);
    }

    static UpSampling1D fromConfig(Map<String, Object> config) {
        return new UpSampling1D(Window.single("UpSampling1D", "size", config.getOrDefault("size", 2)));
    }
}

package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Adds zero steps at the start and end of a sequence: {@code padding} is one integer or (start, end),
 * as in Keras (default 1).
 *
 * <pre>{@code
 * new ZeroPadding1D(2);
 * new ZeroPadding1D(1, 3);   // 1 at the start, 3 at the end
 * }</pre>
 */
public final class ZeroPadding1D extends Layer {
    private final int[] ends;

    /** Keras's default, 1 at each end. */
    public ZeroPadding1D() {
        this(1);
    }

    /** @param padding the same at both ends */
    public ZeroPadding1D(int padding) {
        this(padding, padding);
    }

    /** @param start at the start @param end at the end */
    public ZeroPadding1D(int start, int end) {
        this.ends = Window.ends("ZeroPadding1D", "padding", List.of(start, end));
    }

    @Override
    public ZeroPadding1D name(String name) {
        setName(name);
        return this;
    }

    /** @return {start, end} */
    public int[] getPadding() {
        return ends.clone();
    }

    @Override
    public String defaultName() {
        return "zero_padding1d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 2);
        int steps = inputShape[0] + ends[0] + ends[1];
        if (steps <= 0) {
            throw incompatible(inputShape, "a sequence longer than the cropping " + java.util.Arrays.toString(ends)
                    + " (start, end)", "Crop less.");
        }
        return new int[] {steps, inputShape[1]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("padding", List.of(ends[0], ends[1]));
    }

    static ZeroPadding1D fromConfig(Map<String, Object> config) {
        int[] ends = Window.ends("ZeroPadding1D", "padding", config.getOrDefault("padding", 1));
        return new ZeroPadding1D(ends[0], ends[1]);
    }
}

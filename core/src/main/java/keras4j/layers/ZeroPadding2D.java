package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Adds rows and columns of zeros around an image: {@code padding} is one integer, (height, width), or
 * ((top, bottom), (left, right)), as in Keras (default 1).
 *
 * <pre>{@code
 * new ZeroPadding2D(1);
 * new ZeroPadding2D(new int[] {1, 2, 0, 3});   // top, bottom, left, right
 * }</pre>
 */
public final class ZeroPadding2D extends Layer {
    private final int[] sides;

    /** Keras's default, 1 on every side. */
    public ZeroPadding2D() {
        this(1);
    }

    /** @param padding the same on every side */
    public ZeroPadding2D(int padding) {
        this(new int[] {padding, padding, padding, padding});
    }

    /** @param padding {height, width} (both sides of each axis) or {top, bottom, left, right} */
    public ZeroPadding2D(int[] padding) {
        this.sides = Window.sides("ZeroPadding2D", "padding", padding);
    }

    @Override
    public ZeroPadding2D name(String name) {
        setName(name);
        return this;
    }

    /** @return {top, bottom, left, right} */
    public int[] getPadding() {
        return sides.clone();
    }

    @Override
    public String defaultName() {
        return "zero_padding2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 3);
        int[] out = {inputShape[0] + sides[0] + sides[1], inputShape[1] + sides[2] + sides[3], inputShape[2]};
        if (out[0] <= 0 || out[1] <= 0) {
            throw incompatible(inputShape, "an image larger than the cropping " + java.util.Arrays.toString(sides)
                    + " (top, bottom, left, right)", "Crop less.");
        }
        return out;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("padding", List.of(List.of(sides[0], sides[1]), List.of(sides[2], sides[3])));
    }

    static ZeroPadding2D fromConfig(Map<String, Object> config) {
        int[] sides = Window.sides("ZeroPadding2D", "padding", config.getOrDefault("padding", 1));
        return new ZeroPadding2D(sides);
    }
}

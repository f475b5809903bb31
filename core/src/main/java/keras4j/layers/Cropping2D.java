package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Removes rows and columns at the edges of an image: {@code cropping} is one integer, (height, width), or
 * ((top, bottom), (left, right)), as in Keras (default 0).
 *
 * <pre>{@code
 * new Cropping2D(1);
 * new Cropping2D(new int[] {1, 2, 0, 3});   // top, bottom, left, right
 * }</pre>
 */
public final class Cropping2D extends Layer {
    private final int[] sides;

    /** Keras's default, 0 on every side. */
    public Cropping2D() {
        this(0);
    }

    /** @param cropping the same on every side */
    public Cropping2D(int cropping) {
        this(new int[] {cropping, cropping, cropping, cropping});
    }

    /** @param cropping {height, width} (both sides of each axis) or {top, bottom, left, right} */
    public Cropping2D(int[] cropping) {
        this.sides = Window.sides("Cropping2D", "cropping", cropping);
    }

    @Override
    public Cropping2D name(String name) {
        setName(name);
        return this;
    }

    /** @return {top, bottom, left, right} */
    public int[] getCropping() {
        return sides.clone();
    }

    @Override
    public String defaultName() {
        return "cropping2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 3);
        int[] out = {inputShape[0] - sides[0] - sides[1], inputShape[1] - sides[2] - sides[3], inputShape[2]};
        if (out[0] <= 0 || out[1] <= 0) {
            throw incompatible(inputShape, "an image larger than the cropping " + java.util.Arrays.toString(sides)
                    + " (top, bottom, left, right)", "Crop less.");
        }
        return out;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("cropping", List.of(List.of(sides[0], sides[1]), List.of(sides[2], sides[3])));
    }

    static Cropping2D fromConfig(Map<String, Object> config) {
        int[] sides = Window.sides("Cropping2D", "cropping", config.getOrDefault("cropping", 0));
        return new Cropping2D(sides);
    }
}

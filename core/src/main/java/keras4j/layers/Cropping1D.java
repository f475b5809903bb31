package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Removes steps at the start and end of a sequence: {@code cropping} is one integer or (start, end),
 * as in Keras (default 1).
 *
 * <pre>{@code
 * new Cropping1D(2);
 * new Cropping1D(1, 3);   // 1 at the start, 3 at the end
 * }</pre>
 */
public final class Cropping1D extends Layer {
    private final int[] ends;

    /** Keras's default, 1 at each end. */
    public Cropping1D() {
        this(1);
    }

    /** @param cropping the same at both ends */
    public Cropping1D(int cropping) {
        this(cropping, cropping);
    }

    /** @param start at the start @param end at the end */
    public Cropping1D(int start, int end) {
        this.ends = Window.ends("Cropping1D", "cropping", List.of(start, end));
    }

    @Override
    public Cropping1D name(String name) {
        setName(name);
        return this;
    }

    /** @return {start, end} */
    public int[] getCropping() {
        return ends.clone();
    }

    @Override
    public String defaultName() {
        return "cropping1d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 2);
        int steps = inputShape[0] - ends[0] - ends[1];
        if (steps <= 0) {
            throw incompatible(inputShape, "a sequence longer than the cropping " + java.util.Arrays.toString(ends)
                    + " (start, end)", "Crop less.");
        }
        return new int[] {steps, inputShape[1]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("cropping", List.of(ends[0], ends[1]));
    }

    static Cropping1D fromConfig(Map<String, Object> config) {
        int[] ends = Window.ends("Cropping1D", "cropping", config.getOrDefault("cropping", 1));
        return new Cropping1D(ends[0], ends[1]);
    }
}

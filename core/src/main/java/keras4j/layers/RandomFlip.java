package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RandomFlip}: while training, mirrors each image with probability 1/2:
 * left-right ("horizontal"), top-bottom ("vertical"), or, with "horizontal_and_vertical" (the
 * default), both ways at once (as Keras, which draws once per image for both); identity in
 * {@code predict} and {@code evaluate}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(32, 32, 3), new RandomFlip("horizontal"),
 *         new Conv2D(16, 3, "relu"), new Flatten(), new Dense(10, "softmax"));
 * }</pre>
 */
public final class RandomFlip extends ImageAugmentation {
    /** Keras's modes. */
    public static final List<String> MODES = List.of("horizontal", "vertical", "horizontal_and_vertical");

    private final String mode;

    /** Flips both ways ("horizontal_and_vertical"), as Keras's default. */
    public RandomFlip() {
        this("horizontal_and_vertical");
    }

    /** @param mode "horizontal", "vertical" or "horizontal_and_vertical" */
    public RandomFlip(String mode) {
        require(MODES.contains(mode), "RandomFlip", "mode must be one of " + String.join(", ", MODES)
                + "; received mode=" + mode + ".");
        this.mode = mode;
    }

    @Override
    public RandomFlip name(String name) {
        setName(name);
        return this;
    }

    /** @return "horizontal", "vertical" or "horizontal_and_vertical" */
    public String getMode() {
        return mode;
    }

    /** @return whether images are mirrored left-right */
    public boolean isHorizontal() {
        return !mode.equals("vertical");
    }

    /** @return whether images are mirrored top-bottom */
    public boolean isVertical() {
        return !mode.equals("horizontal");
    }

    @Override
    public String defaultName() {
        return "random_flip";
    }

    @Override
    void addOwnConfig(Map<String, Object> config) {
        config.put("mode", mode);
    }

    static RandomFlip fromConfig(Map<String, Object> config) {
        Object mode = config.get("mode");
        return withSeed(new RandomFlip(mode == null ? "horizontal_and_vertical" : String.valueOf(mode)), config);
    }
}

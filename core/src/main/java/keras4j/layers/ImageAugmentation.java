package keras4j.layers;

import java.util.List;

/**
 * What Keras's image augmentation layers share ({@link RandomFlip}, {@link RandomRotation},
 * {@link RandomTranslation}, {@link RandomZoom}, {@link RandomContrast}): they take channels-last
 * images (height, width, channels), draw a transformation per image while training ({@code fit}),
 * and pass their input through in {@code predict} and {@code evaluate}. They usually come right
 * after the Input.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(32, 32, 3), new RandomFlip("horizontal"),
 *         new RandomRotation(0.1), new RandomZoom(0.1), new Conv2D(16, 3, "relu"), new Flatten(),
 *         new Dense(10, "softmax"));
 * }</pre>
 */
public abstract sealed class ImageAugmentation extends RandomLayer
        permits RandomFlip, RandomContrast, AffineAugmentation {

    ImageAugmentation() {
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw incompatible(inputShape, "images (height, width, channels), ndim=4 with the batch",
                    getClassName() + " augments channels-last images; put it after an image Input.");
        }
        return inputShape.clone();
    }

    /**
     * A factor in Keras's forms: a number f (the range [-|f|, |f|], or for the one-sided factors
     * [max(-|f|, min), |f|]) or a (lower, upper) pair, sorted.
     *
     * @param layerClass the layer, for messages
     * @param key        the argument's name
     * @param value      a Number, a double[2], or a List of two numbers
     * @param min        the lowest bound Keras takes
     * @param max        the highest bound Keras takes
     * @param openMin    whether {@code min} itself is refused (RandomZoom's -1)
     * @return {lower, upper}
     */
    static double[] range(String layerClass, String key, Object value, double min, double max, boolean openMin) {
        String bounds = (openMin ? "(" : "[") + fmt(min) + ", " + fmt(max) + "]";
        String message = key + " must be a number or a pair (lower, upper) of numbers in " + bounds + "; received "
                + key + "=" + show(value) + ".";
        double[] pair = null;
        if (value instanceof double[] d && d.length == 2) {
            pair = d.clone();
        } else if (value instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a
                && l.get(1) instanceof Number b) {
            pair = new double[] {a.doubleValue(), b.doubleValue()};
        }
        if (pair != null) {
            for (double v : pair) {
                require(!Double.isNaN(v) && v <= max && (openMin ? v > min : v >= min), layerClass, message);
            }
            return new double[] {Math.min(pair[0], pair[1]), Math.max(pair[0], pair[1])};
        }
        require(value instanceof Number, layerClass, message);
        double f = ((Number) value).doubleValue();
        require(!Double.isNaN(f) && f <= max && (openMin ? f > min : f >= min), layerClass, message);
        return new double[] {Math.max(-Math.abs(f), min), Math.abs(f)};
    }

    /** @return a factor as Keras's config holds it: the number, or the pair as a list */
    static Object kerasForm(Object value) {
        if (value instanceof double[] d) {
            return List.of(d[0], d[1]);
        }
        if (value instanceof List<?> l) {
            return List.of(((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue());
        }
        return value instanceof Number n ? n.doubleValue() : value;
    }

    private static String show(Object value) {
        return value instanceof double[] d ? java.util.Arrays.toString(d) : String.valueOf(value);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

}

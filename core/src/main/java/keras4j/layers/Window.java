package keras4j.layers;

import java.util.Arrays;

import keras4j.internal.Names;

/** The sliding-window arithmetic Conv2D and the pooling layers share (Keras's rules). */
final class Window {
    private Window() {
    }

    /** @return the padding's canonical name, "valid" or "same" */
    static String padding(String layerClass, String padding) {
        String key = Names.normalize(padding);
        if (!key.equals("valid") && !key.equals("same")) {
            throw Names.unknown("padding", padding, java.util.List.of("valid", "same"), layerClass);
        }
        return key;
    }

    /** @return a {height, width} pair, checked to be positive */
    static int[] pair(String layerClass, String argument, int... values) {
        int[] pair = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        Layer.require(pair.length == 2 && pair[0] > 0 && pair[1] > 0, layerClass,
                argument + " must be one positive integer or two (height, width); received "
                        + Arrays.toString(values) + ".");
        return pair;
    }

    /** @return the spatial output size along one axis */
    static int outputSize(int input, int window, int stride, String padding) {
        if (padding.equals("same")) {
            return (input + stride - 1) / stride;
        }
        return input < window ? 0 : (input - window) / stride + 1;
    }

    /** @return {height, width} after the window, or a Keras-style error when it would be empty */
    static int[] spatialOutput(Layer layer, int[] inputShape, int[] window, int[] strides, String padding,
                               String windowArgument) {
        if (inputShape.length != 3) {
            String fix = inputShape.length == 2
                    ? "Add the channel axis: new Input(" + inputShape[0] + ", " + inputShape[1] + ", 1), and give x "
                            + "the shape (n, " + inputShape[0] + ", " + inputShape[1] + ", 1)."
                    : "This layer takes images (height, width, channels); it can't follow a Flatten or Dense layer.";
            throw layer.incompatible(inputShape, "ndim=4, i.e. shape (None, height, width, channels)", fix);
        }
        int h = outputSize(inputShape[0], window[0], strides[0], padding);
        int w = outputSize(inputShape[1], window[1], strides[1], padding);
        if (h <= 0 || w <= 0) {
            throw layer.incompatible(inputShape, "an image of at least " + window[0] + "x" + window[1] + " for its "
                    + windowArgument + " " + Arrays.toString(window) + " with padding='valid'",
                    "Use padding='same', a smaller " + windowArgument + ", or fewer downsampling layers before it.");
        }
        return new int[] {h, w};
    }
    /**
     * @return a dilated kernel's span, {@code (kernel - 1) * rate + 1}
     * @throws Keras4jException when it is too large for any input (a hand-edited or damaged rate)
     */
    static int dilatedWindow(Layer layer, int kernel, int rate) {
        long span = (long) (kernel - 1) * rate + 1;
        if (span > Integer.MAX_VALUE / 4) {
            throw new keras4j.Keras4jException("Layer '" + (layer.getName() == null ? layer.defaultName()
                    : layer.getName()) + "' (" + layer.getClassName() + ") has kernel_size " + kernel + " with "
                    + "dilation_rate " + rate + ": a kernel spanning " + span + " steps fits no input. Use a smaller "
                    + "dilation_rate.");
        }
        return (int) span;
    }

    /** @return a 1-D layer's padding, "valid" or "same" (and "causal" where {@code causal} allows it) */
    static String padding1d(String layerClass, String padding, boolean causal) {
        String key = Names.normalize(padding);
        if (causal && key.equals("causal")) {
            return key;
        }
        if (!key.equals("valid") && !key.equals("same")) {
            throw Names.unknown("padding", padding, causal ? java.util.List.of("valid", "same", "causal")
                    : java.util.List.of("valid", "same"), layerClass);
        }
        return key;
    }

    /** @return a 1-D layer's argument: one positive integer, or a list of one as Keras writes it */
    static int single(String layerClass, String argument, Object value) {
        Object one = value instanceof java.util.List<?> list && list.size() == 1 ? list.get(0) : value;
        Layer.require(one instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() > 0, layerClass,
                argument + " must be one positive integer; received " + argument + "=" + value + ".");
        return ((Number) one).intValue();
    }

    /** @return the number of steps after a 1-D window, or a Keras-style error when none would be left */
    static int sequenceOutput(Layer layer, int[] inputShape, int window, int stride, String padding,
                              String windowArgument) {
        if (inputShape.length != 2) {
            throw layer.incompatible(inputShape, "ndim=3, i.e. shape (None, steps, channels)", inputShape.length == 1
                    ? "Add the channel axis: new Input(" + inputShape[0] + ", 1), and give x the shape (n, "
                            + inputShape[0] + ", 1)."
                    : "This layer takes sequences (steps, channels); images need the 2-D layer.");
        }
        int steps = outputSize(inputShape[0], window, stride, padding.equals("causal") ? "same" : padding);
        if (steps <= 0) {
            throw layer.incompatible(inputShape, "a sequence of at least " + window + " steps for its "
                    + windowArgument + " with padding='valid'",
                    "Use padding='same', a smaller window, or fewer downsampling layers before it.");
        }
        return steps;
    }
    /**
     * @return {top, bottom, left, right} of a ZeroPadding2D's or Cropping2D's argument, as Keras takes it: one
     *         integer, (height, width), or ((top, bottom), (left, right))
     */
    /** @return {@link #sides(String, String, Object)} of Java's forms: {height, width} or {top, bottom, left, right} */
    static int[] sides(String layerClass, String argument, int[] value) {
        return sides(layerClass, argument, value.length == 2 ? java.util.List.of(value[0], value[1])
                : value.length == 4 ? java.util.List.of(java.util.List.of(value[0], value[1]),
                        java.util.List.of(value[2], value[3])) : null);
    }

    static int[] sides(String layerClass, String argument, Object value) {
        int[] out;
        if (value instanceof Number n) {
            out = new int[] {n.intValue(), n.intValue(), n.intValue(), n.intValue()};
        } else if (value instanceof java.util.List<?> list && list.size() == 2 && list.get(0) instanceof Number
                && list.get(1) instanceof Number) {
            int h = ((Number) list.get(0)).intValue();
            int w = ((Number) list.get(1)).intValue();
            out = new int[] {h, h, w, w};
        } else if (value instanceof java.util.List<?> list && list.size() == 2 && list.get(0) instanceof java.util.List<?> a
                && list.get(1) instanceof java.util.List<?> b && a.size() == 2 && b.size() == 2) {
            out = new int[] {((Number) a.get(0)).intValue(), ((Number) a.get(1)).intValue(),
                ((Number) b.get(0)).intValue(), ((Number) b.get(1)).intValue()};
        } else {
            out = null;
        }
        Layer.require(out != null && Arrays.stream(out).allMatch(v -> v >= 0), layerClass, argument + " must be one "
                + "non-negative integer, (height, width) or ((top, bottom), (left, right)); received " + argument + "="
                + value + ".");
        return out;
    }

    /** @return {start, end} of a ZeroPadding1D's or Cropping1D's argument: one integer or (start, end) */
    static int[] ends(String layerClass, String argument, Object value) {
        int[] out = value instanceof Number n ? new int[] {n.intValue(), n.intValue()}
                : value instanceof java.util.List<?> list && list.size() == 2 && list.get(0) instanceof Number a
                        && list.get(1) instanceof Number b ? new int[] {a.intValue(), b.intValue()} : null;
        Layer.require(out != null && out[0] >= 0 && out[1] >= 0, layerClass, argument + " must be one non-negative "
                + "integer or (start, end); received " + argument + "=" + value + ".");
        return out;
    }

    /** Refuses an input of the wrong rank for a 2-D (rank 3) or 1-D (rank 2) layer, Keras's way. */
    static void rank(Layer layer, int[] inputShape, int rank) {
        if (inputShape.length != rank) {
            throw layer.incompatible(inputShape, rank == 3 ? "ndim=4, i.e. shape (None, height, width, channels)"
                    : "ndim=3, i.e. shape (None, steps, channels)", rank == 3 ? "This layer takes images."
                    : "This layer takes sequences.");
        }
    }
}

package keras4j.layers;

import java.util.Arrays;
import java.util.Map;

import keras4j.internal.Shapes;

/**
 * Gives each sample a new shape holding the same values in the same (row-major, channels-last)
 * order, as Keras's {@code Reshape}: one dimension of {@code targetShape} may be -1, inferred from
 * the others.
 *
 * <pre>{@code
 * Sequential.of(new Input(12), new Reshape(2, 2, 3), new Conv2D(4, 2));   // vectors into images
 * new Reshape(-1, 5);   // (4, 5, 2) becomes (8, 5)
 * }</pre>
 */
public final class Reshape extends Layer {
    private final int[] targetShape;

    /** @param targetShape the sample's new shape (no batch axis); at most one -1 */
    public Reshape(int... targetShape) {
        require(targetShape != null && targetShape.length > 0, "Reshape", "target_shape must name at least one "
                + "dimension, e.g. new Reshape(4, 5).");
        long unknown = Arrays.stream(targetShape).filter(d -> d == -1).count();
        require(unknown <= 1 && Arrays.stream(targetShape).allMatch(d -> d == -1 || d > 0), "Reshape",
                "target_shape can contain at most one dimension of -1 and otherwise positive sizes. Received: "
                        + "target_shape=" + Arrays.toString(targetShape) + ".");
        this.targetShape = targetShape.clone();
    }

    @Override
    public Reshape name(String name) {
        setName(name);
        return this;
    }

    /** @return the target shape as given (-1 not resolved) */
    public int[] getTargetShape() {
        return targetShape.clone();
    }

    @Override
    public String defaultName() {
        return "reshape";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        long size = Shapes.size(inputShape);
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) {
                unknown = i;
            } else {
                known *= targetShape[i];
            }
        }
        if (unknown < 0 ? known != size : size % known != 0) {
            throw incompatible(inputShape, "an input of " + (unknown < 0 ? known + " values" : "a multiple of "
                            + known + " values") + " per sample (target_shape=" + Arrays.toString(targetShape) + ")",
                    "The total size of the tensor must be unchanged: " + size + " values per sample here.");
        }
        int[] out = targetShape.clone();
        if (unknown >= 0) {
            out[unknown] = Math.toIntExact(size / known);
        }
        return out;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("target_shape", list(targetShape));
    }

    static Reshape fromConfig(Map<String, Object> config) {
        Object shape = config.get("target_shape");
        require(shape instanceof java.util.List<?> || shape instanceof int[], "Reshape", "target_shape must be a list "
                + "of sizes; received target_shape=" + shape + ".");
        return new Reshape(ints(shape));
    }
}

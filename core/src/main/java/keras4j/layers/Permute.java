package keras4j.layers;

import java.util.Arrays;
import java.util.Map;

/**
 * Reorders the axes of each sample, as Keras's {@code Permute}: {@code dims} lists the input's axes
 * in their new order, counting from 1 (the batch axis stays first).
 *
 * <pre>{@code
 * new Permute(2, 1);      // (4, 5) becomes (5, 4)
 * new Permute(3, 1, 2);   // an image (h, w, c) becomes (c, h, w)
 * }</pre>
 */
public final class Permute extends Layer {
    private final int[] dims;

    /** @param dims a permutation of 1 .. rank of the sample */
    public Permute(int... dims) {
        int[] sorted = dims == null ? new int[0] : dims.clone();
        Arrays.sort(sorted);
        boolean consecutive = sorted.length > 0;
        for (int i = 0; i < sorted.length; i++) {
            consecutive &= sorted[i] == i + 1;
        }
        require(consecutive, "Permute", "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                + "`dims` must be consecutive and start from 1. Received dims=" + Arrays.toString(dims) + ".");
        this.dims = dims.clone();
    }

    @Override
    public Permute name(String name) {
        setName(name);
        return this;
    }

    /** @return the permutation, from 1 */
    public int[] getDims() {
        return dims.clone();
    }

    @Override
    public String defaultName() {
        return "permute";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != dims.length) {
            throw incompatible(inputShape, "ndim=" + (dims.length + 1) + " (dims=" + Arrays.toString(dims) + ")",
                    "Give dims one entry per axis of the sample.");
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = inputShape[dims[i] - 1];
        }
        return out;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("dims", list(dims));
    }

    static Permute fromConfig(Map<String, Object> config) {
        Object dims = config.get("dims");
        require(dims instanceof java.util.List<?> || dims instanceof int[], "Permute", "dims must be a list of axes; "
                + "received dims=" + dims + ".");
        return new Permute(ints(dims));
    }
}

package keras4j.layers;

import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Joins its inputs along one axis, Keras's {@code Concatenate(axis=-1)}: vectors end to end, or
 * images along their channels. Every other dimension must be equal.
 *
 * <pre>{@code
 * KerasTensor left = new Dense(8).apply(Input.tensor(4));
 * KerasTensor right = new Dense(3).apply(Input.tensor(2));
 * KerasTensor both = new Concatenate().apply(left, right);   // shape (None, 11)
 * }</pre>
 *
 * <p>keras4j joins vectors, and images (height, width, channels) along the channels (axis -1 or
 * 3); other axes of images are refused.
 */
public final class Concatenate extends Merge {
    private final int axis;

    /** Joins along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /** @param axis the axis, counted with the batch axis as 0 (as Keras); -1 for the last */
    public Concatenate(int axis) {
        require(axis != 0, "Concatenate", "axis 0 is the batch axis; join along a sample axis (-1 for the last).");
        this.axis = axis;
    }

    /** @return the axis given */
    public int getAxis() {
        return axis;
    }

    @Override
    public Concatenate name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "concatenate";
    }

    @Override
    int[] merged(List<int[]> shapes, java.util.function.IntFunction<String> describe, String self) {
        int rank = shapes.get(0).length;
        int at = axis < 0 ? rank + axis : axis - 1;   // the sample axis, without the batch axis
        if (at < 0 || at >= rank) {
            throw new Keras4jException(self + " has axis " + axis + ", but its inputs have " + (rank + 1) + " axes "
                    + "(batch included), e.g. " + describe.apply(0) + ".");
        }
        // A sample of rank 2 or 4+ reaches DL4J as one flat vector, where only whole samples join.
        if (rank != 1 && rank != 3 || rank == 3 && at != 2) {
            throw new Keras4jException(self + " joins " + (rank == 3 ? "images along their channels (axis -1) only"
                    : "vectors (rank 1) and images (rank 3) only") + "; received axis " + axis + " for input "
                    + describe.apply(0) + ". Flatten the inputs first, or join along the last axis.");
        }
        int[] out = shapes.get(0).clone();
        for (int i = 1; i < shapes.size(); i++) {
            int[] shape = shapes.get(i);
            boolean fits = shape.length == rank;
            for (int d = 0; fits && d < rank; d++) {
                fits = d == at || shape[d] == out[d];
            }
            if (!fits) {
                throw new Keras4jException(self + " requires inputs with matching shapes except for the concatenation "
                        + "axis " + axis + ". Received: input 0 " + describe.apply(0) + ", input " + i + " "
                        + describe.apply(i) + ".");
            }
            out[at] += shape[at];
        }
        return out;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("axis", axis);
    }
}

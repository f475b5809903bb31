package keras4j.layers;

import java.util.List;
import java.util.Map;

/**
 * Keras's softmax layer: {@code exp(x) / sum(exp(x))} along one axis of the input, by default the
 * last. As in Keras, {@code axis} counts the batch axis: for samples of shape (4, 5), axis 1 (or
 * -2) normalizes each column of 4 values, axis 2 (or -1) each row of 5.
 *
 * <pre>{@code
 * new Softmax();     // over the last axis
 * new Softmax(1);    // over the first axis of each sample
 * }</pre>
 */
public final class Softmax extends Layer {
    private final int axis;

    /** Creates the layer over the last axis (Keras's {@code axis=-1}). */
    public Softmax() {
        this(-1);
    }

    /** @param axis the axis normalized, counting the batch axis as 0; negative counts from the end */
    public Softmax(int axis) {
        require(axis != 0, "Softmax", "axis=0 is the batch axis; keras4j's Softmax normalizes within each sample. "
                + "Use axis=-1 (the last axis) or another axis of the sample, from 1.");
        this.axis = axis;
    }

    @Override
    public Softmax name(String name) {
        setName(name);
        return this;
    }

    /** @return the axis as given (negative counts from the end) */
    public int getAxis() {
        return axis;
    }

    /**
     * @param inputShape the sample shape (no batch axis)
     * @return the axis normalized, in the sample's own axes (0 = the first after the batch)
     */
    public int sampleAxis(int[] inputShape) {
        int a = axis < 0 ? axis + inputShape.length + 1 : axis;
        if (a < 1 || a > inputShape.length) {
            throw incompatible(inputShape, "an input with axis " + axis + " (axis counts the batch axis as 0)",
                    "Use an axis in [1, " + inputShape.length + "] or [-" + inputShape.length + ", -1].");
        }
        return a - 1;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        sampleAxis(inputShape);
        return inputShape.clone();
    }

    @Override
    public String defaultName() {
        return "softmax";
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("axis", axis);
    }

    static Softmax fromConfig(Map<String, Object> config) {
        Object axis = config.getOrDefault("axis", -1);
        if (axis instanceof List<?> list) {
            require(list.size() == 1 && list.get(0) instanceof Number, "Softmax", "keras4j's Softmax normalizes over "
                    + "one axis; received axis=" + list + ".");
            axis = list.get(0);
        }
        require(axis instanceof Number, "Softmax", "axis must be an integer; received axis=" + axis + ".");
        return new Softmax(((Number) axis).intValue());
    }
}

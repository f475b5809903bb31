package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code relu(x, negative_slope, max_value, threshold)}: {@code min(x, maxValue)} for
 * {@code x > threshold}, else {@code negativeSlope * (x - threshold)}, with its derivative (1 below
 * the maximum and 0 above it for {@code x > threshold}, else {@code negativeSlope}). DL4J's
 * functions cover only some of these combinations (its ReLU, ReLU6 and leaky ReLU, which keras4j
 * uses where they apply). keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * IActivation relu = new KerasReLU(10.0, 0.5, 1.0);
 * }</pre>
 */
public final class KerasReLU extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The largest output, or null for none; JSON fields of the saved network. */
    private Double maxValue;
    private double negativeSlope;
    private double threshold;

    /** For DL4J's JSON mapper. */
    public KerasReLU() {
    }

    /**
     * @param maxValue      the largest output, or null
     * @param negativeSlope the slope at and below the threshold
     * @param threshold     the input above which the output is the input
     */
    public KerasReLU(Double maxValue, double negativeSlope, double threshold) {
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    /** @return the largest output, or null */
    public Double getMaxValue() {
        return maxValue;
    }

    /** @return the slope at and below the threshold */
    public double getNegativeSlope() {
        return negativeSlope;
    }

    /** @return the threshold */
    public double getThreshold() {
        return threshold;
    }

    /** @param in the pre-activation, overwritten @return {@code in}, holding relu(in) */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray above = in.gt(threshold).castTo(in.dataType());
        INDArray below = in.sub(threshold).muli(negativeSlope);
        INDArray kept = maxValue == null ? in.dup() : Transforms.min(in, maxValue, true);
        // below + above * (kept - below)
        return in.assign(kept.subi(below).muli(above).addi(below));
    }

    /**
     * @param in      the pre-activation, overwritten
     * @param epsilon dL/d(relu(in))
     * @return dL/d(in), in {@code in}; no parameter gradients
     */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray above = in.gt(threshold).castTo(in.dataType());
        INDArray slope = maxValue == null ? Nd4j.onesLike(in) : in.lt(maxValue).castTo(in.dataType());
        // negativeSlope + above * (slope - negativeSlope)
        INDArray derivative = slope.subi(negativeSlope).muli(above).addi(negativeSlope);
        return new Pair<>(in.assign(derivative.muli(epsilon)), null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KerasReLU r && java.util.Objects.equals(r.maxValue, maxValue)
                && r.negativeSlope == negativeSlope && r.threshold == threshold;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(maxValue, negativeSlope, threshold);
    }

    @Override
    public String toString() {
        return "relu(max_value=" + maxValue + ", negative_slope=" + negativeSlope + ", threshold=" + threshold + ")";
    }
}

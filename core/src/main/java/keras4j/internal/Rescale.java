package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Rescaling(scale, offset)} as DL4J's activation function: {@code x * scale +
 * offset}, whose gradient is {@code scale}. keras4j writes this class's name into saved model
 * files: it keeps it.
 *
 * <pre>{@code
 * IActivation pixels = new Rescale(1.0 / 255, 0);
 * }</pre>
 */
public final class Rescale extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The factor and the offset; JSON fields. */
    private double scale;
    private double offset;

    /** For DL4J's JSON mapper. */
    public Rescale() {
    }

    /** @param scale the factor @param offset added after scaling */
    public Rescale(double scale, double offset) {
        this.scale = scale;
        this.offset = offset;
    }

    /** @return the factor */
    public double getScale() {
        return scale;
    }

    /** @return the offset */
    public double getOffset() {
        return offset;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(scale).addi(offset);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        return new Pair<>(in.assign(epsilon).muli(scale), null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rescale r && r.scale == scale && r.offset == offset;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scale) * 31 + Double.hashCode(offset);
    }

    @Override
    public String toString() {
        return "rescale(" + scale + ", " + offset + ")";
    }
}

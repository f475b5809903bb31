package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's softmax over an axis of the sample other than the last (a {@code Softmax(axis)} layer):
 * the sample's values, in row-major order, seen as {@code [outer, size, inner]} with {@code size}
 * the length of that axis and {@code inner} the product of the axes after it, each run of
 * {@code size} values {@code inner} apart is normalized on its own. The last axis is
 * {@link LastAxisSoftmax}'s (or DL4J's own softmax). keras4j writes this class's name into saved
 * model files: it keeps it.
 *
 * <pre>{@code
 * IActivation softmax = new AxisSoftmax(4, 5);   // Softmax(axis=1) on samples of shape (4, 5)
 * }</pre>
 */
public final class AxisSoftmax extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The length of the axis normalized, and the product of the axes after it; JSON fields. */
    private int size;
    private int inner;

    /** For DL4J's JSON mapper. */
    public AxisSoftmax() {
    }

    /** @param size the length of the axis normalized @param inner the product of the sample's axes after it */
    public AxisSoftmax(int size, int inner) {
        this.size = size;
        this.inner = inner;
    }

    /** @return the length of the axis normalized */
    public int getSize() {
        return size;
    }

    /** @return the product of the sample's axes after the one normalized */
    public int getInner() {
        return inner;
    }

    /** @param in [batch, ...] with the sample's values in row-major order, overwritten @return {@code in} */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.assign(softmax(in).reshape(in.shape()));
    }

    /**
     * @param in      the pre-activation, overwritten
     * @param epsilon dL/d(softmax(in))
     * @return dL/d(in) = y (g - sum(g y)) along the axis, in {@code in}; no parameter gradients
     */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray y = softmax(in);
        INDArray g = runs(epsilon.dup('c'));
        INDArray dot = g.mul(y).sum(true, 1);
        return new Pair<>(in.assign(g.subi(dot).muli(y).reshape(in.shape())), null);
    }

    /** @return softmax(in) along the axis, a new [outer, size, inner] array */
    private INDArray softmax(INDArray in) {
        INDArray x = runs(in.dup('c'));
        INDArray e = Transforms.exp(x.subi(x.max(true, 1)), false);
        return e.divi(e.sum(true, 1));
    }

    /** @return a row-major array viewed as [outer, size, inner] */
    private INDArray runs(INDArray c) {
        return c.reshape('c', c.length() / ((long) size * inner), size, inner);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AxisSoftmax s && s.size == size && s.inner == inner;
    }

    @Override
    public int hashCode() {
        return 31 * size + inner;
    }

    @Override
    public String toString() {
        return "softmax(axis of " + size + ", " + inner + " apart)";
    }
}

package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's softmax over the last axis of a sample that DL4J carries as one flat vector (a sample of
 * shape (4, 5) travels as 20 values): each run of {@code size} consecutive values, one position of
 * the other axes, is normalized on its own. DL4J's own softmax would normalize the 20 values
 * together. Vectors and images (channels last) need no such help: DL4J's softmax already runs over
 * their last axis. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * IActivation softmax = new LastAxisSoftmax(5);   // for samples of shape (4, 5)
 * }</pre>
 */
public final class LastAxisSoftmax extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    private static final ActivationSoftmax SOFTMAX = new ActivationSoftmax();

    /** The length of the last axis; a JSON field of the saved network. */
    private int size;

    /** For DL4J's JSON mapper. */
    public LastAxisSoftmax() {
    }

    /** @param size the length of the sample's last axis */
    public LastAxisSoftmax(int size) {
        this.size = size;
    }

    /** @return the length of the sample's last axis */
    public int getSize() {
        return size;
    }

    /** @param in [batch, values], values a multiple of {@link #getSize()}, overwritten @return {@code in} */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray c = contiguous(in);
        SOFTMAX.getActivation(runs(c), training);
        return c == in ? in : in.assign(c);
    }

    /**
     * @param in      the pre-activation, overwritten
     * @param epsilon dL/d(softmax(in))
     * @return dL/d(in), shaped as {@code in}; no parameter gradients
     */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray c = contiguous(in);
        SOFTMAX.backprop(runs(c), runs(contiguous(epsilon)));
        return new Pair<>(c == in ? in : in.assign(c), null);
    }

    /** @return {@code a} itself when its values lie in row-major order, else a row-major copy */
    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }

    /** @return a row-major array viewed as one row per run of {@code size} values */
    private INDArray runs(INDArray c) {
        return c.reshape('c', c.length() / size, size);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LastAxisSoftmax s && s.size == size;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(size);
    }

    @Override
    public String toString() {
        return "softmax(last axis of " + size + ")";
    }
}

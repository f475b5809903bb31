package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A layer's activation with Keras's {@code activity_regularizer}: the output is the activation's;
 * backpropagation adds the gradient of Keras's penalty on that output, {@code (l1 * sum(|y|) +
 * l2 * sum(y^2)) / batch_size}, to the gradient coming from the loss. The penalty is in the
 * gradient, not in the loss keras4j reports (DL4J's score has the kernel's and bias's only). It
 * expects the loss's gradient from a layer above (a DL4J loss function may rescale what its
 * activation's backprop returns), so a layer with it is never DL4J's output layer. keras4j writes
 * this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * IActivation act = new ActivityRegularization(new ActivationReLU(), 0.0, 1e-3);
 * }</pre>
 */
public final class ActivityRegularization extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The activation itself; JSON fields of the saved network. */
    private IActivation activation;
    private double l1;
    private double l2;

    /** For DL4J's JSON mapper. */
    public ActivityRegularization() {
    }

    /**
     * @param activation the layer's activation
     * @param l1         the L1 factor on the output
     * @param l2         the L2 factor on the output
     */
    public ActivityRegularization(IActivation activation, double l1, double l2) {
        this.activation = activation;
        this.l1 = l1;
        this.l2 = l2;
    }

    /** @return the activation itself */
    public IActivation getActivation() {
        return activation;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return activation.getActivation(in, training);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray out = activation.getActivation(in.dup(), true);
        // DL4J divides every gradient by the batch size after backpropagation: Keras's 1 / batch_size.
        INDArray penalty = out.mul(2 * l2);
        if (l1 != 0) {
            penalty.addi(Transforms.sign(out, true).muli(l1));
        }
        return activation.backprop(in, epsilon.add(penalty.castTo(epsilon.dataType())));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActivityRegularization a && a.activation.equals(activation) && a.l1 == l1
                && a.l2 == l2;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(activation, l1, l2);
    }

    @Override
    public String toString() {
        return activation + " (activity l1=" + l1 + ", l2=" + l2 + ")";
    }
}

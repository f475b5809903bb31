package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code gelu} (its default, {@code approximate=False}): {@code x Φ(x) = 0.5 x (1 + erf(x /
 * √2))}, with its exact derivative {@code Φ(x) + x φ(x)}, {@code φ(x) = exp(-x² / 2) / √(2π)}.
 * DL4J's {@code ActivationGELU} computes tanh-based approximations instead (its "precise" one is
 * 0.8314 at x = 1, where gelu is 0.8413). keras4j writes this class's name into saved model files:
 * it keeps it.
 *
 * <pre>{@code
 * INDArray y = new ExactGelu().getActivation(x.dup(), false);
 * }</pre>
 */
public final class ExactGelu extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /** @param in the pre-activation, overwritten @return {@code in}, holding gelu(in) */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(cdf(in));
    }

    /**
     * @param in      the pre-activation, overwritten
     * @param epsilon dL/d(gelu(in))
     * @return dL/d(in), in {@code in}; no parameter gradients
     */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray cdf = cdf(in);
        INDArray pdf = Transforms.exp(in.mul(in).muli(-0.5), false).muli(INV_SQRT_2PI);
        return new Pair<>(in.muli(pdf).addi(cdf).muli(epsilon), null);
    }

    /** @return Φ(x) = 0.5 (1 + erf(x / √2)), a new array */
    private static INDArray cdf(INDArray x) {
        INDArray scaled = x.mul(INV_SQRT_2);
        Nd4j.getExecutioner().exec(new Erf(scaled, scaled));
        return scaled.addi(1).muli(0.5);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExactGelu;
    }

    @Override
    public int hashCode() {
        return ExactGelu.class.hashCode();
    }

    @Override
    public String toString() {
        return "gelu";
    }
}

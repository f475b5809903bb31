package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Masking} layer on keras4j's sequences, one vector per sample
 * ({@code [batch, timesteps * features]}, each step's features together): a time step whose
 * features all equal the mask value is masked, and the output is the input with the masked steps'
 * features set to zero (Keras's {@code inputs * mask}); the gradient passes where the mask is 1.
 * The recurrent layers after it see the masked steps as steps of zeros ({@code MaskZeroLayer}).
 * keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * IActivation masking = new StepMasking(3, 0.0);   // Masking(0.0) on sequences of 3 features per step
 * }</pre>
 */
public final class StepMasking extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The features per step and the mask value; JSON fields of the saved network. */
    private int features;
    private double maskValue;

    /** For DL4J's JSON mapper. */
    public StepMasking() {
    }

    /**
     * @param features  the sequence's values per time step
     * @param maskValue the value of every feature of a masked step
     */
    public StepMasking(int features, double maskValue) {
        this.features = features;
        this.maskValue = maskValue;
    }

    /** @return the values per time step */
    public int getFeatures() {
        return features;
    }

    /** @return the value of every feature of a masked step */
    public double getMaskValue() {
        return maskValue;
    }

    /** @param in [batch, timesteps * features], overwritten @return {@code in} with the masked steps zero */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(mask(in));
    }

    /** @return dL/d(in) = epsilon where the step is kept, 0 where it is masked; no parameter gradients */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        return new Pair<>(in.assign(epsilon.mul(mask(in))), null);
    }

    /** @return 1 for each value of a kept step, 0 for a masked step's, shaped as {@code in} */
    private INDArray mask(INDArray in) {
        INDArray steps = in.dup('c').reshape('c', in.size(0), in.length() / in.size(0) / features, features);
        INDArray kept = steps.neq(maskValue).castTo(in.dataType()).max(true, 2);   // any feature differs
        return kept.broadcast(steps.shape()).reshape('c', in.shape());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepMasking s && s.features == features
                && Double.compare(s.maskValue, maskValue) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * features + Double.hashCode(maskValue);
    }

    @Override
    public String toString() {
        return "masking(" + maskValue + ", " + features + " features per step)";
    }
}

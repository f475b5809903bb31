package keras4j.internal;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras's {@code padding="causal"} of a Conv1D: zeros before the first step of a sequence held as
 * a one-row channels-last image ({@code [batch, 1, steps, channels]}), {@code (kernel_size - 1) *
 * dilation_rate} of them, so that a "valid" convolution after it gives each step an output that
 * sees only that step and the ones before. The gradient goes back without the padding. keras4j
 * writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor pad = new CausalPadding(10, 4, 2);   // 10 steps of 4 channels, 2 zero steps first
 * }</pre>
 */
public final class CausalPadding extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /** The sequence's steps and channels, and the zero steps put before it; JSON fields of the saved network. */
    private int steps;
    private int channels;
    private int padding;

    /** For DL4J's JSON mapper. */
    public CausalPadding() {
    }

    /**
     * @param steps    the sequence's length
     * @param channels its channels
     * @param padding  how many zero steps go before it
     */
    public CausalPadding(int steps, int channels, int padding) {
        this.steps = steps;
        this.channels = channels;
        this.padding = padding;
    }

    /** @return the sequence's length */
    public int getSteps() {
        return steps;
    }

    /** @return the sequence's channels */
    public int getChannels() {
        return channels;
    }

    /** @return how many zero steps go before the sequence */
    public int getPadding() {
        return padding;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {input.size(0), 1, steps + padding, channels}, 'c').assign(0);
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(padding, padding + steps),
                NDArrayIndex.all()).assign(input);
        return out;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(padding, padding + steps), NDArrayIndex.all()), 'c');
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.convolutional(1, steps + padding, channels, CNN2DFormat.NHWC);
    }

    @Override
    public CausalPadding clone() {
        return new CausalPadding(steps, channels, padding);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CausalPadding p && p.steps == steps && p.channels == channels
                && p.padding == padding;
    }

    @Override
    public int hashCode() {
        return (31 * steps + channels) * 31 + padding;
    }

    @Override
    public String toString() {
        return "CausalPadding(" + padding + " zero steps before " + steps + " x " + channels + ")";
    }
}

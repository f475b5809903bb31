package keras4j.internal;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Reshape} between DL4J's two forms of a sample: one vector ({@code [batch, n]}, for
 * every rank but images) and a channels-last image ({@code [batch, h, w, c]}). Both hold the
 * sample's values in Keras's row-major order, so reshaping keeps them in place; the gradient goes
 * back to the input's form. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor toImage = new SampleReshape(new int[] {12}, new int[] {2, 2, 3});
 * }</pre>
 */
public final class SampleReshape extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /** The sample's shape in DL4J before and after: {n} or {h, w, c}; JSON fields of the saved network. */
    private int[] from;
    private int[] to;

    /** For DL4J's JSON mapper. */
    public SampleReshape() {
    }

    /** @param from the input's DL4J sample shape, {n} or {h, w, c} @param to the output's */
    public SampleReshape(int[] from, int[] to) {
        this.from = from.clone();
        this.to = to.clone();
    }

    /** @return the input's DL4J sample shape */
    public int[] getFrom() {
        return from.clone();
    }

    /** @return the output's DL4J sample shape */
    public int[] getTo() {
        return to.clone();
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return reshaped(input, to, ArrayType.ACTIVATIONS, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return reshaped(output, from, ArrayType.ACTIVATION_GRAD, workspaceMgr);
    }

    private static INDArray reshaped(INDArray a, int[] sample, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        long[] shape = Shapes.batched(a.size(0), sample);
        INDArray c = a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
        return workspaceMgr.dup(type, c.reshape('c', shape), 'c');
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return to.length == 3 ? InputType.convolutional(to[0], to[1], to[2], CNN2DFormat.NHWC)
                : InputType.feedForward(to[0]);
    }

    @Override
    public SampleReshape clone() {
        return new SampleReshape(from, to);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleReshape r && Arrays.equals(r.from, from) && Arrays.equals(r.to, to);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(from) + Arrays.hashCode(to);
    }

    @Override
    public String toString() {
        return "SampleReshape(" + Arrays.toString(from) + " -> " + Arrays.toString(to) + ")";
    }
}

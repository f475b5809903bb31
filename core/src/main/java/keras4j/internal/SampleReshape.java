package keras4j.internal;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Reshape} and {@code Permute} between DL4J's two forms of a sample: one vector
 * ({@code [batch, n]}, for every rank but images) and a channels-last image ({@code [batch, h, w, c]}).
 * Both hold the sample's values in Keras's row-major order: a reshape keeps them in place, a
 * permutation views them in the sample's Keras shape, transposes its axes and lays them out again;
 * the gradient goes back the same way, to the input's form. keras4j writes this class's name into
 * saved model files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor toImage = new SampleReshape(new int[] {12}, new int[] {2, 2, 3});
 * InputPreProcessor transpose = new SampleReshape(new int[] {4, 5}, new int[] {20}, new int[] {1, 0});
 * }</pre>
 */
public final class SampleReshape extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /**
     * The sample's shape before (its Keras shape when permuted, else its DL4J form: {n} or {h, w, c}),
     * its DL4J form after, and the permutation of the sample's axes (from 0), null for a reshape;
     * JSON fields of the saved network.
     */
    private int[] from;
    private int[] to;
    private int[] dims;

    /** For DL4J's JSON mapper. */
    public SampleReshape() {
    }

    /** @param from the input's DL4J sample shape, {n} or {h, w, c} @param to the output's */
    public SampleReshape(int[] from, int[] to) {
        this(from, to, null);
    }

    /**
     * @param from the input's Keras sample shape
     * @param to   the output's DL4J sample shape, {n} or {h, w, c}
     * @param dims the output's axes as axes of the input, from 0 (Keras's {@code dims} less 1); null for none
     */
    public SampleReshape(int[] from, int[] to, int[] dims) {
        this.from = from.clone();
        this.to = to.clone();
        this.dims = dims == null ? null : dims.clone();
    }

    /** @return the permutation of the sample's axes (from 0), or null for a plain reshape */
    public int[] getDims() {
        return dims == null ? null : dims.clone();
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
        INDArray c = contiguous(input);
        if (dims != null) {
            c = c.reshape('c', Shapes.batched(c.size(0), from)).permute(batched(dims)).dup('c');
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, c.reshape('c', Shapes.batched(c.size(0), to)), 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray c = contiguous(output);
        if (dims != null) {
            int[] permuted = new int[dims.length];
            int[] inverse = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                permuted[i] = from[dims[i]];
                inverse[dims[i]] = i;
            }
            c = c.reshape('c', Shapes.batched(c.size(0), permuted)).permute(batched(inverse)).dup('c');
        }
        int[] back = from.length == 3 ? from : new int[] {Math.toIntExact(Shapes.size(from))};
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, c.reshape('c', Shapes.batched(c.size(0), back)), 'c');
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }

    /** @return a permutation of sample axes as one of the batched array's, the batch axis first */
    private static int[] batched(int[] axes) {
        int[] out = new int[axes.length + 1];
        for (int i = 0; i < axes.length; i++) {
            out[i + 1] = axes[i] + 1;
        }
        return out;
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return to.length == 3 ? InputType.convolutional(to[0], to[1], to[2], CNN2DFormat.NHWC)
                : InputType.feedForward(to[0]);
    }

    @Override
    public SampleReshape clone() {
        return new SampleReshape(from, to, dims);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleReshape r && Arrays.equals(r.from, from) && Arrays.equals(r.to, to)
                && Arrays.equals(r.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(from) + Arrays.hashCode(to)) + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "SampleReshape(" + Arrays.toString(from) + (dims == null ? "" : " permuted " + Arrays.toString(dims))
                + " -> " + Arrays.toString(to) + ")";
    }
}

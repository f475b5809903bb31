package keras4j.internal;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code RepeatVector}: each sample's vector of {@code features} values, {@code n} times in
 * a row, as DL4J carries a sample of shape (n, features) (one vector, row-major); the gradient is
 * the sum over the copies. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor repeat = new SampleRepeat(3, 8);   // (8) -> (3, 8), carried as 24 values
 * }</pre>
 */
public final class SampleRepeat extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /** How many copies, and the vector's length; JSON fields of the saved network. */
    private int n;
    private int features;

    /** For DL4J's JSON mapper. */
    public SampleRepeat() {
    }

    /** @param n how many copies @param features the vector's length */
    public SampleRepeat(int n, int features) {
        this.n = n;
        this.features = features;
    }

    /** @return how many copies */
    public int getN() {
        return n;
    }

    /** @return the vector's length */
    public int getFeatures() {
        return features;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = input.reshape('c', input.size(0), features);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, Nd4j.tile(x, 1, n), 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray c = output.ordering() == 'c' && !output.isView() ? output : output.dup('c');
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, c.reshape('c', c.size(0), n, features).sum(1), 'c');
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward((long) n * features);
    }

    @Override
    public SampleRepeat clone() {
        return new SampleRepeat(n, features);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleRepeat r && r.n == n && r.features == features;
    }

    @Override
    public int hashCode() {
        return 31 * n + features;
    }

    @Override
    public String toString() {
        return "SampleRepeat(" + n + " x " + features + ")";
    }
}

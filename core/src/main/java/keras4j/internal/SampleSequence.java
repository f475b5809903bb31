package keras4j.internal;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Between keras4j's form of a sequence in DL4J, one vector per sample in Keras's channels-last
 * order ({@code [batch, timesteps * features]}), and the form of DL4J's recurrent layers,
 * {@code [batch, features, timesteps]} (NCW); the gradient goes back the same way. Before a
 * recurrent layer it goes to NCW ({@code toRecurrent}), after one that returns sequences it
 * comes back; before a layer reading backwards (Keras's {@code go_backwards}) the steps are also
 * reversed. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor in = new SampleSequence(20, 3, true);    // [b, 60] -> [b, 3, 20]
 * InputPreProcessor out = new SampleSequence(20, 32, false); // [b, 32, 20] -> [b, 640]
 * InputPreProcessor backwards = new SampleSequence(20, 3, true, true);   // last step first
 * }</pre>
 */
public final class SampleSequence extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /** The sequence's length and features per step, and the direction; JSON fields of the saved network. */
    private int timesteps;
    private int features;
    private boolean toRecurrent;
    /** Whether the steps are reversed too; a JSON field, false in files from before it. */
    private boolean reverse;

    /** For DL4J's JSON mapper. */
    public SampleSequence() {
    }

    /**
     * @param timesteps   the sequence's length
     * @param features    its values per time step
     * @param toRecurrent true from keras4j's vector to DL4J's NCW, false back
     */
    public SampleSequence(int timesteps, int features, boolean toRecurrent) {
        this(timesteps, features, toRecurrent, false);
    }

    /**
     * @param timesteps   the sequence's length
     * @param features    its values per time step
     * @param toRecurrent true from keras4j's vector to DL4J's NCW, false back
     * @param reverse     whether the steps are reversed too (the last first)
     */
    public SampleSequence(int timesteps, int features, boolean toRecurrent, boolean reverse) {
        this.timesteps = timesteps;
        this.features = features;
        this.toRecurrent = toRecurrent;
        this.reverse = reverse;
    }

    /** @return whether the steps are reversed too */
    public boolean isReverse() {
        return reverse;
    }

    /** @return the sequence's length */
    public int getTimesteps() {
        return timesteps;
    }

    /** @return the values per time step */
    public int getFeatures() {
        return features;
    }

    /** @return true from keras4j's vector to DL4J's NCW, false back */
    public boolean isToRecurrent() {
        return toRecurrent;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, move(input, toRecurrent), 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, move(output, !toRecurrent), 'c');
    }

    private INDArray move(INDArray a, boolean recurrent) {
        long batch = a.size(0);
        if (recurrent) {
            return reversed(a.dup('c').reshape('c', batch, timesteps, features).permute(0, 2, 1).dup('c'));
        }
        return reversed(a.dup('c').reshape('c', batch, features, timesteps)).permute(0, 2, 1).dup('c')
                .reshape('c', batch, (long) timesteps * features);
    }

    /** @param ncw a sequence [batch, features, timesteps] @return it with its steps reversed when asked, else it */
    private INDArray reversed(INDArray ncw) {
        if (!reverse) {
            return ncw;
        }
        long[] steps = new long[timesteps];
        for (int t = 0; t < timesteps; t++) {
            steps[t] = timesteps - 1 - t;
        }
        return ncw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.indices(steps)).dup('c');
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return toRecurrent ? InputType.recurrent(features, timesteps) : InputType.feedForward((long) timesteps * features);
    }

    @Override
    public SampleSequence clone() {
        return new SampleSequence(timesteps, features, toRecurrent, reverse);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleSequence s && s.timesteps == timesteps && s.features == features
                && s.toRecurrent == toRecurrent && s.reverse == reverse;
    }

    @Override
    public int hashCode() {
        return ((31 * timesteps + features) * 2 + (toRecurrent ? 1 : 0)) * 2 + (reverse ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SampleSequence(" + timesteps + "x" + features + (toRecurrent ? " -> NCW" : " NCW -> vector")
                + (reverse ? ", reversed)" : ")");
    }
}

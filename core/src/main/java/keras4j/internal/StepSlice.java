package keras4j.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One output of a recurrent layer with Keras's {@code return_state}: the layer's DL4J form gives
 * {@code [batch, channels, timesteps]} (NCW), its outputs and then each state as it stands after
 * every step ({@link KerasLSTM}, {@link KerasGRU}); this takes {@code size} values from channel
 * {@code from}, either of the last step (a final state, or the last output: one vector per sample)
 * or of every step (the output sequence, in keras4j's form of one vector per sample, channels-last
 * as {@link SampleSequence}'s). The gradient goes back to those places, zeros elsewhere. The
 * sequence's mask, if any, ends here: keras4j's masks travel as steps of zeros. keras4j writes
 * this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor h = new StepSlice(48, 20, 16, 16, true);    // LSTM(16)'s h: [b, 48, 20] -> [b, 16]
 * InputPreProcessor out = new StepSlice(48, 20, 0, 16, false);  // its outputs:  [b, 48, 20] -> [b, 320]
 * }</pre>
 */
public final class StepSlice extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;

    /** The layer output's channels and steps, the slice's first channel and size, and which steps; JSON fields. */
    private int channels;
    private int timesteps;
    private int from;
    private int size;
    private boolean lastStep;

    /** For DL4J's JSON mapper. */
    public StepSlice() {
    }

    /**
     * @param channels  the layer output's values per step
     * @param timesteps its steps
     * @param from      the first channel taken
     * @param size      how many channels are taken
     * @param lastStep  true for the last step's values only, false for every step's
     */
    public StepSlice(int channels, int timesteps, int from, int size, boolean lastStep) {
        this.channels = channels;
        this.timesteps = timesteps;
        this.from = from;
        this.size = size;
        this.lastStep = lastStep;
    }

    /** @return the layer output's values per step */
    public int getChannels() {
        return channels;
    }

    /** @return the layer output's steps */
    public int getTimesteps() {
        return timesteps;
    }

    /** @return the first channel taken */
    public int getFrom() {
        return from;
    }

    /** @return how many channels are taken */
    public int getSize() {
        return size;
    }

    /** @return whether only the last step is taken */
    public boolean isLastStep() {
        return lastStep;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = input.size(0);
        INDArray taken = input.get(all(), interval(from, from + size), lastStep ? point(timesteps - 1) : all());
        INDArray out = lastStep ? taken : taken.permute(0, 2, 1).dup('c').reshape('c', batch, (long) timesteps * size);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = output.size(0);
        INDArray grad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, output.dataType(),
                new long[] {batch, channels, timesteps}, 'c');
        if (lastStep) {
            grad.get(all(), interval(from, from + size), point(timesteps - 1)).assign(output);
        } else {
            grad.get(all(), interval(from, from + size), all()).assign(
                    output.dup('c').reshape('c', batch, timesteps, size).permute(0, 2, 1));
        }
        return grad;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(lastStep ? size : (long) timesteps * size);
    }

    @Override
    public StepSlice clone() {
        return new StepSlice(channels, timesteps, from, size, lastStep);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepSlice s && s.channels == channels && s.timesteps == timesteps && s.from == from
                && s.size == size && s.lastStep == lastStep;
    }

    @Override
    public int hashCode() {
        return (((31 * channels + timesteps) * 31 + from) * 31 + size) * 2 + (lastStep ? 1 : 0);
    }

    @Override
    public String toString() {
        return "StepSlice(" + from + ".." + (from + size) + " of " + channels + (lastStep ? ", last step)" : ")");
    }
}

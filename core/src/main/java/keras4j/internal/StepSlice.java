package keras4j.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * One output of a recurrent layer with Keras's {@code return_state}: the layer's DL4J form gives
 * {@code [batch, channels, timesteps]} (NCW), its outputs and then each state as it stands after
 * every step ({@link KerasLSTM}, {@link KerasGRU}; a Bidirectional's forward copy's, then its
 * backward copy's, in time order); this takes {@code size} values from each channel in
 * {@code from}, either of one step (a final state, or the last output: one vector per sample) or of
 * every step (an output sequence, in keras4j's form of one vector per sample, channels-last as
 * {@link SampleSequence}'s; two ranges are a Bidirectional's two outputs concatenated at each step).
 * The gradient goes back to those places, zeros elsewhere. The sequence's mask, if any, ends here:
 * keras4j's masks travel as steps of zeros. keras4j writes this class's name into saved model
 * files: it keeps it.
 *
 * <pre>{@code
 * InputPreProcessor h = new StepSlice(48, 20, 19, 16, 16);                  // LSTM(16)'s h: [b, 48, 20] -> [b, 16]
 * InputPreProcessor out = new StepSlice(48, 20, StepSlice.EVERY_STEP, 16, 0); // its outputs: [b, 48, 20] -> [b, 320]
 * }</pre>
 */
public final class StepSlice extends BaseInputPreProcessor {
    private static final long serialVersionUID = 1L;
    /** The {@code step} taking every step. */
    public static final int EVERY_STEP = -1;

    /** The layer output's channels and steps, which step, the ranges' size and first channels; JSON fields. */
    private int channels;
    private int timesteps;
    private int step;
    private int size;
    private int[] from;

    /** For DL4J's JSON mapper. */
    public StepSlice() {
    }

    /**
     * @param channels  the layer output's values per step
     * @param timesteps its steps
     * @param step      the step taken, or {@link #EVERY_STEP}
     * @param size      how many channels each range has
     * @param from      the ranges' first channels, joined in this order
     */
    public StepSlice(int channels, int timesteps, int step, int size, int... from) {
        this.channels = channels;
        this.timesteps = timesteps;
        this.step = step;
        this.size = size;
        this.from = from.clone();
    }

    /** @return the layer output's values per step */
    public int getChannels() {
        return channels;
    }

    /** @return the layer output's steps */
    public int getTimesteps() {
        return timesteps;
    }

    /** @return the step taken, or {@link #EVERY_STEP} */
    public int getStep() {
        return step;
    }

    /** @return how many channels each range has */
    public int getSize() {
        return size;
    }

    /** @return the ranges' first channels (a copy) */
    public int[] getFrom() {
        return from.clone();
    }

    /** @return the values taken per step, all ranges joined */
    private long width() {
        return (long) from.length * size;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = input.size(0);
        INDArray taken = Nd4j.create(input.dataType(), batch, width(), step == EVERY_STEP ? timesteps : 1);
        for (int r = 0; r < from.length; r++) {
            taken.get(all(), interval((long) r * size, (long) (r + 1) * size), all()).assign(
                    input.get(all(), interval(from[r], from[r] + size), steps()));
        }
        INDArray out = taken.permute(0, 2, 1).dup('c').reshape('c', batch, taken.size(2) * width());
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long batch = output.size(0);
        INDArray grad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, output.dataType(),
                new long[] {batch, channels, timesteps}, 'c');
        long steps = step == EVERY_STEP ? timesteps : 1;
        INDArray ncw = output.dup('c').reshape('c', batch, steps, width()).permute(0, 2, 1);
        for (int r = 0; r < from.length; r++) {
            grad.get(all(), interval(from[r], from[r] + size), steps()).addi(
                    ncw.get(all(), interval((long) r * size, (long) (r + 1) * size), all()));
        }
        return grad;
    }

    /** @return the index of the steps taken: all, or the one as a range of one */
    private INDArrayIndex steps() {
        return step == EVERY_STEP ? all() : interval(step, step + 1);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward((step == EVERY_STEP ? timesteps : 1) * width());
    }

    @Override
    public StepSlice clone() {
        return new StepSlice(channels, timesteps, step, size, from);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepSlice s && s.channels == channels && s.timesteps == timesteps && s.step == step
                && s.size == size && java.util.Arrays.equals(s.from, from);
    }

    @Override
    public int hashCode() {
        return ((31 * channels + timesteps) * 31 + step) * 31 + size + 31 * java.util.Arrays.hashCode(from);
    }

    @Override
    public String toString() {
        return "StepSlice(" + java.util.Arrays.toString(from) + " + " + size + " of " + channels
                + (step == EVERY_STEP ? ")" : ", step " + step + ")");
    }
}

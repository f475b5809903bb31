package keras4j.internal;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's spatial dropout in DL4J: while training, drops whole channels of each sample (the last
 * axis of channels-last data, all positions of a channel at once) with probability {@code rate}
 * and scales the kept ones by {@code 1 / (1 - rate)}. DL4J's own {@code SpatialDropout} drops along
 * axis 1 (channels-first); keras4j's arrays are channels-last, and a sequence (steps, channels) is
 * one vector per sample in DL4J, so this one views any input as (batch, positions, channels).
 * The mask is drawn from ND4J's random generator, which keras4j seeds from the model's seed.
 * keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * DropoutLayer conf = new DropoutLayer(new ChannelDropout(0.2, 16));   // SpatialDropout2D(0.2) on 16 channels
 * }</pre>
 */
public final class ChannelDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    /** JSON properties of the saved network, through their getters. */
    private double rate;
    private long channels;
    /** The last training pass's mask, (batch, channels): 0 or 1 / (1 - rate). */
    private transient INDArray mask;

    /** For DL4J's JSON mapper. */
    public ChannelDropout() {
    }

    /**
     * @param rate     the fraction of channels dropped, in [0, 1)
     * @param channels the size of the last axis
     */
    public ChannelDropout(double rate, long channels) {
        this.rate = rate;
        this.channels = channels;
    }

    /** @return the fraction of channels dropped (a JSON property) */
    public double getRate() {
        return rate;
    }

    /** @return the size of the last axis (a JSON property) */
    public long getChannels() {
        return channels;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        long batch = input.size(0);
        // In DL4J's input workspace, which lasts until backprop (as DL4J's own dropout masks).
        mask = workspaceMgr.createUninitialized(ArrayType.INPUT, input.dataType(), batch, channels).assign(1.0);
        if (rate > 0) {
            Nd4j.getExecutioner().exec(new DropOutInverted(mask, mask, 1.0 - rate));
        }
        return output.assign(masked(input, mask));
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (mask == null) {
            throw new IllegalStateException("ChannelDropout: backprop without a training pass before it");
        }
        INDArray grad = masked(gradAtOutput, mask);
        mask = null;
        return gradAtInput.assign(grad);
    }

    /** @return {@code x} (batch, ...) times the mask of its sample and channel, in x's shape */
    private INDArray masked(INDArray x, INDArray m) {
        long batch = x.size(0);
        INDArray view = x.dup('c').reshape('c', batch, x.length() / batch / channels, channels);
        INDArray out = view.ulike();
        Broadcast.mul(view, m, out, 0, 2);
        return out.reshape('c', x.shape());
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public ChannelDropout clone() {
        return new ChannelDropout(rate, channels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelDropout d && d.rate == rate && d.channels == channels;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(rate, channels);
    }

    @Override
    public String toString() {
        return "ChannelDropout(rate=" + rate + ", channels=" + channels + ")";
    }
}

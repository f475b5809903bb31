package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The compiled loss as DL4J's output layer sees it: it delegates every computation to the real
 * DL4J loss, and on each score computation (once per training step, once per evaluated batch)
 * hands the batch's labels and pre-activations to a {@link MetricTracker}. That is how keras4j
 * reports Keras's running accuracy without a second forward pass.
 *
 * <pre>{@code
 * TrackedLoss loss = new TrackedLoss(new LossMCXENT());
 * loss.setTracker(tracker);   // null stops tracking
 * }</pre>
 */
public final class TrackedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private ILossFunction delegate;
    private transient MetricTracker tracker;

    /** For DL4J's JSON mapper. */
    private TrackedLoss() {
    }

    /** @param delegate the DL4J loss that does the work */
    public TrackedLoss(ILossFunction delegate) {
        this.delegate = delegate;
    }

    /** @return the DL4J loss that does the work */
    public ILossFunction getDelegate() {
        return delegate;
    }

    /** @param tracker receives each scored batch; null to stop */
    public void setTracker(MetricTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        if (tracker != null) {
            tracker.update(labels, preOutput, activationFn, mask);
        }
        return delegate.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return delegate.computeScoreArray(labels, preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return delegate.computeGradient(labels, preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return delegate.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String toString() {
        return "TrackedLoss(" + delegate + ")";
    }
}

package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The compiled loss as DL4J's output layer sees it: it delegates every computation to the real
 * DL4J loss, and on each score computation (once per training step, once per evaluated batch)
 * hands the batch's labels and pre-activations to a {@link MetricTracker}. That is how keras4j
 * reports Keras's running accuracy without a second forward pass. In a model with several
 * outputs each output's loss is scaled by its {@code lossWeights} entry (score and gradient), and
 * reported unscaled to the tracker, as Keras's {@code output_loss}.
 *
 * <p>Sample and class weights reach the loss here ({@link #setSampleWeights}), not as DL4J label
 * masks: DL4J's output layers multiply their pre-activations by a label mask, which for any
 * weight but 0 or 1 would scale the logits instead of the sample's loss.
 *
 * <pre>{@code
 * TrackedLoss loss = new TrackedLoss(new LossMCXENT());
 * loss.setTracker(tracker);   // null stops tracking
 * }</pre>
 */
public final class TrackedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private ILossFunction delegate;
    /** The output's weight in the total loss; 1 in files written before loss weights existed. */
    private double weight = 1.0;
    private transient MetricTracker tracker;
    /** The current batch's per-sample weights [batch, 1], or null. */
    private transient INDArray sampleWeights;

    /** For DL4J's JSON mapper. */
    private TrackedLoss() {
    }

    /** @param delegate the DL4J loss that does the work */
    public TrackedLoss(ILossFunction delegate) {
        this.delegate = delegate;
    }

    /**
     * @param delegate the DL4J loss that does the work
     * @param weight   the output's weight in the model's total loss
     */
    public TrackedLoss(ILossFunction delegate, double weight) {
        this.delegate = delegate;
        this.weight = weight;
    }

    /** @return the output's weight in the total loss */
    public double getWeight() {
        return weight;
    }

    /** @return the DL4J loss that does the work */
    public ILossFunction getDelegate() {
        return delegate;
    }

    /** @param tracker receives each scored batch; null to stop */
    public void setTracker(MetricTracker tracker) {
        this.tracker = tracker;
    }

    /**
     * @param sampleWeights the weights of the next batch's samples [batch, 1], each scaling its
     *                      sample's loss and gradient (Keras's {@code sample_weight}); null for none
     */
    public void setSampleWeights(INDArray sampleWeights) {
        this.sampleWeights = sampleWeights;
    }

    /** @return the DL4J mask, or the batch's sample weights in its place (the losses weigh rows by it) */
    private INDArray weights(INDArray mask) {
        return mask == null ? sampleWeights : mask;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        mask = weights(mask);
        double score = delegate.computeScore(labels, preOutput, activationFn, mask, average);
        if (tracker != null) {
            long rows = labels.size(0);
            tracker.update(labels, preOutput, activationFn, mask);
            // DL4J's output layers ask for the sum (average false) and divide by the batch size themselves.
            tracker.addOutputLoss(average || rows == 0 ? score : score / rows, rows);
        }
        return weight == 1.0 ? score : weight * score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray scores = delegate.computeScoreArray(labels, preOutput, activationFn, weights(mask));
        return weight == 1.0 ? scores : scores.muli(weight);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        // DL4J's activations backpropagate in place: on a copy, so that a LossLayer's input (the
        // previous layer's output, which DL4J scores right after) stays what it was
        INDArray gradient = delegate.computeGradient(labels, preOutput.dup(), activationFn, weights(mask));
        return weight == 1.0 ? gradient : gradient.muli(weight);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Pair<Double, INDArray> both = delegate.computeGradientAndScore(labels, preOutput.dup(), activationFn,
                weights(mask), average);
        return weight == 1.0 ? both : new Pair<>(weight * both.getFirst(), both.getSecond().muli(weight));
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String toString() {
        return "TrackedLoss(" + delegate + (weight == 1.0 ? "" : ", weight=" + weight) + ")";
    }
}

package keras4j.optimizers;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * AdamW: Adam with decoupled weight decay, with Keras's defaults (learning rate 0.001, weight decay
 * 0.004, beta_1 0.9, beta_2 0.999, epsilon 1e-7). Before each Adam step every trainable weight
 * {@code w} becomes {@code w - w * weight_decay * learning_rate}, as Keras applies it.
 *
 * <pre>{@code
 * new AdamW();
 * new AdamW(3e-4, 0.01);
 * new AdamW(new CosineDecay(1e-3, 10_000));
 * }</pre>
 */
public final class AdamW extends MomentOptimizer {
    static final double WEIGHT_DECAY = 0.004;

    /** Keras's defaults. */
    public AdamW() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public AdamW(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public AdamW(double learningRate) {
        this(learningRate, WEIGHT_DECAY);
    }

    /** @param learningRate the step size @param weightDecay the decay's rate, &ge; 0 */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, BETA_1, BETA_2, EPSILON);
    }

    /**
     * @param learningRate the step size
     * @param weightDecay  the decay's rate, &ge; 0
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
        super(learningRate, beta1, beta2, epsilon);
        useWeightDecay(weightDecay);
    }

    /**
     * Keras's {@code amsgrad}: each step divides by the largest second-moment estimate seen so far
     * (Reddi et al. 2018), not the current one.
     *
     * @param amsgrad whether to
     * @return a copy with it set
     */
    public AdamW withAmsgrad(boolean amsgrad) {
        return (AdamW) amsgradCopy(amsgrad);
    }

    @Override
    boolean hasAmsgrad() {
        return true;
    }

    @Override
    public String getName() {
        return "adamw";
    }
}

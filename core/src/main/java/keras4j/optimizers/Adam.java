package keras4j.optimizers;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adam: adaptive moment estimation, with Keras's defaults (learning rate 0.001, beta_1 0.9,
 * beta_2 0.999, epsilon 1e-7).
 *
 * <pre>{@code
 * new Adam();
 * new Adam(3e-4);
 * new Adam(1e-3).withAmsgrad(true);
 * }</pre>
 */
public final class Adam extends MomentOptimizer {
    /** Keras's defaults. */
    public Adam() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public Adam(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public Adam(double learningRate) {
        this(learningRate, BETA_1, BETA_2, EPSILON);
    }

    /**
     * @param learningRate the step size
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate, beta1, beta2, epsilon);
    }

    /**
     * Keras's {@code amsgrad}: each step divides by the largest second-moment estimate seen so far
     * (Reddi et al. 2018), not the current one.
     *
     * @param amsgrad whether to
     * @return a copy with it set
     */
    public Adam withAmsgrad(boolean amsgrad) {
        return (Adam) amsgradCopy(amsgrad);
    }

    @Override
    boolean hasAmsgrad() {
        return true;
    }

    @Override
    public String getName() {
        return "adam";
    }

}

package keras4j.optimizers;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * Nadam: Adam with Nesterov momentum, with Keras's defaults (learning rate 0.001, beta_1 0.9,
 * beta_2 0.999, epsilon 1e-7).
 *
 * <pre>{@code
 * new Nadam();
 * new Nadam(3e-4);
 * }</pre>
 */
public final class Nadam extends MomentOptimizer {
    /** Keras's defaults. */
    public Nadam() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public Nadam(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public Nadam(double learningRate) {
        this(learningRate, BETA_1, BETA_2, EPSILON);
    }

    /**
     * @param learningRate the step size
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate, beta1, beta2, epsilon);
    }

    @Override
    public String getName() {
        return "nadam";
    }

}

package keras4j.optimizers;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adamax: Adam with the infinity norm in place of the second moment, with Keras's defaults
 * (learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7):
 * {@code m += (g - m)(1 - beta_1); u = max(beta_2 u, |g|); w -= lr m / ((1 - beta_1^t)(u + epsilon))}.
 *
 * <pre>{@code
 * new Adamax();
 * new Adamax(0.002);
 * }</pre>
 */
public final class Adamax extends MomentOptimizer {
    /** Keras's defaults. */
    public Adamax() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public Adamax(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public Adamax(double learningRate) {
        this(learningRate, BETA_1, BETA_2, EPSILON);
    }

    /**
     * @param learningRate the step size
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the infinity norm, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate, beta1, beta2, epsilon);
    }

    @Override
    public String getName() {
        return "adamax";
    }
}

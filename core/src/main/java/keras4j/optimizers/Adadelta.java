package keras4j.optimizers;

import java.util.Map;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adadelta: steps scaled by running averages of squared gradients and squared updates, with
 * Keras's defaults (learning rate 0.001, rho 0.95, epsilon 1e-7):
 * {@code a = rho a + (1 - rho) g²; d = -sqrt(b + eps) / sqrt(a + eps) g; b = rho b + (1 - rho) d²; w += lr d}.
 *
 * <pre>{@code
 * new Adadelta();
 * new Adadelta(1.0);   // the original paper's step
 * }</pre>
 */
public final class Adadelta extends Optimizer {
    private final double rho;
    private final double epsilon;

    /** Keras's defaults. */
    public Adadelta() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public Adadelta(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public Adadelta(double learningRate) {
        this(learningRate, 0.95, 1e-7);
    }

    /**
     * @param learningRate the step size
     * @param rho          decay of the running averages, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public Adadelta(double learningRate, double rho, double epsilon) {
        super(learningRate);
        check("Adadelta", "rho", rho, rho >= 0 && rho < 1);
        check("Adadelta", "epsilon", epsilon, epsilon > 0);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    /** @return decay of the running averages */
    public double getRho() {
        return rho;
    }

    /** @return the epsilon */
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public String getName() {
        return "adadelta";
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("epsilon", epsilon);
    }
}

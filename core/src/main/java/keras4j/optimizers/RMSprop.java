package keras4j.optimizers;

import java.util.Map;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * RMSprop: divides the gradient by a running root mean square of recent gradients, with Keras's
 * defaults (learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false). With
 * {@code momentum} the steps accumulate in a velocity; {@code centered} divides by the running
 * variance (the mean square less the squared running mean) instead.
 *
 * <pre>{@code
 * new RMSprop();
 * new RMSprop(0.01);
 * new RMSprop(0.001, 0.9, 0.9, 1e-7, true);   // momentum 0.9, centered
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    /** Keras's defaults. */
    public RMSprop() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public RMSprop(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 1e-7);
    }

    /**
     * @param learningRate the step size
     * @param rho          decay of the running average, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public RMSprop(double learningRate, double rho, double epsilon) {
        this(learningRate, rho, 0.0, epsilon, false);
    }

    /**
     * Keras's argument order: {@code RMSprop(learning_rate, rho, momentum, epsilon, centered)}.
     *
     * @param learningRate the step size
     * @param rho          decay of the running average, in [0, 1)
     * @param momentum     the velocity's decay, in [0, 1); 0 for none
     * @param epsilon      added for numerical stability, &gt; 0
     * @param centered     whether to divide by the running variance
     */
    public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
        super(learningRate);
        check("RMSprop", "rho", rho, rho >= 0 && rho < 1);
        check("RMSprop", "momentum", momentum, momentum >= 0 && momentum < 1);
        check("RMSprop", "epsilon", epsilon, epsilon > 0);
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.centered = centered;
    }

    /** @return decay of the running average */
    public double getRho() {
        return rho;
    }

    /** @return the velocity's decay, 0 for none */
    public double getMomentum() {
        return momentum;
    }

    /** @return the epsilon */
    public double getEpsilon() {
        return epsilon;
    }

    /** @return whether the gradient is divided by the running variance */
    public boolean isCentered() {
        return centered;
    }

    @Override
    public String getName() {
        return "rmsprop";
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("centered", centered);
    }
}

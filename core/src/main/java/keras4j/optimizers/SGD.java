package keras4j.optimizers;

import java.util.Map;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * Gradient descent, optionally with momentum or Nesterov momentum; Keras's defaults
 * (learning rate 0.01, momentum 0, nesterov false).
 *
 * <pre>{@code
 * new SGD();                 // plain, lr 0.01
 * new SGD(0.1);              // the from-scratch textbook's lr
 * new SGD(0.01, 0.9, true);  // Nesterov momentum
 * }</pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** Keras's defaults: learning rate 0.01, no momentum. */
    public SGD() {
        this(0.01);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public SGD(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public SGD(double learningRate) {
        this(learningRate, 0.0, false);
    }

    /**
     * @param learningRate the step size
     * @param momentum     in [0, 1)
     * @param nesterov     whether to use Nesterov momentum
     */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        check("SGD", "momentum", momentum, momentum >= 0 && momentum < 1);
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    /** @return the momentum */
    public double getMomentum() {
        return momentum;
    }

    /** @return whether Nesterov momentum is used */
    public boolean isNesterov() {
        return nesterov;
    }

    @Override
    public String getName() {
        return "sgd";
    }


    @Override
    void addConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
    }
}

package keras4j.optimizers;

import java.util.Map;

/**
 * RMSprop: divides the gradient by a running root mean square of recent gradients, with Keras's
 * defaults (learning rate 0.001, rho 0.9, epsilon 1e-7). Keras's {@code momentum} and
 * {@code centered} options are not offered (DL4J's RmsProp has neither).
 *
 * <pre>{@code
 * new RMSprop();
 * new RMSprop(0.01);
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double epsilon;

    /** Keras's defaults. */
    public RMSprop() {
        this(0.001);
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
        super(learningRate);
        check("RMSprop", "rho", rho, rho >= 0 && rho < 1);
        check("RMSprop", "epsilon", epsilon, epsilon > 0);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    /** @return decay of the running average */
    public double getRho() {
        return rho;
    }

    /** @return the epsilon */
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public String getName() {
        return "rmsprop";
    }

    @Override
    public RMSprop withLearningRate(double learningRate) {
        return new RMSprop(learningRate, rho, epsilon);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("epsilon", epsilon);
    }
}

package keras4j.optimizers;

import java.util.Map;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Nadam: Adam with Nesterov momentum, with Keras's defaults (learning rate 0.001, beta_1 0.9,
 * beta_2 0.999, epsilon 1e-7).
 *
 * <pre>{@code
 * new Nadam();
 * new Nadam(3e-4);
 * }</pre>
 */
public final class Nadam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /** Keras's defaults. */
    public Nadam() {
        this(0.001);
    }

    /** @param learningRate the step size */
    public Nadam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * @param learningRate the step size
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param epsilon      added for numerical stability, &gt; 0
     */
    public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        check("Nadam", "beta_1", beta1, beta1 >= 0 && beta1 < 1);
        check("Nadam", "beta_2", beta2, beta2 >= 0 && beta2 < 1);
        check("Nadam", "epsilon", epsilon, epsilon > 0);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** @return decay of the first moment */
    public double getBeta1() {
        return beta1;
    }

    /** @return decay of the second moment */
    public double getBeta2() {
        return beta2;
    }

    /** @return the epsilon */
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public String getName() {
        return "nadam";
    }

    @Override
    public Nadam withLearningRate(double learningRate) {
        return new Nadam(learningRate, beta1, beta2, epsilon);
    }

    @Override
    public IUpdater toDl4j() {
        return new org.nd4j.linalg.learning.config.Nadam(getLearningRate(), beta1, beta2, epsilon);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
    }
}

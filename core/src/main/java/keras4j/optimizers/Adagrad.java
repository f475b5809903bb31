package keras4j.optimizers;

import java.util.Map;

/**
 * Adagrad: per-weight step sizes that shrink with the sum of past squared gradients, with Keras's
 * defaults (learning rate 0.001, epsilon 1e-7). DL4J starts the accumulator at 0 where Keras starts
 * it at 0.1, so the very first steps are larger than Keras's.
 *
 * <pre>{@code
 * new Adagrad();
 * new Adagrad(0.01);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private final double epsilon;

    /** Keras's defaults. */
    public Adagrad() {
        this(0.001);
    }

    /** @param learningRate the step size */
    public Adagrad(double learningRate) {
        this(learningRate, 1e-7);
    }

    /** @param learningRate the step size @param epsilon added for numerical stability, &gt; 0 */
    public Adagrad(double learningRate, double epsilon) {
        super(learningRate);
        check("Adagrad", "epsilon", epsilon, epsilon > 0);
        this.epsilon = epsilon;
    }

    /** @return the epsilon */
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public String getName() {
        return "adagrad";
    }

    @Override
    public Adagrad withLearningRate(double learningRate) {
        return new Adagrad(learningRate, epsilon);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("epsilon", epsilon);
    }
}

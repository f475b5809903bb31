package keras4j.optimizers;

import java.util.Map;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adagrad: per-weight step sizes that shrink with the sum of past squared gradients, with Keras's
 * defaults (learning rate 0.001, initial accumulator value 0.1, epsilon 1e-7):
 * {@code a += g²; w -= lr g / sqrt(a + epsilon)}, the accumulator {@code a} starting at the
 * initial value.
 *
 * <pre>{@code
 * new Adagrad();
 * new Adagrad(0.01);
 * new Adagrad(0.01, 0.1, 1e-7);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private final double initialAccumulatorValue;
    private final double epsilon;

    /** Keras's defaults. */
    public Adagrad() {
        this(0.001);
    }

    /** @param learningRate the step size as a function of the step count (Keras's defaults otherwise) */
    public Adagrad(LearningRateSchedule learningRate) {
        this();
        useSchedule(learningRate);
    }

    /** @param learningRate the step size */
    public Adagrad(double learningRate) {
        this(learningRate, 1e-7);
    }

    /** @param learningRate the step size @param epsilon added for numerical stability, &gt; 0 */
    public Adagrad(double learningRate, double epsilon) {
        this(learningRate, 0.1, epsilon);
    }

    /**
     * Keras's argument order: {@code Adagrad(learning_rate, initial_accumulator_value, epsilon)}.
     *
     * @param learningRate            the step size
     * @param initialAccumulatorValue the accumulator's start, &ge; 0 (0 is what keras4j before 0.1
     *                                did: then DL4J's AdaGrad runs, which adds epsilon outside the
     *                                square root)
     * @param epsilon                 added for numerical stability, &gt; 0
     */
    public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
        super(learningRate);
        check("Adagrad", "initial_accumulator_value", initialAccumulatorValue, initialAccumulatorValue >= 0);
        check("Adagrad", "epsilon", epsilon, epsilon > 0);
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.epsilon = epsilon;
    }

    /** @return the accumulator's start */
    public double getInitialAccumulatorValue() {
        return initialAccumulatorValue;
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
    void addConfig(Map<String, Object> config) {
        config.put("initial_accumulator_value", initialAccumulatorValue);
        config.put("epsilon", epsilon);
    }
}

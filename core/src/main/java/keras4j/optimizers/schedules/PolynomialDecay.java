package keras4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code PolynomialDecay}: from {@code initial_learning_rate} to {@code end_learning_rate}
 * over {@code decay_steps} steps as {@code (initial - end) * (1 - step / decay_steps)^power + end},
 * then the end rate; with {@code cycle}, {@code decay_steps} grows to the next multiple above the step.
 *
 * <pre>{@code
 * new PolynomialDecay(0.1, 10000);                  // linearly to 1e-4 (Keras's defaults)
 * new PolynomialDecay(0.1, 10000, 0.01, 0.5, false);
 * }</pre>
 */
public final class PolynomialDecay extends LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double endLearningRate;
    private final double power;
    private final boolean cycle;

    /** Keras's defaults: end_learning_rate 1e-4, power 1, cycle False. */
    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 1e-4, 1.0, false);
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          the steps to reach the end rate, &gt; 0
     * @param endLearningRate     the final rate, &ge; 0
     * @param power               the polynomial's power
     * @param cycle               whether to decay again past {@code decaySteps}
     */
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power,
                           boolean cycle) {
        this.initialLearningRate = rate("PolynomialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = steps("PolynomialDecay", "decay_steps", decaySteps);
        this.endLearningRate = rate("PolynomialDecay", "end_learning_rate", endLearningRate);
        if (!Double.isFinite(power)) {
            throw new keras4j.Keras4jException("PolynomialDecay: invalid power=" + power + ".");
        }
        this.power = power;
        this.cycle = cycle;
    }

    @Override
    public double valueAt(long step) {
        checkStep(step);
        double s = step;
        double steps = decaySteps;
        if (cycle) {
            double multiplier = step == 0 ? 1.0 : Math.ceil(s / decaySteps);
            steps = steps * multiplier;
        } else {
            s = Math.min(s, steps);
        }
        double p = s / steps;
        return (initialLearningRate - endLearningRate) * Math.pow(1 - p, power) + endLearningRate;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("end_learning_rate", endLearningRate);
        config.put("power", power);
        config.put("cycle", cycle);
        config.put("name", "PolynomialDecay");
        return config;
    }
}

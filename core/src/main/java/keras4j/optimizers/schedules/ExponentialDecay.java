package keras4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code ExponentialDecay}: {@code initial_learning_rate * decay_rate ^ (step / decay_steps)},
 * the exponent floored when {@code staircase}.
 *
 * <pre>{@code
 * new ExponentialDecay(0.1, 1000, 0.96);         // 0.1 * 0.96^(step/1000)
 * new ExponentialDecay(0.1, 1000, 0.5, true);    // halves every 1000 steps
 * }</pre>
 */
public final class ExponentialDecay extends LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /** Keras's default staircase=False. */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          the steps over which the rate is multiplied by {@code decayRate}, &gt; 0
     * @param decayRate           the factor, &ge; 0
     * @param staircase           whether the rate changes only every {@code decaySteps} steps
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initialLearningRate = rate("ExponentialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = steps("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = rate("ExponentialDecay", "decay_rate", decayRate);
        this.staircase = staircase;
    }

    @Override
    public double valueAt(long step) {
        checkStep(step);
        double p = (double) step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate * Math.pow(decayRate, p);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("decay_rate", decayRate);
        config.put("staircase", staircase);
        config.put("name", "ExponentialDecay");
        return config;
    }
}

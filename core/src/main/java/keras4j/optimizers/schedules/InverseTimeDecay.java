package keras4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code InverseTimeDecay}: {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)},
 * {@code step / decay_steps} floored when {@code staircase}.
 *
 * <pre>{@code
 * new InverseTimeDecay(0.1, 1000, 0.5);   // 0.1 at step 0, 0.0667 at step 1000
 * }</pre>
 */
public final class InverseTimeDecay extends LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /** Keras's default staircase=False. */
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          how often the decay is applied, &gt; 0
     * @param decayRate           the decay rate, &ge; 0
     * @param staircase           whether the rate changes only every {@code decaySteps} steps
     */
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initialLearningRate = rate("InverseTimeDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = steps("InverseTimeDecay", "decay_steps", decaySteps);
        this.decayRate = rate("InverseTimeDecay", "decay_rate", decayRate);
        this.staircase = staircase;
    }

    @Override
    public double valueAt(long step) {
        checkStep(step);
        double p = (double) step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate / (1 + decayRate * p);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("decay_rate", decayRate);
        config.put("staircase", staircase);
        config.put("name", "InverseTimeDecay");
        return config;
    }
}

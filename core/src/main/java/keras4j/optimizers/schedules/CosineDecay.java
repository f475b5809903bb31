package keras4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code CosineDecay}, with its optional linear warmup: from {@code initial_learning_rate}
 * linearly to {@code warmup_target} over {@code warmup_steps} steps, then a cosine from there (or from
 * the initial rate when there is no warmup) down to {@code alpha} times it over {@code decay_steps}
 * steps, then constant.
 *
 * <pre>{@code
 * new CosineDecay(1e-3, 10_000);                       // cosine from 1e-3 to 0
 * new CosineDecay(0.0, 10_000, 0.0, 1e-3, 1_000);      // 1000 warmup steps from 0 to 1e-3, then the cosine
 * }</pre>
 */
public final class CosineDecay extends LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;
    private final Double warmupTarget;
    private final long warmupSteps;

    /** Keras's defaults: alpha 0, no warmup. */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0, null, 0);
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          the steps of the cosine, &gt; 0
     * @param alpha               the final rate as a fraction of the cosine's start
     * @param warmupTarget        the rate the warmup reaches, or null for no warmup
     * @param warmupSteps         the warmup's steps, &ge; 0
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget,
                       long warmupSteps) {
        this.initialLearningRate = rate("CosineDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = steps("CosineDecay", "decay_steps", decaySteps);
        this.alpha = rate("CosineDecay", "alpha", alpha);
        this.warmupTarget = warmupTarget == null ? null : rate("CosineDecay", "warmup_target", warmupTarget);
        if (warmupSteps < 0 || warmupTarget != null && warmupSteps == 0) {
            throw new keras4j.Keras4jException("CosineDecay: invalid warmup_steps=" + warmupSteps
                    + "; expected > 0 with a warmup_target (>= 0 without).");
        }
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double valueAt(long step) {
        checkStep(step);
        double s = step;
        if (warmupTarget == null) {
            return decay(Math.min(s, decaySteps), initialLearningRate);
        }
        s = Math.min(s, (double) decaySteps + warmupSteps);
        if (s < warmupSteps) {
            double completed = s / warmupSteps;
            return (warmupTarget - initialLearningRate) * completed + initialLearningRate;
        }
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(double step, double from) {
        double completed = step / decaySteps;
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * completed));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("alpha", alpha);
        config.put("name", "CosineDecay");
        config.put("warmup_target", warmupTarget);
        config.put("warmup_steps", warmupSteps);
        return config;
    }
}

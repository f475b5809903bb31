package keras4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code CosineDecayRestarts} (SGDR): a cosine from {@code initial_learning_rate} to
 * {@code alpha} times it over {@code first_decay_steps}, then restarts, each period {@code t_mul}
 * times longer and starting {@code m_mul} times lower than the one before.
 *
 * <pre>{@code
 * new CosineDecayRestarts(1e-3, 1000);                  // periods of 1000, 2000, 4000, ... steps
 * new CosineDecayRestarts(1e-3, 1000, 1.0, 0.5, 0.0);   // equal periods, each start halved
 * }</pre>
 */
public final class CosineDecayRestarts extends LearningRateSchedule {
    private final double initialLearningRate;
    private final long firstDecaySteps;
    private final double tMul;
    private final double mMul;
    private final double alpha;

    /** Keras's defaults: t_mul 2, m_mul 1, alpha 0. */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param firstDecaySteps     the first period's steps, &gt; 0
     * @param tMul                each period's length over the one before, &gt; 0
     * @param mMul                each period's starting rate over the one before, &ge; 0
     * @param alpha               the lowest rate as a fraction of the period's start
     */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul, double mMul,
                               double alpha) {
        this.initialLearningRate = rate("CosineDecayRestarts", "initial_learning_rate", initialLearningRate);
        this.firstDecaySteps = steps("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
        if (!(tMul > 0) || Double.isInfinite(tMul)) {
            throw new keras4j.Keras4jException("CosineDecayRestarts: invalid t_mul=" + tMul + "; expected > 0.");
        }
        this.tMul = tMul;
        this.mMul = rate("CosineDecayRestarts", "m_mul", mMul);
        this.alpha = rate("CosineDecayRestarts", "alpha", alpha);
    }

    @Override
    public double valueAt(long step) {
        checkStep(step);
        double completed = (double) step / firstDecaySteps;
        double restart;
        if (tMul == 1.0) {
            restart = Math.floor(completed);
            completed -= restart;
        } else {
            restart = Math.floor(Math.log(1.0 - completed * (1.0 - tMul)) / Math.log(tMul));
            double sum = (1.0 - Math.pow(tMul, restart)) / (1.0 - tMul);
            completed = (completed - sum) / Math.pow(tMul, restart);
        }
        double cosine = 0.5 * Math.pow(mMul, restart) * (1.0 + Math.cos(Math.PI * completed));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("first_decay_steps", firstDecaySteps);
        config.put("t_mul", tMul);
        config.put("m_mul", mMul);
        config.put("alpha", alpha);
        config.put("name", "SGDRDecay");
        return config;
    }
}

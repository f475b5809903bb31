package keras4j.optimizers.schedules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * A learning rate that changes with the optimizer's step count, Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}: usable wherever a learning rate is,
 * and evaluated before every batch at the number of steps taken so far (Keras's
 * {@code optimizer.iterations}, 0 on the first batch).
 *
 * <pre>{@code
 * LearningRateSchedule schedule = new CosineDecay(1e-3, 10_000);
 * model.compile(new Adam(schedule), Loss.get("mse"));
 * double lr = schedule.valueAt(5_000);   // 5e-4
 * }</pre>
 *
 * <p>Instances are immutable. Keras computes the value in float32, keras4j in double; the
 * optimizer then uses it in the weights' precision.
 */
public abstract sealed class LearningRateSchedule permits ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay,
        InverseTimeDecay, CosineDecay, CosineDecayRestarts {
    /** Every schedule's Keras class name, as {@link #fromConfig} accepts them. */
    public static final List<String> NAMES = List.of("ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay",
            "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts");

    LearningRateSchedule() {
    }

    /**
     * @param step the number of optimizer steps taken so far, &ge; 0
     * @return the learning rate of the next step
     */
    public abstract double valueAt(long step);

    /** @return Keras's class name, e.g. "CosineDecay" */
    public String getClassName() {
        return getClass().getSimpleName();
    }

    /** @return Keras's config keys and values */
    public abstract Map<String, Object> getConfig();

    /**
     * @param className a Keras schedule class name (one of {@link #NAMES})
     * @param config    its config, as Keras or {@link #getConfig()} writes it
     * @return the schedule
     * @throws Keras4jException for an unknown schedule or a missing argument
     */
    public static LearningRateSchedule fromConfig(String className, Map<String, ?> config) {
        String name = className == null ? "" : className;
        switch (name) {
            case "ExponentialDecay":
                return new ExponentialDecay(number(name, config, "initial_learning_rate"),
                        (long) number(name, config, "decay_steps"), number(name, config, "decay_rate"),
                        flag(config, "staircase"));
            case "PiecewiseConstantDecay":
                return new PiecewiseConstantDecay(numbers(name, config, "boundaries"), numbers(name, config, "values"));
            case "PolynomialDecay":
                return new PolynomialDecay(number(name, config, "initial_learning_rate"),
                        (long) number(name, config, "decay_steps"), optional(config, "end_learning_rate", 1e-4),
                        optional(config, "power", 1.0), flag(config, "cycle"));
            case "InverseTimeDecay":
                return new InverseTimeDecay(number(name, config, "initial_learning_rate"),
                        (long) number(name, config, "decay_steps"), number(name, config, "decay_rate"),
                        flag(config, "staircase"));
            case "CosineDecay":
                Object target = config.get("warmup_target");
                return new CosineDecay(number(name, config, "initial_learning_rate"),
                        (long) number(name, config, "decay_steps"), optional(config, "alpha", 0.0),
                        target instanceof Number n ? n.doubleValue() : null,
                        (long) optional(config, "warmup_steps", 0.0));
            case "CosineDecayRestarts":
                return new CosineDecayRestarts(number(name, config, "initial_learning_rate"),
                        (long) number(name, config, "first_decay_steps"), optional(config, "t_mul", 2.0),
                        optional(config, "m_mul", 1.0), optional(config, "alpha", 0.0));
            default:
                throw new Keras4jException("Unknown learning rate schedule '" + className + "'; keras4j has "
                        + String.join(", ", NAMES) + ".");
        }
    }

    private static double number(String schedule, Map<String, ?> config, String key) {
        if (!(config.get(key) instanceof Number n)) {
            throw new Keras4jException(schedule + ": the config has no number " + key + " (received "
                    + config.get(key) + ").");
        }
        return n.doubleValue();
    }

    private static double optional(Map<String, ?> config, String key, double otherwise) {
        return config.get(key) instanceof Number n ? n.doubleValue() : otherwise;
    }

    private static boolean flag(Map<String, ?> config, String key) {
        return Boolean.TRUE.equals(config.get(key));
    }

    private static double[] numbers(String schedule, Map<String, ?> config, String key) {
        if (!(config.get(key) instanceof List<?> list)) {
            throw new Keras4jException(schedule + ": the config has no list " + key + " (received "
                    + config.get(key) + ").");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new Keras4jException(schedule + ": " + key + " holds " + list.get(i) + ", not a number.");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    /** Keras's check of a step count argument. */
    static long steps(String schedule, String argument, long value) {
        if (value <= 0) {
            throw new Keras4jException(schedule + ": Argument `" + argument + "` must be > 0. Received: " + argument
                    + "=" + value + ".");
        }
        return value;
    }

    /** A learning rate argument: finite and &ge; 0. */
    static double rate(String schedule, String argument, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new Keras4jException(schedule + ": invalid " + argument + "=" + value
                    + "; expected a finite number >= 0.");
        }
        return value;
    }

    static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("A schedule's step is >= 0; received " + step + ".");
        }
    }

    @Override
    public String toString() {
        return getClassName() + getConfig();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && getConfig().equals(((LearningRateSchedule) o).getConfig());
    }

    @Override
    public int hashCode() {
        return getConfig().hashCode();
    }
}

package keras4j.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import keras4j.Keras4jException;
import keras4j.internal.Names;
import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * How the weights move each step. Keras's optimizers by name ({@code "sgd"}, {@code "adam"},
 * {@code "adamw"}, {@code "adamax"}, {@code "nadam"}, {@code "rmsprop"}, {@code "adagrad"},
 * {@code "adadelta"}, with Keras's defaults) or as objects with parameters. Every optimizer takes
 * Keras's common options: a {@linkplain LearningRateSchedule learning-rate schedule} in place of a
 * constant rate, gradient clipping ({@code clipnorm} per weight, {@code global_clipnorm} over all
 * gradients together, {@code clipvalue} per element; at most one of them) and decoupled
 * {@code weight_decay}.
 *
 * <pre>{@code
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * model.compile(new SGD(0.1, 0.9, true), Loss.get("mse"));
 * model.compile(new AdamW(new CosineDecay(1e-3, 10_000)).withGlobalClipnorm(1.0), Loss.get("mse"));
 * Optimizer opt = Optimizer.get("rmsprop");   // RMSprop(learning_rate=0.001)
 * }</pre>
 *
 * <p>Instances are immutable and may be shared between models; the {@code with...} methods return
 * changed copies.
 */
public abstract sealed class Optimizer implements Cloneable permits SGD, MomentOptimizer, RMSprop, Adagrad, Adadelta {
    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES = List.of("sgd", "adam", "rmsprop", "adagrad", "nadam", "adamw", "adamax",
            "adadelta");

    private double learningRate;
    private LearningRateSchedule schedule;
    private Double weightDecay;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;

    Optimizer(double learningRate) {
        check(getClass().getSimpleName(), "learning_rate", learningRate, learningRate > 0);
        this.learningRate = learningRate;
    }

    /**
     * @param name a Keras optimizer name, case-insensitive
     * @return that optimizer with Keras's default parameters
     */
    public static Optimizer get(String name) {
        switch (Names.normalize(name)) {
            case "sgd": return new SGD();
            case "adam": return new Adam();
            case "rmsprop": return new RMSprop();
            case "adagrad": return new Adagrad();
            case "nadam": return new Nadam();
            case "adamw": return new AdamW();
            case "adamax": return new Adamax();
            case "adadelta": return new Adadelta();
            default: throw Names.unknown("optimizer", name, NAMES, null);
        }
    }

    /** @return the Keras name, e.g. "adam" */
    public abstract String getName();

    /**
     * @return the step size; with a schedule, its value at step 0 (the rate of a given step is
     *         {@link #learningRateAt(long)})
     */
    public double getLearningRate() {
        return schedule == null ? learningRate : schedule.valueAt(0);
    }

    /** @param step the number of steps taken @return the learning rate of the next step */
    public double learningRateAt(long step) {
        return schedule == null ? learningRate : schedule.valueAt(step);
    }

    /** @return the learning-rate schedule, or null for a constant learning rate */
    public LearningRateSchedule getSchedule() {
        return schedule;
    }

    /** @return the decoupled weight decay, or null for none */
    public Double getWeightDecay() {
        return weightDecay;
    }

    /** @return the per-weight gradient norm limit, or null */
    public Double getClipnorm() {
        return clipnorm;
    }

    /** @return the per-element gradient limit, or null */
    public Double getClipvalue() {
        return clipvalue;
    }

    /** @return the limit of all gradients' norm together, or null */
    public Double getGlobalClipnorm() {
        return globalClipnorm;
    }

    /**
     * @param learningRate a new step size, &gt; 0
     * @return a copy of this optimizer with that constant step size (in place of any schedule)
     */
    public Optimizer withLearningRate(double learningRate) {
        check(getClass().getSimpleName(), "learning_rate", learningRate, learningRate > 0);
        Optimizer copy = copy();
        copy.learningRate = learningRate;
        copy.schedule = null;
        return copy;
    }

    /**
     * @param schedule the learning rate as a function of the step count
     * @return a copy of this optimizer with that schedule
     */
    public Optimizer withLearningRate(LearningRateSchedule schedule) {
        Optimizer copy = copy();
        copy.useSchedule(schedule);
        return copy;
    }

    /**
     * Keras's {@code weight_decay}: before each step every trainable weight is multiplied by
     * {@code 1 - learning_rate * weightDecay}.
     *
     * @param weightDecay &ge; 0
     * @return a copy with that weight decay
     */
    public Optimizer withWeightDecay(double weightDecay) {
        Optimizer copy = copy();
        copy.weightDecay = checkWeightDecay(getClass().getSimpleName(), weightDecay);
        return copy;
    }

    /**
     * Keras's {@code clipnorm}: each weight's gradient is scaled down to at most this L2 norm.
     *
     * @param clipnorm &gt; 0
     * @return a copy that clips so
     */
    public Optimizer withClipnorm(double clipnorm) {
        return clipped(clipnorm, null, null);
    }

    /**
     * Keras's {@code clipvalue}: each gradient element is clipped to [-clipvalue, clipvalue].
     *
     * @param clipvalue &gt; 0
     * @return a copy that clips so
     */
    public Optimizer withClipvalue(double clipvalue) {
        return clipped(null, clipvalue, null);
    }

    /**
     * Keras's {@code global_clipnorm}: all gradients together are scaled down to at most this L2 norm.
     *
     * @param globalClipnorm &gt; 0
     * @return a copy that clips so
     */
    public Optimizer withGlobalClipnorm(double globalClipnorm) {
        return clipped(null, null, globalClipnorm);
    }

    private Optimizer clipped(Double norm, Double value, Double global) {
        String name = getClass().getSimpleName();
        checkLimit(name, "clipnorm", norm);
        checkLimit(name, "clipvalue", value);
        checkLimit(name, "global_clipnorm", global);
        Optimizer copy = copy();
        copy.clipnorm = norm;
        copy.clipvalue = value;
        copy.globalClipnorm = global;
        return copy;
    }

    private static void checkLimit(String optimizer, String argument, Double value) {
        if (value != null) {
            check(optimizer, argument, value, value > 0);
        }
    }

    final void useSchedule(LearningRateSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    final void useWeightDecay(double weightDecay) {
        this.weightDecay = checkWeightDecay(getClass().getSimpleName(), weightDecay);
    }

    private static double checkWeightDecay(String optimizer, double weightDecay) {
        check(optimizer, "weight_decay", weightDecay, weightDecay >= 0);
        return weightDecay;
    }

    final Optimizer copy() {
        try {
            return (Optimizer) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * @return Keras's config keys and values: "name", "learning_rate" (a number, or a schedule as
     *         Keras serializes it: module, class_name, config), the common options that are set
     *         (weight_decay, clipnorm, global_clipnorm, clipvalue), then the optimizer's own
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", getName());
        config.put("learning_rate", schedule == null ? learningRate : scheduleConfig(schedule));
        putIfSet(config, "weight_decay", weightDecay);
        putIfSet(config, "clipnorm", clipnorm);
        putIfSet(config, "global_clipnorm", globalClipnorm);
        putIfSet(config, "clipvalue", clipvalue);
        addConfig(config);
        return config;
    }

    private static void putIfSet(Map<String, Object> config, String key, Double value) {
        if (value != null) {
            config.put(key, value);
        }
    }

    private static Map<String, Object> scheduleConfig(LearningRateSchedule schedule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", "keras.optimizers.schedules");
        out.put("class_name", schedule.getClassName());
        out.put("config", schedule.getConfig());
        out.put("registered_name", null);
        return out;
    }

    abstract void addConfig(Map<String, Object> config);

    /**
     * @param config the output of {@link #getConfig()} (also of older keras4j versions, which
     *               lack the newer keys), or Keras's optimizer config
     * @return the optimizer it describes
     */
    public static Optimizer fromConfig(Map<String, Object> config) {
        // the keys of every keras4j version are required, the newer ones optional; a value of the wrong
        // type throws ClassCastException, which a model file's reader names
        String name = (String) config.get("name");
        Object rate = config.get("learning_rate");
        double lr = rate instanceof Map ? 0.001 : ((Number) rate).doubleValue();
        Optimizer out;
        switch (Names.normalize(name)) {
            case "sgd":
                out = new SGD(lr, number(config, "momentum"), (Boolean) config.get("nesterov"));
                break;
            case "adam":
                out = new Adam(lr, number(config, "beta_1"), number(config, "beta_2"), number(config, "epsilon"));
                break;
            case "rmsprop":
                out = new RMSprop(lr, number(config, "rho"), optional(config, "momentum", 0.0),
                        number(config, "epsilon"), Boolean.TRUE.equals((Boolean) config.get("centered")));
                break;
            case "adagrad":
                // keras4j before initial_accumulator_value started the accumulator at 0
                out = new Adagrad(lr, optional(config, "initial_accumulator_value", 0.0), number(config, "epsilon"));
                break;
            case "nadam":
                out = new Nadam(lr, number(config, "beta_1"), number(config, "beta_2"), number(config, "epsilon"));
                break;
            case "adamw":
                out = new AdamW(lr, number(config, "weight_decay"), number(config, "beta_1"),
                        number(config, "beta_2"), number(config, "epsilon"));
                break;
            case "adamax":
                out = new Adamax(lr, number(config, "beta_1"), number(config, "beta_2"), number(config, "epsilon"));
                break;
            case "adadelta":
                out = new Adadelta(lr, number(config, "rho"), number(config, "epsilon"));
                break;
            default:
                throw Names.unknown("optimizer", name, NAMES, "a saved model");
        }
        if (rate instanceof Map<?, ?> serialized) {
            Object inner = serialized.get("config");
            @SuppressWarnings("unchecked")
            Map<String, ?> scheduleConfig = inner instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
            out.useSchedule(LearningRateSchedule.fromConfig(String.valueOf(serialized.get("class_name")),
                    scheduleConfig));
        }
        if (config.get("weight_decay") != null) {
            out.useWeightDecay(number(config, "weight_decay"));
        }
        if (out instanceof MomentOptimizer moments && Boolean.TRUE.equals(config.get("amsgrad"))) {
            if (!moments.hasAmsgrad()) {
                throw new Keras4jException(moments.getClass().getSimpleName() + " has no `amsgrad`; Adam and AdamW "
                        + "have it.");
            }
            out = moments.amsgradCopy(true);
        }
        Double norm = limit(config, "clipnorm");
        Double value = limit(config, "clipvalue");
        Double global = limit(config, "global_clipnorm");
        if ((norm != null ? 1 : 0) + (value != null ? 1 : 0) + (global != null ? 1 : 0) > 1) {
            throw new Keras4jException(out.getClass().getSimpleName() + ": Only one of `clipnorm`, `clipvalue` and "
                    + "`global_clipnorm` can be set. Received: clipnorm=" + norm + ", clipvalue=" + value
                    + ", global_clipnorm=" + global + ".");
        }
        return norm == null && value == null && global == null ? out : out.clipped(norm, value, global);
    }

    private static double number(Map<String, Object> config, String key) {
        return ((Number) config.get(key)).doubleValue();
    }

    private static double optional(Map<String, Object> config, String key, double otherwise) {
        return config.get(key) == null ? otherwise : number(config, key);
    }

    /** @return a clipping limit; null when absent, and for 0 or less (Keras then doesn't clip either) */
    private static Double limit(Map<String, Object> config, String key) {
        double value = optional(config, key, 0.0);
        return value > 0 ? value : null;
    }

    static void check(String optimizer, String argument, double value, boolean ok) {
        if (!ok || !Double.isFinite(value)) {
            throw new Keras4jException(optimizer + ": invalid " + argument + "=" + value + ".");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + getConfig();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && getConfig().equals(((Optimizer) o).getConfig());
    }

    @Override
    public int hashCode() {
        return getConfig().hashCode();
    }
}

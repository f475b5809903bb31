package keras4j.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;
import keras4j.internal.Names;

/**
 * How the weights move each step. Keras's optimizers by name ({@code "sgd"}, {@code "adam"},
 * {@code "rmsprop"}, {@code "adagrad"}, {@code "nadam"}, with Keras's defaults) or as objects with
 * parameters.
 *
 * <pre>{@code
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * model.compile(new SGD(0.1, 0.9, true), Loss.get("mse"));
 * Optimizer opt = Optimizer.get("rmsprop");   // RMSprop(learning_rate=0.001)
 * }</pre>
 *
 * <p>Instances are immutable and may be shared between models.
 */
public abstract sealed class Optimizer permits SGD, MomentOptimizer, RMSprop, Adagrad {
    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES = List.of("sgd", "adam", "rmsprop", "adagrad", "nadam");

    private final double learningRate;

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
            default: throw Names.unknown("optimizer", name, NAMES, null);
        }
    }

    /** @return the Keras name, e.g. "adam" */
    public abstract String getName();

    /** @return the step size */
    public double getLearningRate() {
        return learningRate;
    }

    /**
     * @param learningRate a new step size, &gt; 0
     * @return a copy of this optimizer with that step size
     */
    public abstract Optimizer withLearningRate(double learningRate);

    /** @return Keras's config keys and values, including "name" and "learning_rate" */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", getName());
        config.put("learning_rate", learningRate);
        addConfig(config);
        return config;
    }

    abstract void addConfig(Map<String, Object> config);

    /**
     * @param config the output of {@link #getConfig()}
     * @return the optimizer it describes
     */
    public static Optimizer fromConfig(Map<String, Object> config) {
        String name = (String) config.get("name");
        double lr = number(config, "learning_rate");
        switch (Names.normalize(name)) {
            case "sgd": return new SGD(lr, number(config, "momentum"), (Boolean) config.get("nesterov"));
            case "adam": return new Adam(lr, number(config, "beta_1"), number(config, "beta_2"), number(config, "epsilon"));
            case "rmsprop": return new RMSprop(lr, number(config, "rho"), number(config, "epsilon"));
            case "adagrad": return new Adagrad(lr, number(config, "epsilon"));
            case "nadam": return new Nadam(lr, number(config, "beta_1"), number(config, "beta_2"), number(config, "epsilon"));
            default: throw Names.unknown("optimizer", name, NAMES, "a saved model");
        }
    }

    private static double number(Map<String, Object> config, String key) {
        return ((Number) config.get(key)).doubleValue();
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

package keras4j.initializers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import keras4j.internal.Names;

/**
 * How a layer's weights start, by Keras's names: {@code glorot_uniform} (Keras's default for
 * kernels), {@code glorot_normal}, {@code he_normal}, {@code he_uniform}, {@code random_normal},
 * {@code zeros}, {@code ones}.
 *
 * <pre>{@code
 * new Dense(64, "relu").kernelInitializer("he_normal");
 * new Dense(10).kernelInitializer(Initializer.randomNormal(0.0, 0.01));
 * }</pre>
 *
 * <p>Keras draws {@code glorot_normal} and {@code he_normal} from a truncated normal; DL4J draws
 * from a plain normal with the same standard deviation. Instances are immutable.
 */
public final class Initializer {
    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES =
            List.of("glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "random_normal", "zeros", "ones");

    private final String name;
    private final double mean;
    private final double stddev;

    private Initializer(String name, double mean, double stddev) {
        this.name = name;
        this.mean = mean;
        this.stddev = stddev;
    }

    /** @return Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)) */
    public static Initializer glorotUniform() {
        return new Initializer("glorot_uniform", 0, 0);
    }

    /** @return Glorot (Xavier) normal: stddev sqrt(2 / (fan_in + fan_out)) */
    public static Initializer glorotNormal() {
        return new Initializer("glorot_normal", 0, 0);
    }

    /** @return He normal: stddev sqrt(2 / fan_in) */
    public static Initializer heNormal() {
        return new Initializer("he_normal", 0, 0);
    }

    /** @return He uniform: U(-l, l) with l = sqrt(6 / fan_in) */
    public static Initializer heUniform() {
        return new Initializer("he_uniform", 0, 0);
    }

    /** @return all zeros */
    public static Initializer zeros() {
        return new Initializer("zeros", 0, 0);
    }

    /** @return all ones */
    public static Initializer ones() {
        return new Initializer("ones", 0, 0);
    }

    /**
     * @param mean   the mean (Keras's default 0.0)
     * @param stddev the standard deviation (Keras's default 0.05), &gt; 0
     * @return a normal distribution
     */
    public static Initializer randomNormal(double mean, double stddev) {
        if (!(stddev > 0) || !Double.isFinite(mean)) {
            throw new keras4j.Keras4jException("random_normal needs a finite mean and a standard deviation > 0; "
                    + "received mean=" + mean + ", stddev=" + stddev + ".");
        }
        return new Initializer("random_normal", mean, stddev);
    }

    /**
     * @param name a Keras initializer name, e.g. "he_normal"
     * @return the initializer ({@code random_normal} with Keras's defaults 0.0 / 0.05)
     */
    public static Initializer get(String name) {
        String key = Names.normalize(name);
        switch (key) {
            case "glorot_uniform": return glorotUniform();
            case "glorot_normal": return glorotNormal();
            case "he_normal": return heNormal();
            case "he_uniform": return heUniform();
            case "zeros": return zeros();
            case "ones": return ones();
            case "random_normal": return randomNormal(0.0, 0.05);
            default: throw Names.unknown("initializer", name, NAMES, null);
        }
    }

    /** @return the Keras name, e.g. "glorot_uniform" */
    public String getName() {
        return name;
    }

    /** @return the mean of {@code random_normal} (0 for the others) */
    public double getMean() {
        return mean;
    }

    /** @return the standard deviation of {@code random_normal} (0 for the others) */
    public double getStddev() {
        return stddev;
    }

    /** @return Keras's config form: {"class_name": ..., "config": {...}} */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (name.equals("random_normal")) {
            config.put("mean", mean);
            config.put("stddev", stddev);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", name);
        out.put("config", config);
        return out;
    }

    /**
     * @param config the output of {@link #getConfig()}
     * @return the initializer it describes
     */
    public static Initializer fromConfig(Map<String, Object> config) {
        String className = (String) config.get("class_name");
        if ("random_normal".equals(className)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) config.get("config");
            return randomNormal(((Number) params.get("mean")).doubleValue(),
                    ((Number) params.get("stddev")).doubleValue());
        }
        return get(className);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initializer other && name.equals(other.name) && mean == other.mean
                && stddev == other.stddev;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mean, stddev);
    }

    @Override
    public String toString() {
        return name.equals("random_normal") ? "random_normal(mean=" + mean + ", stddev=" + stddev + ")" : name;
    }
}

package keras4j.regularizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import keras4j.Keras4jException;
import keras4j.internal.Names;

/**
 * A penalty on a layer's kernel added to the loss, with Keras's meaning: {@code l1} adds
 * {@code l1 * sum(|w|)}, {@code l2} adds {@code l2 * sum(w^2)}, {@code l1_l2} both.
 *
 * <pre>{@code
 * new Dense(64, "relu").kernelRegularizer(Regularizer.l2(1e-4));
 * new Dense(64, "relu").kernelRegularizer("l2");   // Keras's default factor 0.01
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class Regularizer {
    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES = List.of("l1", "l2", "l1_l2");
    private static final double KERAS_DEFAULT = 0.01;

    private final double l1;
    private final double l2;

    private Regularizer(double l1, double l2) {
        if (!(l1 >= 0) || !(l2 >= 0) || !Double.isFinite(l1) || !Double.isFinite(l2)) {
            throw new Keras4jException("Regularization factors must be finite and >= 0; received l1=" + l1
                    + ", l2=" + l2 + ".");
        }
        this.l1 = l1;
        this.l2 = l2;
    }

    /** @param factor the L1 factor @return an L1 penalty */
    public static Regularizer l1(double factor) {
        return new Regularizer(factor, 0);
    }

    /** @param factor the L2 factor @return an L2 penalty */
    public static Regularizer l2(double factor) {
        return new Regularizer(0, factor);
    }

    /** @param l1 the L1 factor @param l2 the L2 factor @return both penalties */
    public static Regularizer l1L2(double l1, double l2) {
        return new Regularizer(l1, l2);
    }

    /**
     * @param name "l1", "l2" or "l1_l2"
     * @return the penalty with Keras's default factor 0.01
     */
    public static Regularizer get(String name) {
        switch (Names.normalize(name)) {
            case "l1": return l1(KERAS_DEFAULT);
            case "l2": return l2(KERAS_DEFAULT);
            case "l1_l2": return l1L2(KERAS_DEFAULT, KERAS_DEFAULT);
            default: throw Names.unknown("regularizer", name, NAMES, null);
        }
    }

    /** @return the L1 factor */
    public double getL1() {
        return l1;
    }

    /** @return the L2 factor */
    public double getL2() {
        return l2;
    }

    /** @return Keras's config form */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("l1", l1);
        config.put("l2", l2);
        return config;
    }

    /** @param config the output of {@link #getConfig()} @return the regularizer */
    public static Regularizer fromConfig(Map<String, Object> config) {
        return new Regularizer(((Number) config.get("l1")).doubleValue(), ((Number) config.get("l2")).doubleValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Regularizer other && l1 == other.l1 && l2 == other.l2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(l1, l2);
    }

    @Override
    public String toString() {
        return "Regularizer(l1=" + l1 + ", l2=" + l2 + ")";
    }
}

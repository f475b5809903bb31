package keras4j.constraints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import keras4j.Keras4jException;
import keras4j.internal.Names;

/**
 * A projection of a layer's weights applied after every optimizer step, with Keras's names and
 * formulas: {@code max_norm} (norms along {@code axis} clipped to {@code max_value}),
 * {@code non_neg} (negative weights set to 0), {@code unit_norm} (norms along {@code axis} made 1),
 * {@code min_max_norm} (norms moved, at {@code rate}, into [min_value, max_value]). Norms are taken
 * along {@code axis} of the weight in Keras's layout: for a Dense kernel [in, out] Keras's default
 * axis 0 constrains each unit's incoming weights; for a Conv2D kernel [kh, kw, in, out] use axis
 * {0, 1, 2} for each filter.
 *
 * <pre>{@code
 * new Dense(64, "relu").kernelConstraint(Constraint.maxNorm(3.0));
 * new Conv2D(32, 3).kernelConstraint(Constraint.maxNorm(2.0, 0, 1, 2)).biasConstraint(Constraint.nonNeg());
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class Constraint {
    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES = List.of("max_norm", "non_neg", "unit_norm", "min_max_norm");

    private final String name;
    private final double minValue;
    private final double maxValue;
    private final double rate;
    private final int[] axis;

    private Constraint(String name, double minValue, double maxValue, double rate, int[] axis) {
        this.name = name;
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.rate = rate;
        this.axis = axis.length == 0 ? new int[] {0} : axis.clone();
    }

    /**
     * @param maxValue the largest norm, &gt; 0 (Keras's default 2)
     * @param axis     the axes along which norms are taken (Keras's default 0)
     * @return Keras's {@code MaxNorm}
     */
    public static Constraint maxNorm(double maxValue, int... axis) {
        if (!(maxValue > 0) || !Double.isFinite(maxValue)) {
            throw new Keras4jException("max_norm needs a finite max_value > 0; received max_value=" + maxValue + ".");
        }
        return new Constraint("max_norm", 0, maxValue, 1, axis);
    }

    /** @return Keras's {@code NonNeg} */
    public static Constraint nonNeg() {
        return new Constraint("non_neg", 0, 0, 1, new int[0]);
    }

    /** @param axis the axes along which norms are taken (Keras's default 0) @return Keras's {@code UnitNorm} */
    public static Constraint unitNorm(int... axis) {
        return new Constraint("unit_norm", 0, 1, 1, axis);
    }

    /**
     * @param minValue the smallest norm, &gt;= 0 (Keras's default 0.0)
     * @param maxValue the largest norm, &gt;= minValue (Keras's default 1.0)
     * @param rate     how far each step moves the norms into range, in (0, 1] (Keras's default 1.0)
     * @param axis     the axes along which norms are taken (Keras's default 0)
     * @return Keras's {@code MinMaxNorm}
     */
    public static Constraint minMaxNorm(double minValue, double maxValue, double rate, int... axis) {
        if (!(minValue >= 0) || !(maxValue >= minValue) || !Double.isFinite(maxValue)) {
            throw new Keras4jException("min_max_norm needs 0 <= min_value <= max_value; received min_value="
                    + minValue + ", max_value=" + maxValue + ".");
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new Keras4jException("min_max_norm needs a rate in (0, 1]; received rate=" + rate + ".");
        }
        return new Constraint("min_max_norm", minValue, maxValue, rate, axis);
    }

    /**
     * @param name "max_norm", "non_neg", "unit_norm" or "min_max_norm" (or Keras's class names)
     * @return the constraint with Keras's defaults
     */
    public static Constraint get(String name) {
        switch (Names.normalize(name).replace("_", "")) {
            case "maxnorm": return maxNorm(2);
            case "nonneg": return nonNeg();
            case "unitnorm": return unitNorm();
            case "minmaxnorm": return minMaxNorm(0, 1, 1);
            default: throw Names.unknown("constraint", name, NAMES, null);
        }
    }

    /** @return the Keras name, e.g. "max_norm" */
    public String getName() {
        return name;
    }

    /** @return the smallest norm ({@code min_max_norm}) */
    public double getMinValue() {
        return minValue;
    }

    /** @return the largest norm ({@code max_norm}, {@code min_max_norm}) */
    public double getMaxValue() {
        return maxValue;
    }

    /** @return the rate ({@code min_max_norm}; 1 for the others) */
    public double getRate() {
        return rate;
    }

    /** @return the axes in Keras's layout along which norms are taken */
    public int[] getAxis() {
        return axis.clone();
    }

    /** @return Keras's config form: {"class_name": ..., "config": {...}} */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (name.equals("min_max_norm")) {
            config.put("min_value", minValue);
        }
        if (name.equals("max_norm") || name.equals("min_max_norm")) {
            config.put("max_value", maxValue);
        }
        if (name.equals("min_max_norm")) {
            config.put("rate", rate);
        }
        if (!name.equals("non_neg")) {
            config.put("axis", axis.length == 1 ? (Object) axis[0] : java.util.Arrays.stream(axis).boxed().toList());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", name);
        out.put("config", config);
        return out;
    }

    /**
     * @param config the output of {@link #getConfig()}, or Keras's (its class names, missing arguments
     *               taking Keras's defaults)
     * @return the constraint it describes
     */
    public static Constraint fromConfig(Map<String, Object> config) {
        String className = String.valueOf(config.get("class_name"));
        Map<?, ?> p = config.get("config") instanceof Map<?, ?> m ? m : Map.of();
        int[] axis = axis(p.get("axis"));
        return switch (get(className).name) {
            case "max_norm" -> maxNorm(num(p, "max_value", 2), axis);
            case "unit_norm" -> unitNorm(axis);
            case "min_max_norm" -> minMaxNorm(num(p, "min_value", 0), num(p, "max_value", 1), num(p, "rate", 1), axis);
            default -> nonNeg();
        };
    }

    private static int[] axis(Object value) {
        if (value == null) {
            return new int[] {0};
        }
        List<Integer> out = new ArrayList<>();
        for (Object a : value instanceof List<?> l ? l : List.of(value)) {
            if (!(a instanceof Number n)) {
                throw new Keras4jException("A constraint's axis must be an integer or a list of integers; received "
                        + value + ".");
            }
            out.add(n.intValue());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double num(Map<?, ?> params, String key, double otherwise) {
        Object value = params.get(key);
        if (value != null && !(value instanceof Number)) {
            throw new Keras4jException("A constraint's " + key + " must be a number; received " + value + ".");
        }
        return value == null ? otherwise : ((Number) value).doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Constraint other && name.equals(other.name) && minValue == other.minValue
                && maxValue == other.maxValue && rate == other.rate && java.util.Arrays.equals(axis, other.axis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, minValue, maxValue, rate, java.util.Arrays.hashCode(axis));
    }

    @Override
    public String toString() {
        return name + getConfig().get("config");
    }
}

package keras4j.metrics;

import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/** Reads a metric's Keras config, with a message naming the metric and the key for a mistyped value. */
final class MetricConfig {
    private final String className;
    private final Map<String, ?> config;

    MetricConfig(String className, Map<String, ?> config) {
        this.className = className;
        this.config = config == null ? Map.of() : config;
    }

    boolean has(String key) {
        return config.get(key) != null;
    }

    private Keras4jException bad(String key, String expected) {
        return new Keras4jException(className + "'s config has " + key + "=" + config.get(key) + "; expected "
                + expected + ".");
    }

    String string(String key, String otherwise) {
        Object value = config.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof String s)) {
            throw bad(key, "a string");
        }
        return s;
    }

    double number(String key, double otherwise) {
        Double value = optionalNumber(key);
        return value == null ? otherwise : value;
    }

    Double optionalNumber(String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw bad(key, "a number");
        }
        return n.doubleValue();
    }

    int integer(String key, int otherwise) {
        Integer value = optionalInteger(key);
        return value == null ? otherwise : value;
    }

    Integer optionalInteger(String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw bad(key, "an integer");
        }
        return n.intValue();
    }

    boolean bool(String key) {
        Object value = config.get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw bad(key, "true or false");
        }
        return b;
    }

    /** @return Keras's {@code thresholds}: null, a number or a list of numbers */
    double[] thresholds() {
        Object value = config.get("thresholds");
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (value instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw bad("thresholds", "numbers");
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw bad("thresholds", "a number or a list of numbers");
    }
}

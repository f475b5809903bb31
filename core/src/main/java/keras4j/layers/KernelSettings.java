package keras4j.layers;

import java.util.Map;

import keras4j.Keras4jException;
import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.regularizers.Regularizer;

/**
 * The kernel and bias settings Dense and the 2-D convolutions share (initializers, kernel / bias / activity regularizers, constraints),
 * in their config's Keras keys; keys missing (files of older keras4j versions) take Keras's defaults.
 *
 * <pre>{@code
 * KernelSettings s = new KernelSettings();
 * s.addConfig(config);
 * }</pre>
 */
final class KernelSettings {
    Initializer kernelInitializer = Initializer.glorotUniform();
    Initializer biasInitializer = Initializer.zeros();
    Regularizer kernelRegularizer;
    Regularizer biasRegularizer;
    Regularizer activityRegularizer;
    Constraint kernelConstraint;
    Constraint biasConstraint;

    static Initializer bias(String layer, Initializer init) {
        if (!init.isConstant()) {
            throw new Keras4jException(layer + ": keras4j's bias_initializer is a constant (zeros, ones or "
                    + "constant(value)); received " + init + ".");
        }
        return init;
    }

    void addConfig(Map<String, Object> config) {
        addConfig(config, "kernel");
    }

    /**
     * Writes the settings under Keras's keys, the kernel's once per kernel name ({@code kernel}; a
     * SeparableConv2D's {@code depthwise} and {@code pointwise}, which keras4j sets alike).
     */
    void addConfig(Map<String, Object> config, String... kernels) {
        for (String k : kernels) {
            config.put(k + "_initializer", kernelInitializer.getConfig());
        }
        config.put("bias_initializer", biasInitializer.getConfig());
        for (String k : kernels) {
            config.put(k + "_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
        }
        config.put("bias_regularizer", biasRegularizer == null ? null : biasRegularizer.getConfig());
        config.put("activity_regularizer", activityRegularizer == null ? null : activityRegularizer.getConfig());
        for (String k : kernels) {
            config.put(k + "_constraint", kernelConstraint == null ? null : kernelConstraint.getConfig());
        }
        config.put("bias_constraint", biasConstraint == null ? null : biasConstraint.getConfig());
    }

    void fromConfig(String layer, Map<String, Object> config) {
        fromConfig(layer, config, "kernel");
    }

    /**
     * Reads what {@link #addConfig(Map, String...)} wrote: one setting per kernel, refused when two
     * kernels' settings differ (keras4j's DL4J layer takes one initializer, penalty and constraint).
     */
    @SuppressWarnings("unchecked")
    void fromConfig(String layer, Map<String, Object> config, String... kernels) {
        String first = kernels[0];
        kernelInitializer = Initializer.fromConfig((Map<String, Object>) config.get(first + "_initializer"));
        if (config.get("bias_initializer") instanceof Map<?, ?> init) {
            biasInitializer = bias(layer, Initializer.fromConfig((Map<String, Object>) init));
        }
        kernelRegularizer = regularizer(config.get(first + "_regularizer"));
        biasRegularizer = regularizer(config.get("bias_regularizer"));
        activityRegularizer = regularizer(config.get("activity_regularizer"));
        kernelConstraint = constraint(config.get(first + "_constraint"));
        biasConstraint = constraint(config.get("bias_constraint"));
        for (int i = 1; i < kernels.length; i++) {
            String k = kernels[i];
            Object init = config.get(k + "_initializer");
            same(layer, first, k, "initializer", kernelInitializer,
                    init == null ? kernelInitializer : Initializer.fromConfig((Map<String, Object>) init));
            same(layer, first, k, "regularizer", kernelRegularizer, regularizer(config.get(k + "_regularizer")));
            same(layer, first, k, "constraint", kernelConstraint, constraint(config.get(k + "_constraint")));
        }
    }

    private static void same(String layer, String first, String other, String what, Object a, Object b) {
        if (!java.util.Objects.equals(a, b)) {
            throw new Keras4jException(layer + ": " + other + "_" + what + " (" + b + ") differs from " + first + "_"
                    + what + " (" + a + "); keras4j's " + layer + " gives both kernels one " + what + ". Use the "
                    + "same for both.");
        }
    }

    @SuppressWarnings("unchecked")
    private static Regularizer regularizer(Object config) {
        return config == null ? null : Regularizer.fromConfig((Map<String, Object>) config);
    }

    @SuppressWarnings("unchecked")
    private static Constraint constraint(Object config) {
        return config == null ? null : Constraint.fromConfig((Map<String, Object>) config);
    }
}

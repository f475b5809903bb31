package keras4j.layers;

import java.util.Map;

import keras4j.Keras4jException;
import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.regularizers.Regularizer;

/**
 * The kernel and bias settings Dense and Conv2D share (initializers, kernel / bias / activity regularizers, constraints),
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
        config.put("kernel_initializer", kernelInitializer.getConfig());
        config.put("bias_initializer", biasInitializer.getConfig());
        config.put("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
        config.put("bias_regularizer", biasRegularizer == null ? null : biasRegularizer.getConfig());
        config.put("activity_regularizer", activityRegularizer == null ? null : activityRegularizer.getConfig());
        config.put("kernel_constraint", kernelConstraint == null ? null : kernelConstraint.getConfig());
        config.put("bias_constraint", biasConstraint == null ? null : biasConstraint.getConfig());
    }

    @SuppressWarnings("unchecked")
    void fromConfig(String layer, Map<String, Object> config) {
        kernelInitializer = Initializer.fromConfig((Map<String, Object>) config.get("kernel_initializer"));
        if (config.get("bias_initializer") instanceof Map<?, ?> init) {
            biasInitializer = bias(layer, Initializer.fromConfig((Map<String, Object>) init));
        }
        kernelRegularizer = regularizer(config.get("kernel_regularizer"));
        biasRegularizer = regularizer(config.get("bias_regularizer"));
        activityRegularizer = regularizer(config.get("activity_regularizer"));
        kernelConstraint = constraint(config.get("kernel_constraint"));
        biasConstraint = constraint(config.get("bias_constraint"));
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

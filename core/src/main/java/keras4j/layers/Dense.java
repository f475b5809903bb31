package keras4j.layers;

import java.util.Map;

import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.internal.Activations;
import keras4j.regularizers.Regularizer;

/**
 * A fully connected layer: {@code output = activation(input · kernel + bias)}, with Keras's
 * defaults (no activation, a bias, {@code glorot_uniform} kernel, zero bias).
 *
 * <pre>{@code
 * new Dense(64, "relu");
 * new Dense(10, "softmax").name("predictions");
 * new Dense(1).kernelInitializer("he_normal").kernelRegularizer(Regularizer.l2(1e-4));
 * new Dense(32, "relu").kernelConstraint(Constraint.maxNorm(3.0)).biasInitializer(Initializer.constant(0.1));
 * }</pre>
 *
 * <p>Takes a vector per sample: after images, put a {@link Flatten} (or
 * {@link GlobalAveragePooling2D}) first. Weights: kernel [in, units] and bias [units].
 */
public final class Dense extends Layer {
    private final int units;
    private String activation;
    private boolean useBias = true;
    private final KernelSettings kernel = new KernelSettings();

    /** @param units the number of outputs, &gt; 0 */
    public Dense(int units) {
        this(units, null);
    }

    /**
     * @param units      the number of outputs, &gt; 0
     * @param activation a Keras activation name ("relu", "softmax", ...), or null for linear
     */
    public Dense(int units, String activation) {
        require(units > 0, "Dense", "units must be a positive integer; received units=" + units + ".");
        this.units = units;
        this.activation = Activations.check(activation);
    }

    @Override
    public Dense name(String name) {
        setName(name);
        return this;
    }

    /** @param activation a Keras activation name @return this layer */
    public Dense activation(String activation) {
        checkNotCompiled();
        this.activation = Activations.check(activation);
        return this;
    }

    /** @param useBias whether to add a bias (default true) @return this layer */
    public Dense useBias(boolean useBias) {
        checkNotCompiled();
        this.useBias = useBias;
        return this;
    }

    /** @param initializer a Keras initializer name @return this layer */
    public Dense kernelInitializer(String initializer) {
        return kernelInitializer(Initializer.get(initializer));
    }

    /** @param initializer the kernel's initializer @return this layer */
    public Dense kernelInitializer(Initializer initializer) {
        checkNotCompiled();
        kernel.kernelInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public Dense kernelRegularizer(String regularizer) {
        return kernelRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the kernel's penalty, or null for none @return this layer */
    public Dense kernelRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.kernelRegularizer = regularizer;
        return this;
    }

    /** @param initializer "zeros" (default), "ones" or "constant" @return this layer */
    public Dense biasInitializer(String initializer) {
        return biasInitializer(Initializer.get(initializer));
    }

    /** @param initializer the bias's initializer, a constant ({@code Initializer.constant(0.1)}) @return this layer */
    public Dense biasInitializer(Initializer initializer) {
        checkNotCompiled();
        java.util.Objects.requireNonNull(initializer, "initializer");
        kernel.biasInitializer = KernelSettings.bias("Dense", initializer);
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public Dense biasRegularizer(String regularizer) {
        return biasRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the bias's penalty, or null for none @return this layer */
    public Dense biasRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.biasRegularizer = regularizer;
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public Dense activityRegularizer(String regularizer) {
        return activityRegularizer(Regularizer.get(regularizer));
    }

    /**
     * @param regularizer a penalty on the layer's output (divided by the batch size, as in Keras), or
     *                    null for none
     * @return this layer
     */
    public Dense activityRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.activityRegularizer = regularizer;
        return this;
    }

    /** @param constraint "max_norm", "non_neg", "unit_norm" or "min_max_norm" (Keras's defaults) @return this layer */
    public Dense kernelConstraint(String constraint) {
        return kernelConstraint(Constraint.get(constraint));
    }

    /** @param constraint the kernel's projection after each step, or null for none @return this layer */
    public Dense kernelConstraint(Constraint constraint) {
        checkNotCompiled();
        kernel.kernelConstraint = constraint;
        return this;
    }

    /** @param constraint a Keras constraint name @return this layer */
    public Dense biasConstraint(String constraint) {
        return biasConstraint(Constraint.get(constraint));
    }

    /** @param constraint the bias's projection after each step, or null for none @return this layer */
    public Dense biasConstraint(Constraint constraint) {
        checkNotCompiled();
        kernel.biasConstraint = constraint;
        return this;
    }

    /** @return the number of outputs */
    public int getUnits() {
        return units;
    }

    /** @return the activation's Keras name ("linear" when none) */
    public String getActivation() {
        return activation;
    }

    /** @return whether a bias is added */
    public boolean isUseBias() {
        return useBias;
    }

    /** @return the kernel's initializer */
    public Initializer getKernelInitializer() {
        return kernel.kernelInitializer;
    }

    /** @return the kernel's penalty, or null */
    public Regularizer getKernelRegularizer() {
        return kernel.kernelRegularizer;
    }

    /** @return the bias's initializer (a constant) */
    public Initializer getBiasInitializer() {
        return kernel.biasInitializer;
    }

    /** @return the bias's penalty, or null */
    public Regularizer getBiasRegularizer() {
        return kernel.biasRegularizer;
    }

    /** @return the penalty on the layer's output, or null */
    public Regularizer getActivityRegularizer() {
        return kernel.activityRegularizer;
    }

    /** @return the kernel's constraint, or null */
    public Constraint getKernelConstraint() {
        return kernel.kernelConstraint;
    }

    /** @return the bias's constraint, or null */
    public Constraint getBiasConstraint() {
        return kernel.biasConstraint;
    }

    @Override
    public String defaultName() {
        return "dense";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 1) {
            throw incompatible(inputShape, "a vector per sample (min_ndim=2, i.e. shape (None, features))",
                    inputShape.length == 3
                            ? "Add a Flatten() layer (or GlobalAveragePooling2D()) before this Dense layer."
                            : inputShape.length == 2 ? "Add a Flatten() layer before this Dense layer (after a "
                            + "recurrent layer: give it returnSequences(false) to keep the last step only)."
                            : "Add a Flatten() layer before this Dense layer.");
        }
        return new int[] {units};
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) inputShape[0] * units + (useBias ? units : 0);
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("units", units);
        config.put("activation", activation);
        config.put("use_bias", useBias);
        kernel.addConfig(config);
    }

    static Dense fromConfig(Map<String, Object> config) {
        Dense dense = new Dense(((Number) config.get("units")).intValue(), (String) config.get("activation"));
        dense.useBias = (Boolean) config.get("use_bias");
        dense.kernel.fromConfig("Dense", config);
        return dense;
    }
}

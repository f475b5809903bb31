package keras4j.layers;

import java.util.Map;

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
 * }</pre>
 *
 * <p>Takes a vector per sample: after images, put a {@link Flatten} (or
 * {@link GlobalAveragePooling2D}) first. Weights: kernel [in, units] and bias [units].
 */
public final class Dense extends Layer {
    private final int units;
    private String activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Regularizer kernelRegularizer;

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
        this.kernelInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public Dense kernelRegularizer(String regularizer) {
        return kernelRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the kernel's penalty, or null for none @return this layer */
    public Dense kernelRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        this.kernelRegularizer = regularizer;
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
        return kernelInitializer;
    }

    /** @return the kernel's penalty, or null */
    public Regularizer getKernelRegularizer() {
        return kernelRegularizer;
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
        config.put("kernel_initializer", kernelInitializer.getConfig());
        config.put("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
    }

    @SuppressWarnings("unchecked")
    static Dense fromConfig(Map<String, Object> config) {
        Dense dense = new Dense(((Number) config.get("units")).intValue(), (String) config.get("activation"));
        dense.useBias = (Boolean) config.get("use_bias");
        dense.kernelInitializer = Initializer.fromConfig((Map<String, Object>) config.get("kernel_initializer"));
        Object regularizer = config.get("kernel_regularizer");
        dense.kernelRegularizer = regularizer == null ? null : Regularizer.fromConfig((Map<String, Object>) regularizer);
        return dense;
    }
}

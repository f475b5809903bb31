package keras4j.layers;

import java.util.Map;

import keras4j.initializers.Initializer;
import keras4j.internal.Activations;
import keras4j.regularizers.Regularizer;

/**
 * A 1-D convolution over sequences of shape (steps, channels), with Keras's defaults (strides 1,
 * padding "valid", dilation 1, no activation, a bias, {@code glorot_uniform} kernel).
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(100, 8), new Conv1D(16, 5, "relu"),
 *         new MaxPooling1D(), new Conv1D(16, 3).padding("same").dilationRate(2), new GlobalAveragePooling1D(),
 *         new Dense(2, "softmax"));
 * new Conv1D(8, 2).padding("causal").dilationRate(4);   // each step sees itself and the steps before
 * }</pre>
 *
 * <p>Weights: kernel [kernel_size, in_channels, filters] and bias [filters], Keras's layout.
 */
public final class Conv1D extends Layer {
    private final int filters;
    private final int kernelSize;
    private int strides = 1;
    private String padding = "valid";
    private int dilationRate = 1;
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Regularizer kernelRegularizer;

    /** @param filters the number of output channels @param kernelSize the window's length */
    public Conv1D(int filters, int kernelSize) {
        require(filters > 0, "Conv1D", "filters must be a positive integer; received filters=" + filters + ".");
        require(kernelSize > 0, "Conv1D", "kernel_size must be a positive integer; received kernel_size="
                + kernelSize + ".");
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /**
     * @param filters    the number of output channels
     * @param kernelSize the window's length
     * @param activation a Keras activation name
     */
    public Conv1D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        this.activation = Activations.check(activation);
    }

    @Override
    public Conv1D name(String name) {
        setName(name);
        return this;
    }

    /** @param strides the window's step (default 1) @return this layer */
    public Conv1D strides(int strides) {
        checkNotCompiled();
        require(strides > 0, "Conv1D", "strides must be a positive integer; received strides=" + strides + ".");
        this.strides = strides;
        checkStridesAndDilation();
        return this;
    }

    /**
     * @param padding "valid" (default), "same", or "causal": {@code (kernel_size - 1) * dilation_rate}
     *                zeros before the first step, so that each output step sees only its own input
     *                step and the ones before (for temporal models, as in WaveNet)
     * @return this layer
     */
    public Conv1D padding(String padding) {
        checkNotCompiled();
        this.padding = Window.padding1d("Conv1D", padding, true);
        return this;
    }

    /** @param dilationRate the gap between the window's taps (default 1) @return this layer */
    public Conv1D dilationRate(int dilationRate) {
        checkNotCompiled();
        require(dilationRate > 0, "Conv1D", "dilation_rate must be a positive integer; received dilation_rate="
                + dilationRate + ".");
        this.dilationRate = dilationRate;
        checkStridesAndDilation();
        return this;
    }

    private void checkStridesAndDilation() {
        require(strides == 1 || dilationRate == 1, "Conv1D", "strides > 1 not supported in conjunction with "
                + "dilation_rate > 1; received strides=" + strides + " and dilation_rate=" + dilationRate + ".");
    }

    /** @param activation a Keras activation name @return this layer */
    public Conv1D activation(String activation) {
        checkNotCompiled();
        this.activation = Activations.check(activation);
        return this;
    }

    /** @param useBias whether to add a bias (default true) @return this layer */
    public Conv1D useBias(boolean useBias) {
        checkNotCompiled();
        this.useBias = useBias;
        return this;
    }

    /** @param initializer a Keras initializer name @return this layer */
    public Conv1D kernelInitializer(String initializer) {
        return kernelInitializer(Initializer.get(initializer));
    }

    /** @param initializer the kernel's initializer @return this layer */
    public Conv1D kernelInitializer(Initializer initializer) {
        checkNotCompiled();
        this.kernelInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" @return this layer */
    public Conv1D kernelRegularizer(String regularizer) {
        return kernelRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the kernel's penalty, or null @return this layer */
    public Conv1D kernelRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        this.kernelRegularizer = regularizer;
        return this;
    }

    /** @return the number of output channels */
    public int getFilters() {
        return filters;
    }

    /** @return the window's length */
    public int getKernelSize() {
        return kernelSize;
    }

    /** @return the window's step */
    public int getStrides() {
        return strides;
    }

    /** @return "valid", "same" or "causal" */
    public String getPadding() {
        return padding;
    }

    /** @return the gap between the window's taps */
    public int getDilationRate() {
        return dilationRate;
    }

    /** @return the activation's Keras name */
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
        return "conv1d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int steps = Window.sequenceOutput(this, inputShape, Window.dilatedWindow(this, kernelSize, dilationRate),
                strides, padding,
                "kernel_size " + kernelSize + (dilationRate == 1 ? "" : " (dilation_rate " + dilationRate + ")"));
        return new int[] {steps, filters};
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) kernelSize * inputShape[inputShape.length - 1] * filters + (useBias ? filters : 0);
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("filters", filters);
        config.put("kernel_size", java.util.List.of(kernelSize));
        config.put("strides", java.util.List.of(strides));
        config.put("padding", padding);
        config.put("dilation_rate", java.util.List.of(dilationRate));
        config.put("activation", activation);
        config.put("use_bias", useBias);
        config.put("kernel_initializer", kernelInitializer.getConfig());
        config.put("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
    }

    @SuppressWarnings("unchecked")
    static Conv1D fromConfig(Map<String, Object> config) {
        Conv1D conv = new Conv1D(((Number) config.get("filters")).intValue(),
                Window.single("Conv1D", "kernel_size", config.get("kernel_size")));
        conv.strides(Window.single("Conv1D", "strides", config.getOrDefault("strides", 1)));
        conv.padding((String) config.getOrDefault("padding", "valid"));
        conv.dilationRate(Window.single("Conv1D", "dilation_rate", config.getOrDefault("dilation_rate", 1)));
        conv.activation = Activations.check((String) config.getOrDefault("activation", "linear"));
        conv.useBias = (Boolean) config.getOrDefault("use_bias", true);
        Object init = config.get("kernel_initializer");
        if (init != null) {
            conv.kernelInitializer = Initializer.fromConfig((Map<String, Object>) init);
        }
        Object regularizer = config.get("kernel_regularizer");
        conv.kernelRegularizer = regularizer == null ? null : Regularizer.fromConfig((Map<String, Object>) regularizer);
        return conv;
    }
}

package keras4j.layers;

import java.util.Map;

import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.internal.Activations;
import keras4j.regularizers.Regularizer;

/**
 * A 2-D convolution over images in Keras's channels-last layout, with Keras's defaults (strides
 * 1, padding "valid", dilation 1, no activation, a bias, {@code glorot_uniform} kernel).
 *
 * <pre>{@code
 * new Conv2D(32, 5).padding("same").activation("relu");
 * new Conv2D(64, 3, "relu");
 * new Conv2D(16, new int[] {3, 5}).strides(2);
 * new Conv2D(32, 3).kernelConstraint(Constraint.maxNorm(2.0, 0, 1, 2)).activityRegularizer(Regularizer.l1(1e-5));
 * new Conv2D(8, 3).dilationRate(2).padding("same");   // an atrous convolution
 * }</pre>
 *
 * <p>Weights: kernel [kernel_height, kernel_width, in_channels, filters] and bias [filters].
 */
public final class Conv2D extends Layer {
    private final int filters;
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private String padding = "valid";
    private int[] dilationRate = {1, 1};
    private String activation = "linear";
    private boolean useBias = true;
    private final KernelSettings kernel = new KernelSettings();

    /** @param filters the number of output channels @param kernelSize the window's side */
    public Conv2D(int filters, int kernelSize) {
        this(filters, new int[] {kernelSize, kernelSize});
    }

    /**
     * @param filters    the number of output channels
     * @param kernelSize the window's side
     * @param activation a Keras activation name
     */
    public Conv2D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        this.activation = Activations.check(activation);
    }

    /** @param filters the number of output channels @param kernelSize {height, width} */
    public Conv2D(int filters, int[] kernelSize) {
        require(filters > 0, "Conv2D", "filters must be a positive integer; received filters=" + filters + ".");
        this.filters = filters;
        this.kernelSize = Window.pair("Conv2D", "kernel_size", kernelSize);
    }

    @Override
    public Conv2D name(String name) {
        setName(name);
        return this;
    }

    /** @param strides one stride or {height, width} (default 1) @return this layer */
    public Conv2D strides(int... strides) {
        checkNotCompiled();
        this.strides = Window.pair("Conv2D", "strides", strides);
        checkStridesAndDilation();
        return this;
    }

    /** @param dilationRate one rate or {height, width}: the gap between the kernel's taps (default 1) @return this layer */
    public Conv2D dilationRate(int... dilationRate) {
        checkNotCompiled();
        this.dilationRate = Window.pair("Conv2D", "dilation_rate", dilationRate);
        checkStridesAndDilation();
        return this;
    }

    private void checkStridesAndDilation() {
        boolean strided = strides[0] > 1 || strides[1] > 1;
        boolean dilated = dilationRate[0] > 1 || dilationRate[1] > 1;
        require(!strided || !dilated, "Conv2D", "strides > 1 not supported in conjunction with dilation_rate > 1; "
                + "received strides=" + java.util.Arrays.toString(strides) + " and dilation_rate="
                + java.util.Arrays.toString(dilationRate) + ".");
    }

    /** @param padding "valid" (default) or "same" @return this layer */
    public Conv2D padding(String padding) {
        checkNotCompiled();
        this.padding = Window.padding("Conv2D", padding);
        return this;
    }

    /** @param activation a Keras activation name @return this layer */
    public Conv2D activation(String activation) {
        checkNotCompiled();
        this.activation = Activations.check(activation);
        return this;
    }

    /** @param useBias whether to add a bias (default true) @return this layer */
    public Conv2D useBias(boolean useBias) {
        checkNotCompiled();
        this.useBias = useBias;
        return this;
    }

    /** @param initializer a Keras initializer name @return this layer */
    public Conv2D kernelInitializer(String initializer) {
        return kernelInitializer(Initializer.get(initializer));
    }

    /** @param initializer the kernel's initializer @return this layer */
    public Conv2D kernelInitializer(Initializer initializer) {
        checkNotCompiled();
        kernel.kernelInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" @return this layer */
    public Conv2D kernelRegularizer(String regularizer) {
        return kernelRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the kernel's penalty, or null @return this layer */
    public Conv2D kernelRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.kernelRegularizer = regularizer;
        return this;
    }

    /** @param initializer "zeros" (default), "ones" or "constant" @return this layer */
    public Conv2D biasInitializer(String initializer) {
        return biasInitializer(Initializer.get(initializer));
    }

    /** @param initializer the bias's initializer, a constant ({@code Initializer.constant(0.1)}) @return this layer */
    public Conv2D biasInitializer(Initializer initializer) {
        checkNotCompiled();
        java.util.Objects.requireNonNull(initializer, "initializer");
        kernel.biasInitializer = KernelSettings.bias("Conv2D", initializer);
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public Conv2D biasRegularizer(String regularizer) {
        return biasRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the bias's penalty, or null for none @return this layer */
    public Conv2D biasRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.biasRegularizer = regularizer;
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public Conv2D activityRegularizer(String regularizer) {
        return activityRegularizer(Regularizer.get(regularizer));
    }

    /**
     * @param regularizer a penalty on the layer's output (divided by the batch size, as in Keras), or
     *                    null for none
     * @return this layer
     */
    public Conv2D activityRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.activityRegularizer = regularizer;
        return this;
    }

    /** @param constraint "max_norm", "non_neg", "unit_norm" or "min_max_norm" (Keras's defaults) @return this layer */
    public Conv2D kernelConstraint(String constraint) {
        return kernelConstraint(Constraint.get(constraint));
    }

    /** @param constraint the kernel's projection after each step, or null for none @return this layer */
    public Conv2D kernelConstraint(Constraint constraint) {
        checkNotCompiled();
        kernel.kernelConstraint = constraint;
        return this;
    }

    /** @param constraint a Keras constraint name @return this layer */
    public Conv2D biasConstraint(String constraint) {
        return biasConstraint(Constraint.get(constraint));
    }

    /** @param constraint the bias's projection after each step, or null for none @return this layer */
    public Conv2D biasConstraint(Constraint constraint) {
        checkNotCompiled();
        kernel.biasConstraint = constraint;
        return this;
    }

    /** @return the number of output channels */
    public int getFilters() {
        return filters;
    }

    /** @return {height, width} of the window */
    public int[] getKernelSize() {
        return kernelSize.clone();
    }

    /** @return {height, width} strides */
    public int[] getStrides() {
        return strides.clone();
    }

    /** @return "valid" or "same" */
    public String getPadding() {
        return padding;
    }

    /** @return {height, width} dilation rates */
    public int[] getDilationRate() {
        return dilationRate.clone();
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
        return "conv2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        boolean dilated = dilationRate[0] > 1 || dilationRate[1] > 1;
        int[] window = {Window.dilatedWindow(this, kernelSize[0], dilationRate[0]),
            Window.dilatedWindow(this, kernelSize[1], dilationRate[1])};
        int[] hw = Window.spatialOutput(this, inputShape, window, strides, padding,
                dilated ? "dilated kernel" : "kernel_size");
        return new int[] {hw[0], hw[1], filters};
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) kernelSize[0] * kernelSize[1] * inputShape[2] * filters + (useBias ? filters : 0);
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("filters", filters);
        config.put("kernel_size", list(kernelSize));
        config.put("strides", list(strides));
        config.put("padding", padding);
        config.put("dilation_rate", list(dilationRate));
        config.put("activation", activation);
        config.put("use_bias", useBias);
        kernel.addConfig(config);
    }

    static Conv2D fromConfig(Map<String, Object> config) {
        Conv2D conv = new Conv2D(((Number) config.get("filters")).intValue(), ints(config.get("kernel_size")));
        conv.strides = Window.pair("Conv2D", "strides", ints(config.get("strides")));
        conv.padding = Window.padding("Conv2D", (String) config.get("padding"));
        Object dilation = config.get("dilation_rate");   // files of keras4j before dilation have none
        if (dilation != null) {
            conv.dilationRate(dilation instanceof Number n ? new int[] {n.intValue()} : ints(dilation));
        }
        conv.activation = Activations.check((String) config.get("activation"));
        conv.useBias = (Boolean) config.get("use_bias");
        conv.kernel.fromConfig("Conv2D", config);
        return conv;
    }
}

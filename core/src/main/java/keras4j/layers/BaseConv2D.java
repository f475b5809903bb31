package keras4j.layers;

import java.util.Map;

import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.internal.Activations;
import keras4j.regularizers.Regularizer;

/**
 * What keras4j's 2-D convolutions share ({@link Conv2D}, {@link Conv2DTranspose},
 * {@link DepthwiseConv2D}, {@link SeparableConv2D}): the window (kernel size, strides, "valid" or
 * "same" padding, dilation), the activation, the bias, and the kernel's and bias's initializers,
 * regularizers and constraints, with Keras's defaults (strides 1, padding "valid", dilation 1, no
 * activation, a bias, {@code glorot_uniform} kernel, zeros bias). Each setter returns the layer's
 * own type.
 *
 * <pre>{@code
 * Conv2D conv = new Conv2D(32, 3).strides(2).padding("same").activation("relu").kernelRegularizer("l2");
 * }</pre>
 *
 * @param <T> the layer's own class
 */
public abstract sealed class BaseConv2D<T extends BaseConv2D<T>> extends Layer
        permits Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D {
    final int[] kernelSize;
    int[] strides = {1, 1};
    String padding = "valid";
    int[] dilationRate = {1, 1};
    String activation = "linear";
    boolean useBias = true;
    final KernelSettings kernel = new KernelSettings();

    BaseConv2D(int[] kernelSize) {
        this.kernelSize = Window.pair(getClassName(), "kernel_size", kernelSize);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    @Override
    public T name(String name) {
        setName(name);
        return self();
    }

    /** @param strides one stride or {height, width} (default 1) @return this layer */
    public T strides(int... strides) {
        checkNotCompiled();
        this.strides = Window.pair(getClassName(), "strides", strides);
        checkStridesAndDilation();
        return self();
    }

    /**
     * @param dilationRate one rate or {height, width}: the gap between the kernel's taps (default 1;
     *                     Conv2DTranspose and DepthwiseConv2D take only 1)
     * @return this layer
     */
    public T dilationRate(int... dilationRate) {
        checkNotCompiled();
        int[] rate = Window.pair(getClassName(), "dilation_rate", dilationRate);
        require(dilatable() || rate[0] == 1 && rate[1] == 1, getClassName(), "dilation_rate > 1 is not in keras4j "
                + "for this layer; received dilation_rate=" + java.util.Arrays.toString(rate) + ". Use "
                + "dilation_rate=1.");
        this.dilationRate = rate;
        checkStridesAndDilation();
        return self();
    }

    private void checkStridesAndDilation() {
        boolean strided = strides[0] > 1 || strides[1] > 1;
        boolean dilated = dilationRate[0] > 1 || dilationRate[1] > 1;
        require(!strided || !dilated, getClassName(), "strides > 1 not supported in conjunction with "
                + "dilation_rate > 1; received strides=" + java.util.Arrays.toString(strides) + " and dilation_rate="
                + java.util.Arrays.toString(dilationRate) + ".");
    }

    /** @param padding "valid" (default) or "same" @return this layer */
    public T padding(String padding) {
        checkNotCompiled();
        this.padding = Window.padding(getClassName(), padding);
        return self();
    }

    /** @param activation a Keras activation name @return this layer */
    public T activation(String activation) {
        checkNotCompiled();
        this.activation = Activations.check(activation);
        return self();
    }

    /** @param useBias whether to add a bias (default true) @return this layer */
    public T useBias(boolean useBias) {
        checkNotCompiled();
        this.useBias = useBias;
        return self();
    }

    /** @param initializer a Keras initializer name @return this layer */
    public T kernelInitializer(String initializer) {
        return kernelInitializer(Initializer.get(initializer));
    }

    /** @param initializer the kernel's initializer @return this layer */
    public T kernelInitializer(Initializer initializer) {
        checkNotCompiled();
        kernel.kernelInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return self();
    }

    /** @param regularizer "l1", "l2" or "l1_l2" @return this layer */
    public T kernelRegularizer(String regularizer) {
        return kernelRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the kernel's penalty, or null @return this layer */
    public T kernelRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.kernelRegularizer = regularizer;
        return self();
    }

    /** @param initializer "zeros" (default), "ones" or "constant" @return this layer */
    public T biasInitializer(String initializer) {
        return biasInitializer(Initializer.get(initializer));
    }

    /** @param initializer the bias's initializer, a constant ({@code Initializer.constant(0.1)}) @return this layer */
    public T biasInitializer(Initializer initializer) {
        checkNotCompiled();
        java.util.Objects.requireNonNull(initializer, "initializer");
        kernel.biasInitializer = KernelSettings.bias(getClassName(), initializer);
        return self();
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public T biasRegularizer(String regularizer) {
        return biasRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the bias's penalty, or null for none @return this layer */
    public T biasRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.biasRegularizer = regularizer;
        return self();
    }

    /** @param regularizer "l1", "l2" or "l1_l2" (factor 0.01) @return this layer */
    public T activityRegularizer(String regularizer) {
        return activityRegularizer(Regularizer.get(regularizer));
    }

    /**
     * @param regularizer a penalty on the layer's output (divided by the batch size, as in Keras), or
     *                    null for none
     * @return this layer
     */
    public T activityRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        kernel.activityRegularizer = regularizer;
        return self();
    }

    /** @param constraint "max_norm", "non_neg", "unit_norm" or "min_max_norm" (Keras's defaults) @return this layer */
    public T kernelConstraint(String constraint) {
        return kernelConstraint(Constraint.get(constraint));
    }

    /** @param constraint the kernel's projection after each step, or null for none @return this layer */
    public T kernelConstraint(Constraint constraint) {
        checkNotCompiled();
        kernel.kernelConstraint = constraint;
        return self();
    }

    /** @param constraint a Keras constraint name @return this layer */
    public T biasConstraint(String constraint) {
        return biasConstraint(Constraint.get(constraint));
    }

    /** @param constraint the bias's projection after each step, or null for none @return this layer */
    public T biasConstraint(Constraint constraint) {
        checkNotCompiled();
        kernel.biasConstraint = constraint;
        return self();
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

    /** @return whether the layer takes dilation rates above 1 (DL4J's oneDNN ops lack some) */
    boolean dilatable() {
        return true;
    }

    /** @return whether any dilation rate is above 1 */
    boolean dilated() {
        return dilationRate[0] > 1 || dilationRate[1] > 1;
    }

    /** @return {height, width} of the dilated kernel's span */
    int[] window() {
        return new int[] {Window.dilatedWindow(this, kernelSize[0], dilationRate[0]),
            Window.dilatedWindow(this, kernelSize[1], dilationRate[1])};
    }

    /** @return {height, width} of a forward convolution's output over this window */
    int[] convolvedSize(int[] inputShape) {
        return Window.spatialOutput(this, inputShape, window(), strides, padding,
                dilated() ? "dilated kernel" : "kernel_size");
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    /** Adds kernel_size, strides, padding (and {@code between}'s keys), dilation_rate, activation and use_bias. */
    void addWindowConfig(Map<String, Object> config, Runnable between) {
        config.put("kernel_size", list(kernelSize));
        config.put("strides", list(strides));
        config.put("padding", padding);
        between.run();
        config.put("dilation_rate", list(dilationRate));
        config.put("activation", activation);
        config.put("use_bias", useBias);
    }

    /** Reads what {@link #addWindowConfig} wrote (and a config without dilation_rate: files of early keras4j). */
    T windowFromConfig(Map<String, Object> config) {
        Object stride = config.getOrDefault("strides", 1);
        strides = Window.pair(getClassName(), "strides", stride instanceof Number n ? new int[] {n.intValue()}
                : ints(stride));
        padding = Window.padding(getClassName(), (String) config.getOrDefault("padding", "valid"));
        Object dilation = config.get("dilation_rate");
        if (dilation != null) {
            dilationRate(dilation instanceof Number n ? new int[] {n.intValue()} : ints(dilation));
        }
        activation = Activations.check((String) config.getOrDefault("activation", "linear"));
        useBias = (Boolean) config.getOrDefault("use_bias", true);
        return self();
    }
}

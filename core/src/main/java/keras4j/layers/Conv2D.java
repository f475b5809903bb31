package keras4j.layers;

import java.util.Map;

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
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Regularizer kernelRegularizer;

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
        this.kernelInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @param regularizer "l1", "l2" or "l1_l2" @return this layer */
    public Conv2D kernelRegularizer(String regularizer) {
        return kernelRegularizer(Regularizer.get(regularizer));
    }

    /** @param regularizer the kernel's penalty, or null @return this layer */
    public Conv2D kernelRegularizer(Regularizer regularizer) {
        checkNotCompiled();
        this.kernelRegularizer = regularizer;
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
        return kernelInitializer;
    }

    /** @return the kernel's penalty, or null */
    public Regularizer getKernelRegularizer() {
        return kernelRegularizer;
    }

    @Override
    public String defaultName() {
        return "conv2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        boolean dilated = dilationRate[0] > 1 || dilationRate[1] > 1;
        int[] window = {(kernelSize[0] - 1) * dilationRate[0] + 1, (kernelSize[1] - 1) * dilationRate[1] + 1};
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
        config.put("kernel_initializer", kernelInitializer.getConfig());
        config.put("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
    }

    @SuppressWarnings("unchecked")
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
        conv.kernelInitializer = Initializer.fromConfig((Map<String, Object>) config.get("kernel_initializer"));
        Object regularizer = config.get("kernel_regularizer");
        conv.kernelRegularizer = regularizer == null ? null : Regularizer.fromConfig((Map<String, Object>) regularizer);
        return conv;
    }
}

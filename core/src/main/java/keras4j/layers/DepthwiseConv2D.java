package keras4j.layers;

import java.util.Map;

/**
 * A depthwise 2-D convolution, Keras's {@code DepthwiseConv2D}: each input channel convolved with
 * its own {@code depth_multiplier} kernels, with no sum over channels; output channel
 * {@code c * depth_multiplier + m} is input channel {@code c}'s {@code m}-th kernel. Keras's defaults
 * (depth multiplier 1, strides 1, padding "valid", no activation, a bias, {@code glorot_uniform}
 * kernel). The {@code kernel...} settings are Keras's {@code depthwise_initializer},
 * {@code depthwise_regularizer} and {@code depthwise_constraint}. Keras's {@code dilation_rate} is
 * not in keras4j for this layer (DL4J's oneDNN depthwise convolution has none in training).
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(32, 32, 3),
 *         new DepthwiseConv2D(3).depthMultiplier(2).padding("same").activation("relu"),   // 32x32x6
 *         new Conv2D(16, 1));
 * }</pre>
 *
 * <p>Weights: kernel [kernel_height, kernel_width, in_channels, depth_multiplier] and bias
 * [in_channels * depth_multiplier], Keras's layout.
 */
public final class DepthwiseConv2D extends BaseConv2D<DepthwiseConv2D> {
    private int depthMultiplier = 1;

    /** @param kernelSize the window's side */
    public DepthwiseConv2D(int kernelSize) {
        this(new int[] {kernelSize, kernelSize});
    }

    /** @param kernelSize {height, width} */
    public DepthwiseConv2D(int[] kernelSize) {
        super(kernelSize);
    }

    /** @param depthMultiplier how many kernels per input channel (default 1) @return this layer */
    public DepthwiseConv2D depthMultiplier(int depthMultiplier) {
        checkNotCompiled();
        this.depthMultiplier = checkMultiplier("DepthwiseConv2D", depthMultiplier);
        return this;
    }

    static int checkMultiplier(String layer, int depthMultiplier) {
        require(depthMultiplier > 0, layer, "depth_multiplier must be a positive integer; received depth_multiplier="
                + depthMultiplier + ".");
        return depthMultiplier;
    }

    @Override
    boolean dilatable() {
        return false;
    }

    /** @return how many kernels each input channel has */
    public int getDepthMultiplier() {
        return depthMultiplier;
    }

    @Override
    public String defaultName() {
        return "depthwise_conv2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] hw = convolvedSize(inputShape);
        return new int[] {hw[0], hw[1], inputShape[2] * depthMultiplier};
    }

    @Override
    public long countParams(int[] inputShape) {
        long channels = (long) inputShape[2] * depthMultiplier;
        return (long) kernelSize[0] * kernelSize[1] * channels + (useBias ? channels : 0);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("depth_multiplier", depthMultiplier);
        addWindowConfig(config, () -> { });
        kernel.addConfig(config, "depthwise");
    }

    static DepthwiseConv2D fromConfig(Map<String, Object> config) {
        DepthwiseConv2D conv = new DepthwiseConv2D(ints(config.get("kernel_size"))).windowFromConfig(config);
        conv.depthMultiplier(((Number) config.getOrDefault("depth_multiplier", 1)).intValue());
        conv.kernel.fromConfig("DepthwiseConv2D", config, "depthwise");
        return conv;
    }
}

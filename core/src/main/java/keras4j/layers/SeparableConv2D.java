package keras4j.layers;

import java.util.Map;

import keras4j.internal.Activations;

/**
 * A depthwise separable 2-D convolution, Keras's {@code SeparableConv2D}: a
 * {@link DepthwiseConv2D} (each input channel with its own {@code depth_multiplier} kernels) and
 * then a 1x1 convolution to {@code filters} channels, with one bias and activation at the end.
 * Keras's defaults (depth multiplier 1, strides 1, padding "valid", no activation, a bias,
 * {@code glorot_uniform} kernels). The {@code kernel...} settings apply to both kernels (Keras's
 * {@code depthwise_...} and {@code pointwise_...}, which keras4j sets alike).
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(32, 32, 3),
 *         new SeparableConv2D(16, 3, "relu").padding("same"),   // 32x32x16
 *         new SeparableConv2D(32, 3).depthMultiplier(2).strides(2));
 * }</pre>
 *
 * <p>Weights: depthwise kernel [kernel_height, kernel_width, in_channels, depth_multiplier],
 * pointwise kernel [1, 1, in_channels * depth_multiplier, filters] and bias [filters], Keras's
 * layouts and order.
 */
public final class SeparableConv2D extends BaseConv2D<SeparableConv2D> {
    private final int filters;
    private int depthMultiplier = 1;

    /** @param filters the number of output channels @param kernelSize the window's side */
    public SeparableConv2D(int filters, int kernelSize) {
        this(filters, new int[] {kernelSize, kernelSize});
    }

    /**
     * @param filters    the number of output channels
     * @param kernelSize the window's side
     * @param activation a Keras activation name
     */
    public SeparableConv2D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        this.activation = Activations.check(activation);
    }

    /** @param filters the number of output channels @param kernelSize {height, width} */
    public SeparableConv2D(int filters, int[] kernelSize) {
        super(kernelSize);
        require(filters > 0, "SeparableConv2D", "filters must be a positive integer; received filters=" + filters
                + ".");
        this.filters = filters;
    }

    /** @param depthMultiplier how many depthwise kernels per input channel (default 1) @return this layer */
    public SeparableConv2D depthMultiplier(int depthMultiplier) {
        checkNotCompiled();
        this.depthMultiplier = DepthwiseConv2D.checkMultiplier("SeparableConv2D", depthMultiplier);
        return this;
    }

    /** @return the number of output channels */
    public int getFilters() {
        return filters;
    }

    /** @return how many depthwise kernels each input channel has */
    public int getDepthMultiplier() {
        return depthMultiplier;
    }

    @Override
    public String defaultName() {
        return "separable_conv2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] hw = convolvedSize(inputShape);
        return new int[] {hw[0], hw[1], filters};
    }

    @Override
    public long countParams(int[] inputShape) {
        long middle = (long) inputShape[2] * depthMultiplier;
        return kernelSize[0] * kernelSize[1] * middle + middle * filters + (useBias ? filters : 0);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("depth_multiplier", depthMultiplier);
        config.put("filters", filters);
        addWindowConfig(config, () -> { });
        kernel.addConfig(config, "depthwise", "pointwise");
    }

    static SeparableConv2D fromConfig(Map<String, Object> config) {
        SeparableConv2D conv = new SeparableConv2D(((Number) config.get("filters")).intValue(),
                ints(config.get("kernel_size"))).windowFromConfig(config);
        conv.depthMultiplier(((Number) config.getOrDefault("depth_multiplier", 1)).intValue());
        conv.kernel.fromConfig("SeparableConv2D", config, "depthwise", "pointwise");
        return conv;
    }
}

package keras4j.layers;

import java.util.Map;

import keras4j.internal.Activations;

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
public final class Conv2D extends BaseConv2D<Conv2D> {
    private final int filters;

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
        super(kernelSize);
        require(filters > 0, "Conv2D", "filters must be a positive integer; received filters=" + filters + ".");
        this.filters = filters;
    }

    /** @return the number of output channels */
    public int getFilters() {
        return filters;
    }

    @Override
    public String defaultName() {
        return "conv2d";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] hw = convolvedSize(inputShape);
        return new int[] {hw[0], hw[1], filters};
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) kernelSize[0] * kernelSize[1] * inputShape[2] * filters + (useBias ? filters : 0);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("filters", filters);
        addWindowConfig(config, () -> { });
        kernel.addConfig(config);
    }

    static Conv2D fromConfig(Map<String, Object> config) {
        Conv2D conv = new Conv2D(((Number) config.get("filters")).intValue(), ints(config.get("kernel_size")))
                .windowFromConfig(config);
        conv.kernel.fromConfig("Conv2D", config);
        return conv;
    }
}

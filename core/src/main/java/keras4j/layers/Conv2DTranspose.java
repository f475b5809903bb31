package keras4j.layers;

import java.util.Map;

import keras4j.Keras4jException;
import keras4j.internal.Activations;

/**
 * A transposed 2-D convolution (sometimes called a deconvolution), Keras's {@code Conv2DTranspose}:
 * the gradient of a {@link Conv2D} with respect to its input, which scatters each input pixel's
 * channels, through the kernel, onto a window of the output. It upsamples by its strides: with
 * padding "same" the output is {@code input * strides}, with "valid" {@code input * strides +
 * max(kernel - strides, 0)} (the kernel dilated). Keras's defaults (strides 1, padding "valid", no
 * activation, a bias, {@code glorot_uniform} kernel). Keras's {@code output_padding} and
 * {@code dilation_rate} are not in keras4j, nor a kernel smaller than the strides.
 *
 * <pre>{@code
 * Sequential decoder = Sequential.of(new Input(7, 7, 16),
 *         new Conv2DTranspose(8, 3).strides(2).padding("same").activation("relu"),   // 14x14x8
 *         new Conv2DTranspose(1, 3, "sigmoid").strides(2).padding("same"));          // 28x28x1
 * }</pre>
 *
 * <p>Weights: kernel [kernel_height, kernel_width, filters, in_channels] (Keras's layout: the
 * output channels come before the input channels) and bias [filters].
 */
public final class Conv2DTranspose extends BaseConv2D<Conv2DTranspose> {
    private final int filters;

    /** @param filters the number of output channels @param kernelSize the window's side */
    public Conv2DTranspose(int filters, int kernelSize) {
        this(filters, new int[] {kernelSize, kernelSize});
    }

    /**
     * @param filters    the number of output channels
     * @param kernelSize the window's side
     * @param activation a Keras activation name
     */
    public Conv2DTranspose(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        this.activation = Activations.check(activation);
    }

    /** @param filters the number of output channels @param kernelSize {height, width} */
    public Conv2DTranspose(int filters, int[] kernelSize) {
        super(kernelSize);
        require(filters > 0, "Conv2DTranspose", "filters must be a positive integer; received filters=" + filters
                + ".");
        this.filters = filters;
    }

    @Override
    boolean dilatable() {
        return false;
    }

    /** @return the number of output channels */
    public int getFilters() {
        return filters;
    }

    @Override
    public String defaultName() {
        return "conv2d_transpose";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        Window.rank(this, inputShape, 3);
        int[] window = window();
        int[] out = new int[3];
        for (int axis = 0; axis < 2; axis++) {
            if (window[axis] < strides[axis]) {
                throw new Keras4jException("Layer '" + (getName() == null ? defaultName() : getName())
                        + "' (Conv2DTranspose) has a kernel_size " + java.util.Arrays.toString(window) + " smaller than its strides "
                        + java.util.Arrays.toString(strides) + ": Keras fills the gaps with the bias alone, which "
                        + "keras4j doesn't. Use a kernel_size of at least the strides.");
            }
            int in = inputShape[axis];
            out[axis] = padding.equals("same") ? in * strides[axis] : (in - 1) * strides[axis] + window[axis];
        }
        out[2] = filters;
        return out;
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) kernelSize[0] * kernelSize[1] * inputShape[2] * filters + (useBias ? filters : 0);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("filters", filters);
        addWindowConfig(config, () -> config.put("output_padding", null));
        kernel.addConfig(config);
    }

    static Conv2DTranspose fromConfig(Map<String, Object> config) {
        require(config.get("output_padding") == null, "Conv2DTranspose", "output_padding is not in keras4j yet; "
                + "received output_padding=" + config.get("output_padding") + ". Leave it None (Keras's default).");
        Conv2DTranspose conv = new Conv2DTranspose(((Number) config.get("filters")).intValue(),
                ints(config.get("kernel_size"))).windowFromConfig(config);
        conv.kernel.fromConfig("Conv2DTranspose", config);
        return conv;
    }
}

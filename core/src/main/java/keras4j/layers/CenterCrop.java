package keras4j.layers;

import java.util.Map;

import keras4j.internal.ImageResize;

/**
 * Keras's centre crop: each image (height, width, channels) is cut to its centred
 * {@code height x width} window, in training and at inference alike. As in Keras, an image
 * smaller than the target along either side is instead cropped to the target's aspect ratio and
 * resized to it (bilinear). Gradients pass through it.
 *
 * <pre>{@code
 * new CenterCrop(24, 24);   // a 28 x 28 image loses 2 pixels at each side
 * }</pre>
 */
public final class CenterCrop extends Layer {
    private final int height;
    private final int width;

    /** @param height the target height, &gt; 0 @param width the target width, &gt; 0 */
    public CenterCrop(int height, int width) {
        require(height > 0 && width > 0, "CenterCrop", "height and width must be > 0; received " + height + " x "
                + width + ".");
        this.height = height;
        this.width = width;
    }

    @Override
    public CenterCrop name(String name) {
        setName(name);
        return this;
    }

    /** @return the target height */
    public int getHeight() {
        return height;
    }

    /** @return the target width */
    public int getWidth() {
        return width;
    }

    /**
     * @param inputShape an image's shape (height, width, channels)
     * @return the rows and columns cut, {@code {top, bottom, left, right}}, or null when the image
     *         is smaller than the target along a side (then it is resized: {@link #resizedWindow})
     */
    public int[] cropping(int[] inputShape) {
        computeOutputShape(inputShape);
        int dh = inputShape[0] - height;
        int dw = inputShape[1] - width;
        return dh < 0 || dw < 0 ? null : new int[] {dh / 2, dh - dh / 2, dw / 2, dw - dw / 2};
    }

    /** @param inputShape an image's shape @return the window resized when the image is smaller than the target */
    public int[] resizedWindow(int[] inputShape) {
        return ImageResize.aspectCrop(inputShape[0], inputShape[1], height, width);
    }

    @Override
    public String defaultName() {
        return "center_crop";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw incompatible(inputShape, "an image per sample (height, width, channels)",
                    "Reshape the samples to images first, e.g. new Reshape(28, 28, 1).");
        }
        return new int[] {height, width, inputShape[2]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("height", height);
        config.put("width", width);
    }

    static CenterCrop fromConfig(Map<String, Object> config) {
        return new CenterCrop((int) number("CenterCrop", config, "height", 0),
                (int) number("CenterCrop", config, "width", 0));
    }
}

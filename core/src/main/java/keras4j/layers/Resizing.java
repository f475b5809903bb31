package keras4j.layers;

import java.util.Map;

import keras4j.internal.ImageResize;

/**
 * Keras's image resizing layer: each image (height, width, channels) becomes
 * {@code height x width} as {@code tf.image.resize} makes it (half-pixel centres; bilinear by
 * default, or nearest), in training and at inference alike, so a model can take images of one
 * size whatever size it works at. {@code cropToAspectRatio(true)} first crops the largest centred
 * window of the target's aspect ratio, as Keras does. Gradients pass through it.
 *
 * <pre>{@code
 * new Resizing(64, 64);                                  // bilinear
 * new Resizing(32, 32, "nearest");
 * new Resizing(224, 224).cropToAspectRatio(true);        // no distortion
 * }</pre>
 */
public final class Resizing extends Layer {
    private final int height;
    private final int width;
    private final String interpolation;
    private boolean cropToAspectRatio;

    /** @param height the target height @param width the target width (bilinear) */
    public Resizing(int height, int width) {
        this(height, width, "bilinear");
    }

    /**
     * @param height        the target height, &gt; 0
     * @param width         the target width, &gt; 0
     * @param interpolation "bilinear" or "nearest"
     */
    public Resizing(int height, int width, String interpolation) {
        require(height > 0 && width > 0, "Resizing", "height and width must be > 0; received " + height + " x "
                + width + ".");
        require("bilinear".equals(interpolation) || "nearest".equals(interpolation), "Resizing", "keras4j resizes "
                + "with interpolation 'bilinear' or 'nearest'; received '" + interpolation + "'.");
        this.height = height;
        this.width = width;
        this.interpolation = interpolation;
    }

    @Override
    public Resizing name(String name) {
        setName(name);
        return this;
    }

    /** @param crop whether to crop the largest centred window of the target's aspect ratio first @return this layer */
    public Resizing cropToAspectRatio(boolean crop) {
        checkNotCompiled();
        this.cropToAspectRatio = crop;
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

    /** @return "bilinear" or "nearest" */
    public String getInterpolation() {
        return interpolation;
    }

    /** @return whether the image is first cropped to the target's aspect ratio */
    public boolean isCropToAspectRatio() {
        return cropToAspectRatio;
    }

    /**
     * @param inputShape an image's shape (height, width, channels)
     * @return the window of it resized, {@code {top, height, left, width}}
     */
    public int[] window(int[] inputShape) {
        computeOutputShape(inputShape);
        return cropToAspectRatio ? ImageResize.aspectCrop(inputShape[0], inputShape[1], height, width)
                : new int[] {0, inputShape[0], 0, inputShape[1]};
    }

    @Override
    public String defaultName() {
        return "resizing";
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
        config.put("interpolation", interpolation);
        config.put("crop_to_aspect_ratio", cropToAspectRatio);
    }

    static Resizing fromConfig(Map<String, Object> config) {
        require(!Boolean.TRUE.equals(config.get("pad_to_aspect_ratio")), "Resizing", "keras4j's Resizing has no "
                + "pad_to_aspect_ratio; use crop_to_aspect_ratio, or neither.");
        require(!Boolean.TRUE.equals(config.get("antialias")), "Resizing", "keras4j's Resizing has no antialiasing "
                + "(antialias=True); use antialias=False.");
        Object interpolation = config.getOrDefault("interpolation", "bilinear");
        return new Resizing((int) number("Resizing", config, "height", 0), (int) number("Resizing", config, "width",
                0), String.valueOf(interpolation))
                .cropToAspectRatio(Boolean.TRUE.equals(config.get("crop_to_aspect_ratio")));
    }
}

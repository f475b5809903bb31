package keras4j.models;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.datasets.internal.ImageFiles;
import keras4j.models.internal.ImageFit;

/**
 * Grayscale images of {@code height x width} pixels, 0..255, scaled to [0, 1] for the model, as
 * MNIST and Fashion-MNIST are. An image file of another kind is brought to that form: made gray,
 * inverted when its background is light but the training images are light-on-dark, cropped to the
 * drawing, scaled so its longer side is {@code fitBox} pixels and centered by its centre of mass.
 * Every image goes through these steps, one of the training size too, so the same drawing gives the
 * same input at any size.
 *
 * <pre>{@code
 * ImagePreprocessing mnist = new ImagePreprocessing(28, 28, true, 20);
 * INDArray raw = mnist.fromImage(Path.of("seven.jpg"));   // [1, 28, 28], 0..255, white digit on black
 * INDArray input = mnist.transform(raw);                  // 0..1
 * }</pre>
 *
 * @param height      the training images' height in pixels
 * @param width       the training images' width in pixels
 * @param lightOnDark whether the training images draw light shapes on a dark background (MNIST does)
 * @param fitBox      the size, in pixels, of the box the drawing is scaled into: 20 for MNIST's
 *                    digits, 28 for Fashion-MNIST's clothes
 */
public record ImagePreprocessing(int height, int width, boolean lightOnDark, int fitBox) implements Preprocessing {
    static final String TYPE = "image";

    /** Checks the sizes. */
    public ImagePreprocessing {
        if (height <= 0 || width <= 0 || fitBox <= 0 || fitBox > Math.max(height, width)) {
            throw new Keras4jException("ImagePreprocessing needs positive sizes and fitBox <= the image size; got "
                    + height + "x" + width + " with fitBox " + fitBox + ".");
        }
    }

    @Override
    public INDArray transform(INDArray raw) {
        return raw.castTo(DataType.FLOAT).div(255f);
    }

    /**
     * @param image any image
     * @return the image as a training example: {@code [1, height, width]}, float 0..255
     */
    public INDArray fromImage(BufferedImage image) {
        return fromImage(image, warning -> { });
    }

    /**
     * @param image    any image
     * @param warnings told when the result is likely meaningless, e.g. "The image looks blank: ..."
     * @return the image as a training example: {@code [1, height, width]}, float 0..255
     */
    public INDArray fromImage(BufferedImage image, Consumer<String> warnings) {
        return fromImage(image, "The image", warnings);
    }

    /**
     * @param file a PNG, JPEG, GIF or BMP file, read as {@link #read(Path)} says
     * @return the image as a training example: {@code [1, height, width]}, float 0..255
     */
    public INDArray fromImage(Path file) {
        return fromImage(file, warning -> { });
    }

    /**
     * @param file     a PNG, JPEG, GIF or BMP file, read as {@link #read(Path)} says
     * @param warnings told when the result is likely meaningless, e.g. "Image file blank.png looks
     *                 blank: ..."
     * @return the image as a training example: {@code [1, height, width]}, float 0..255
     */
    public INDArray fromImage(Path file, Consumer<String> warnings) {
        return fromImage(read(file), "Image file " + file, warnings);
    }

    private INDArray fromImage(BufferedImage image, String subject, Consumer<String> warnings) {
        float[] gray = ImageFit.gray(image);
        float contrast = ImageFit.contrast(gray, image.getWidth(), image.getHeight());
        if (contrast < ImageFit.BLANK_CONTRAST) {
            warnings.accept(String.format(Locale.ROOT, "%s looks blank (its pixels differ from the background by "
                    + "at most %.0f of 255), so the prediction is a guess. Give it an image with a drawing on it.",
                    subject, contrast));
        }
        float[] pixels = ImageFit.fit(gray, image.getWidth(), image.getHeight(), width, height, lightOnDark, fitBox);
        return Nd4j.create(pixels, new long[] {1, height, width}, 'c');
    }

    /**
     * Reads an image file defensively: a file whose header declares more than 50 megapixels is
     * refused before decoding, one of more than 4 megapixels is decoded keeping every n-th pixel (so
     * memory stays bounded whatever the file claims), and a damaged or cut-short file is refused
     * even where Java's decoders would fill in the missing part.
     *
     * @param file an image file
     * @return its pixels
     * @throws Keras4jException when it is missing, not a PNG, JPEG, GIF or BMP image, too large,
     *                          damaged or cut short
     */
    public static BufferedImage read(Path file) {
        return ImageFiles.read(file);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", TYPE);
        config.put("height", height);
        config.put("width", width);
        config.put("light_on_dark", lightOnDark);
        config.put("fit_box", fitBox);
        config.put("scale", "x / 255");
        return config;
    }

    static ImagePreprocessing fromConfig(Map<String, Object> config) {
        return new ImagePreprocessing(((Number) config.get("height")).intValue(),
                ((Number) config.get("width")).intValue(), (Boolean) config.get("light_on_dark"),
                ((Number) config.get("fit_box")).intValue());
    }
}

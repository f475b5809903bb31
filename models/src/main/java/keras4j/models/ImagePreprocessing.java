package keras4j.models;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.models.internal.ImageFit;

/**
 * Grayscale images of {@code height x width} pixels, 0..255, scaled to [0, 1] for the model, as
 * MNIST and Fashion-MNIST are. An image file of another kind is brought to that form: made gray,
 * inverted when its background is light but the training images are light-on-dark, cropped to the
 * drawing, scaled so its longer side is {@code fitBox} pixels and centered.
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
 * @param fitBox      the size, in pixels, of the box the drawing is scaled into when an image of
 *                    another size is converted: 20 for MNIST's digits, 28 for Fashion-MNIST's clothes
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
        float[] pixels = ImageFit.fit(ImageFit.gray(image), image.getWidth(), image.getHeight(), width, height,
                lightOnDark, fitBox);
        return Nd4j.create(pixels, new long[] {1, height, width}, 'c');
    }

    /**
     * @param file a PNG, JPEG, GIF or BMP file
     * @return the image as a training example: {@code [1, height, width]}, float 0..255
     */
    public INDArray fromImage(Path file) {
        return fromImage(read(file));
    }

    /**
     * @param file an image file
     * @return its pixels
     * @throws Keras4jException when it is missing or not an image Java can read
     */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Keras4jException("Image file " + file + " does not exist (or is not a file). Check the path.");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new Keras4jException("Image file " + file + " can't be read (" + e.getMessage() + "). Expected a "
                    + "PNG, JPEG, GIF or BMP image.", e);
        }
        if (image == null) {
            throw new Keras4jException("File " + file + " is not an image keras4j can read. Expected a PNG, JPEG, GIF "
                    + "or BMP image.");
        }
        return image;
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

package keras4j.models;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.datasets.ImageFolderIterator;
import keras4j.datasets.internal.ImageFiles;

/**
 * Photos of {@code height x width} pixels with 1 (gray) or 3 (RGB) channels, 0..255, scaled to
 * [0, 1] for the model: the images of a folder of class subfolders ({@link ImageFolderDataSource}).
 * A new photo is read exactly as the folder's images were: its pixels with the trained channels
 * ({@link ImageFolderIterator#pixels}), resized to the trained size by TensorFlow's half-pixel
 * bilinear resize ({@link ImageFolderIterator#resize}), whatever its own size and aspect. Unlike
 * {@link ImagePreprocessing}, nothing is cropped, inverted or centered: a photo is taken whole.
 *
 * <pre>{@code
 * PhotoPreprocessing leaves = new PhotoPreprocessing(64, 64, 3);
 * INDArray raw = leaves.fromImage(Path.of("leaf.jpg"));   // [1, 64, 64, 3], 0..255
 * INDArray input = leaves.transform(raw);                 // 0..1
 * }</pre>
 *
 * @param height   the training images' height in pixels
 * @param width    the training images' width in pixels
 * @param channels 1 (gray) or 3 (RGB)
 */
public record PhotoPreprocessing(int height, int width, int channels) implements Preprocessing {
    static final String TYPE = "photo";

    /** Checks the sizes and channels. */
    public PhotoPreprocessing {
        if (height <= 0 || width <= 0 || channels != 1 && channels != 3) {
            throw new Keras4jException("PhotoPreprocessing needs a positive size and 1 or 3 channels; got " + height
                    + "x" + width + " with " + channels + " channels.");
        }
    }

    @Override
    public INDArray transform(INDArray raw) {
        return raw.castTo(DataType.FLOAT).div(255f);
    }

    /**
     * @param image any image
     * @return the image as a training example: {@code [1, height, width, channels]}, float 0..255
     */
    public INDArray fromImage(BufferedImage image) {
        float[] pixels = ImageFolderIterator.pixels(image, channels);
        float[] resized = new float[height * width * channels];
        ImageFolderIterator.resize(pixels, image.getHeight(), image.getWidth(), channels, resized, 0, height, width,
                false);
        return Nd4j.create(resized, new long[] {1, height, width, channels}, 'c');
    }

    /**
     * @param file a PNG, JPEG, GIF or BMP file, read as {@link ImagePreprocessing#read(Path)} says
     * @return the image as a training example: {@code [1, height, width, channels]}, float 0..255
     */
    public INDArray fromImage(Path file) {
        return fromImage(ImageFiles.read(file));
    }

    /** @return "RGB" or "gray" */
    public String colorName() {
        return channels == 1 ? "gray" : "RGB";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", TYPE);
        config.put("height", height);
        config.put("width", width);
        config.put("channels", channels);
        config.put("resize", "bilinear");
        config.put("scale", "x / 255");
        return config;
    }

    static PhotoPreprocessing fromConfig(Map<String, Object> config) {
        return new PhotoPreprocessing(((Number) config.get("height")).intValue(),
                ((Number) config.get("width")).intValue(), ((Number) config.get("channels")).intValue());
    }
}

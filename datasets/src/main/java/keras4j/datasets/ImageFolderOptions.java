package keras4j.datasets;

import java.util.List;
import java.util.Locale;

import keras4j.Keras4jException;

/**
 * The arguments of Keras's {@code keras.utils.image_dataset_from_directory}, with its names and
 * defaults: integer labels, RGB, batches of 32, images resized to 256 x 256 (bilinear), shuffled,
 * no validation split.
 *
 * <pre>{@code
 * ImageFolderOptions options = new ImageFolderOptions().imageSize(180, 180).batchSize(32)
 *         .validationSplit(0.2).subset("training").seed(123);
 * ImageFolderIterator train = DataUtils.imageDatasetFromDirectory(Path.of("flower_photos"), options);
 * }</pre>
 */
public final class ImageFolderOptions {
    private String labelMode = "int";
    private List<String> classNames;
    private String colorMode = "rgb";
    private int batchSize = 32;
    private int height = 256;
    private int width = 256;
    private boolean shuffle = true;
    private Long seed;
    private double validationSplit;
    private String subset;
    private String interpolation = "bilinear";
    private boolean followLinks;

    /**
     * @param mode "int" (class ids, for sparse_categorical_crossentropy), "categorical" (one-hot),
     *             "binary" (0 or 1, for two classes)
     * @return these options
     */
    public ImageFolderOptions labelMode(String mode) {
        this.labelMode = oneOf("label_mode", mode, "int", "categorical", "binary");
        return this;
    }

    /** @param names the class folders to use, in this order (default: every folder, sorted) @return these options */
    public ImageFolderOptions classNames(List<String> names) {
        this.classNames = names == null ? null : List.copyOf(names);
        return this;
    }

    /** @param mode "rgb" (3 channels), "grayscale" (1) or "rgba" (4) @return these options */
    public ImageFolderOptions colorMode(String mode) {
        this.colorMode = oneOf("color_mode", mode, "rgb", "grayscale", "rgba");
        return this;
    }

    /** @param size images per batch, at least 1 @return these options */
    public ImageFolderOptions batchSize(int size) {
        if (size < 1) {
            throw new Keras4jException("image_dataset_from_directory: batch_size must be at least 1; received " + size
                    + ".");
        }
        this.batchSize = size;
        return this;
    }

    /** @param imageHeight rows @param imageWidth columns; every image is resized to them @return these options */
    public ImageFolderOptions imageSize(int imageHeight, int imageWidth) {
        if (imageHeight < 1 || imageWidth < 1) {
            throw new Keras4jException("image_dataset_from_directory: image_size must be 2 positive integers; "
                    + "received (" + imageHeight + ", " + imageWidth + ").");
        }
        this.height = imageHeight;
        this.width = imageWidth;
        return this;
    }

    /** @param reshuffle whether to shuffle the files (once, seeded) and the batches every epoch @return these options */
    public ImageFolderOptions shuffle(boolean reshuffle) {
        this.shuffle = reshuffle;
        return this;
    }

    /** @param randomSeed the shuffling's seed, 0 to 2^32 - 1 (the same split as Keras with the same seed) @return these options */
    public ImageFolderOptions seed(long randomSeed) {
        if (randomSeed < 0 || randomSeed > 0xffffffffL) {
            throw new Keras4jException("image_dataset_from_directory: seed must be between 0 and 2**32 - 1; "
                    + "received " + randomSeed + ".");
        }
        this.seed = randomSeed;
        return this;
    }

    /** @param fraction the share of files held out for validation, in (0, 1) @return these options */
    public ImageFolderOptions validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new Keras4jException("image_dataset_from_directory: validation_split must be between 0 and 1; "
                    + "received " + fraction + ".");
        }
        this.validationSplit = fraction;
        return this;
    }

    /** @param which "training" or "validation": which side of the split to read @return these options */
    public ImageFolderOptions subset(String which) {
        this.subset = oneOf("subset", which, "training", "validation");
        return this;
    }

    /** @param method "bilinear" or "nearest" @return these options */
    public ImageFolderOptions interpolation(String method) {
        this.interpolation = oneOf("interpolation", method, "bilinear", "nearest");
        return this;
    }

    /** @param follow whether to enter linked folders @return these options */
    public ImageFolderOptions followLinks(boolean follow) {
        this.followLinks = follow;
        return this;
    }

    String labelMode() {
        return labelMode;
    }

    List<String> classNames() {
        return classNames;
    }

    int channels() {
        return switch (colorMode) {
            case "grayscale" -> 1;
            case "rgba" -> 4;
            default -> 3;
        };
    }

    int batchSize() {
        return batchSize;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    boolean shuffle() {
        return shuffle;
    }

    Long seed() {
        return seed;
    }

    double validationSplit() {
        return validationSplit;
    }

    String subset() {
        return subset;
    }

    boolean nearest() {
        return interpolation.equals("nearest");
    }

    boolean followLinks() {
        return followLinks;
    }

    private static String oneOf(String argument, String value, String... allowed) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new Keras4jException("image_dataset_from_directory: " + argument + " must be one of "
                + String.join(", ", allowed) + "; received " + value + ".");
    }
}

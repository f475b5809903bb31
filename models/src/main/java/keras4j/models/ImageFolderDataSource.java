package keras4j.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.Keras4jException;
import keras4j.datasets.DataUtils;
import keras4j.datasets.ImageFolderIterator;
import keras4j.datasets.ImageFolderOptions;
import keras4j.datasets.LabeledData;

/**
 * A user's folder of photos as a data source: a subfolder per class ({@code leaves/healthy/*.jpg},
 * {@code leaves/rust/*.jpg}, ...), listed, split and resized as Keras's
 * {@code image_dataset_from_directory} does ({@link DataUtils#imageDatasetFromDirectory}): the
 * files are shuffled with the seed and {@code validationSplit} of them held out as the test set;
 * every image is resized (bilinear) to {@code height x width}, RGB or gray. The images are then
 * held in memory, as a recipe's data is, so a folder that would take too much of it is refused
 * before any image is read (see {@link #memoryBound()}).
 *
 * <pre>{@code
 * ImageFolderDataSource leaves = new ImageFolderDataSource(Path.of("leaves")).imageSize(64, 64);
 * RecipeData data = leaves.load();     // xTrain [n, 64, 64, 3], 0..255; classNames [healthy, rust, ...]
 * }</pre>
 */
public final class ImageFolderDataSource implements DataSource {
    /** The name in {@link #getConfig()}. */
    public static final String NAME = "image-folder";
    /** The default image size: small enough that a few thousand photos train in minutes on a CPU. */
    public static final int DEFAULT_SIZE = 64;
    /** The default share of the images held out as the test set, as in Keras's image classification tutorial. */
    public static final double DEFAULT_VALIDATION_SPLIT = 0.2;
    /** The share of the largest memory the JVM may use that the images may take as floats. */
    public static final double MEMORY_SHARE = 0.25;

    private static final int BATCH = 64;

    private final Path folder;
    private int height = DEFAULT_SIZE;
    private int width = DEFAULT_SIZE;
    private int channels = 3;
    private double validationSplit = DEFAULT_VALIDATION_SPLIT;
    private long seed = DataSources.SPLIT_SEED;

    /** @param folder a folder with a subfolder of images per class; read by {@link #load()} */
    public ImageFolderDataSource(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * @param imageHeight rows
     * @param imageWidth  columns; every image is resized to them
     * @return this source
     */
    public ImageFolderDataSource imageSize(int imageHeight, int imageWidth) {
        if (imageHeight < 1 || imageWidth < 1) {
            throw new Keras4jException("The image size must be positive; received " + imageHeight + "x" + imageWidth
                    + ".");
        }
        this.height = imageHeight;
        this.width = imageWidth;
        return this;
    }

    /** @param gray whether to read the images as gray (1 channel) rather than RGB (3) @return this source */
    public ImageFolderDataSource grayscale(boolean gray) {
        this.channels = gray ? 1 : 3;
        return this;
    }

    /** @param fraction the share of the images held out as the test set, in (0, 1) (default 0.2) @return this source */
    public ImageFolderDataSource validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new Keras4jException("The validation split must be between 0 and 1 (exclusive); received "
                    + fraction + ".");
        }
        this.validationSplit = fraction;
        return this;
    }

    /** @param splitSeed the shuffle's seed, 0 to 2^32 - 1 (default 42; Keras splits alike) @return this source */
    public ImageFolderDataSource seed(long splitSeed) {
        if (splitSeed < 0 || splitSeed > 0xffffffffL) {
            throw new Keras4jException("The split's seed must be between 0 and 2^32 - 1; received " + splitSeed + ".");
        }
        this.seed = splitSeed;
        return this;
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return the preprocessing of these images: the size, the channels, x / 255 */
    public PhotoPreprocessing preprocessing() {
        return new PhotoPreprocessing(height, width, channels);
    }

    /**
     * @param other another folder
     * @return a source with these options on that folder
     */
    public ImageFolderDataSource withFolder(Path other) {
        ImageFolderDataSource copy = new ImageFolderDataSource(other).imageSize(height, width).validationSplit(
                validationSplit).seed(seed);
        copy.channels = channels;
        return copy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "image folder " + folder;
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    /**
     * @return the most bytes the images may take as floats: {@value #MEMORY_SHARE} of the JVM's
     *         largest heap ({@code -Xmx}), since training holds them twice (as read, and scaled) and
     *         DL4J's off-heap arrays are by default bounded by the heap's size too
     */
    public static long memoryBound() {
        return (long) (Runtime.getRuntime().maxMemory() * MEMORY_SHARE);
    }

    private String where() {
        return "Image folder " + folder;
    }

    private ImageFolderOptions options() {
        return new ImageFolderOptions().imageSize(height, width).colorMode(channels == 1 ? "grayscale" : "rgb")
                .batchSize(BATCH);
    }

    /** Lists the folder (no image is read) and refuses what can't be trained on, or evaluated on. */
    private ImageFolderIterator list(ImageFolderOptions options, boolean training) {
        if (!Files.isDirectory(folder)) {
            throw new Keras4jException(where() + (Files.exists(folder) ? " is a file, not a folder" : " does not "
                    + "exist") + ". Give a folder with a subfolder of images per class, e.g. leaves/healthy/*.jpg, "
                    + "leaves/rust/*.jpg.");
        }
        ImageFolderIterator all = DataUtils.imageDatasetFromDirectory(folder, options);
        List<String> classes = all.getClassNames();
        if (classes.isEmpty() || training && classes.size() < 2) {
            throw new Keras4jException(where() + " has " + (classes.isEmpty() ? "no class subfolders" : "only one "
                    + "class subfolder, '" + classes.get(0) + "'") + ", so there is nothing to tell apart: a "
                    + "classifier needs at least 2. Put each class's images in a subfolder of its own, e.g. "
                    + "leaves/healthy/*.jpg, leaves/rust/*.jpg.");
        }
        checkMemory(all.getFilePaths().size());
        return all;
    }

    private void checkMemory(long images) {
        long bytes = images * height * width * channels * Float.BYTES;
        long bound = memoryBound();
        if (bytes > bound) {
            long fits = (long) Math.floor(Math.sqrt((double) bound / (images * channels * Float.BYTES)));
            throw new Keras4jException(String.format(Locale.ROOT, "%s holds %,d images, which at %dx%d %s take "
                    + "%,d MB in memory, more than the %,d MB training may use (a quarter of the Java heap's "
                    + "maximum, %,d MB). Use a smaller size (--size %d or less%s), or a larger heap (-Xmx; for the "
                    + "keras4j command, e.g. KERAS4J_JAVA_OPTS=-Xmx8g).", where(), images, height, width,
                    channels == 1 ? "gray" : "RGB", bytes >> 20, bound >> 20, Runtime.getRuntime().maxMemory() >> 20, fits,
                    channels == 1 ? "" : ", or --grayscale"));
        }
    }

    @Override
    public RecipeData load() {
        ImageFolderIterator all = list(options().seed(seed), true);
        int total = all.getFilePaths().size();
        int held = (int) (validationSplit * total);   // as Keras counts the validation subset
        if (held < 1 || held >= total) {
            throw new Keras4jException(String.format(Locale.ROOT, "%s has %d images: a validation split of %s holds "
                    + "out %d of them, but training needs at least one image to train on and one to test on. Add "
                    + "images, or use a %s --validation-split.", where(), total, validationSplit, held,
                    held < 1 ? "larger" : "smaller"));
        }
        LabeledData train = read(subset("training"));
        LabeledData test = read(subset("validation"));
        return new RecipeData(NAME, Task.CLASSIFICATION, train.x(), train.y(), test.x(), test.y(),
                all.getClassNames(), List.of(), "class", preprocessing());
    }

    private ImageFolderIterator subset(String which) {
        return DataUtils.imageDatasetFromDirectory(folder, options().seed(seed).validationSplit(validationSplit)
                .subset(which));
    }

    /**
     * Reads every image of the folder (no split) as test examples, labelled with a model's class
     * names, e.g. to evaluate a model on a new folder of photos.
     *
     * @param classNames the class names the model was trained with
     * @return every image, resized, 0..255, and its class id among {@code classNames}
     * @throws Keras4jException when a subfolder is a class the model doesn't know
     */
    public LabeledData loadAll(List<String> classNames) {
        ImageFolderIterator all = list(options().shuffle(false), false);
        for (String name : all.getClassNames()) {
            if (!classNames.contains(name)) {
                throw new Keras4jException(where() + " has the class subfolder '" + name + "', which the model does "
                        + "not know. Its classes are " + String.join(", ", classNames) + ".");
            }
        }
        LabeledData data = read(all);
        INDArray ids = data.y().dup();
        for (int i = 0; i < ids.length(); i++) {
            ids.putScalar(i, classNames.indexOf(all.getClassNames().get(ids.getInt(i))));
        }
        return new LabeledData(data.x(), ids);
    }

    /** @return one subset's images {@code [n, height, width, channels]} and class ids {@code [n]}, in file order */
    private LabeledData read(ImageFolderIterator images) {
        int n = images.getFilePaths().size();
        INDArray x = Nd4j.create(DataType.FLOAT, n, height, width, channels);
        float[] y = new float[n];
        int at = 0;
        images.reset();
        while (images.hasNext()) {
            DataSet batch = images.next();
            int count = batch.numExamples();
            x.get(NDArrayIndex.interval(at, at + count)).assign(batch.getFeatures());
            float[] labels = batch.getLabels().toFloatVector();
            System.arraycopy(labels, 0, y, at, count);
            at += count;
        }
        return new LabeledData(x, Nd4j.createFromArray(y));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", NAME);
        config.put("folder", folder.toString());
        config.put("height", height);
        config.put("width", width);
        config.put("color_mode", channels == 1 ? "grayscale" : "rgb");
        config.put("validation_split", validationSplit);
        config.put("seed", seed);
        return config;
    }

    static ImageFolderDataSource fromConfig(Map<String, Object> config) {
        return new ImageFolderDataSource(Path.of((String) config.get("folder")))
                .imageSize(((Number) config.get("height")).intValue(), ((Number) config.get("width")).intValue())
                .grayscale("grayscale".equals(config.get("color_mode")))
                .validationSplit(((Number) config.get("validation_split")).doubleValue())
                .seed(((Number) config.get("seed")).longValue());
    }
}

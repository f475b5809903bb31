package keras4j.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Stream;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.datasets.internal.ImageFiles;
import keras4j.datasets.internal.NumpyRandomState;

/**
 * A folder of images, a subfolder per class, streamed in batches: Keras's
 * {@code image_dataset_from_directory}. Files are listed as Keras lists them (class folders
 * sorted, then the files of each, sorted, in every subfolder), shuffled once with NumPy's
 * generator, so that a seeded {@code validationSplit} puts the same files on each side as Keras,
 * and read a batch at a time: the folder never has to fit in memory. Each batch holds images
 * [n, height, width, channels] (float pixel values 0..255, as Keras gives them; add
 * {@code ImagePreProcessingScaler} as the preprocessor, or scale in the model, for 0..1) and labels
 * (class ids [n, 1], one-hot [n, classes] or 0/1 [n, 1]). A file that can't be read is refused
 * with its name.
 *
 * <pre>{@code
 * ImageFolderIterator train = DataUtils.imageDatasetFromDirectory(Path.of("leaves"),
 *         new ImageFolderOptions().imageSize(128, 128).validationSplit(0.2).subset("training").seed(42));
 * train.getClassNames();     // ["healthy", "rust", "scab"]
 * model.fit(train, new FitOptions().epochs(10));
 * }</pre>
 *
 * <p>Where it differs from Keras: batches are reshuffled every epoch over the whole subset (Keras
 * shuffles within a buffer of 8 batches), with Java's generator; RGB becomes gray by ITU-R 601
 * luma; GIFs give their first frame.
 */
public final class ImageFolderIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    /** The file names Keras reads, as {@code ALLOWLIST_FORMATS}. */
    public static final List<String> FORMATS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;
    private final int found;
    private final ImageFolderOptions options;
    private final transient Random epochs;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    private ImageFolderIterator(List<Path> files, int[] labels, List<String> classNames, int found,
                                ImageFolderOptions options, long seed) {
        this.files = List.copyOf(files);
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.found = found;
        this.options = options;
        this.epochs = new Random(seed);
        reset();
    }

    /** @see DataUtils#imageDatasetFromDirectory(Path, ImageFolderOptions) */
    static ImageFolderIterator of(Path directory, ImageFolderOptions options) {
        String where = "image_dataset_from_directory(" + directory + ")";
        if (!Files.isDirectory(directory)) {
            throw new Keras4jException(where + ": no such folder. Give a folder with a subfolder of images per class.");
        }
        boolean split = options.validationSplit() > 0;
        if (split != (options.subset() != null)) {
            throw new Keras4jException(where + ": validationSplit and subset go together: give both (e.g. "
                    + "validationSplit(0.2).subset(\"training\")) or neither.");
        }
        if (split && options.shuffle() && options.seed() == null) {
            throw new Keras4jException(where + ": with validationSplit and shuffling, give a seed, so that the "
                    + "training and validation subsets are split the same way and don't overlap.");
        }
        List<String> subdirs = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().forEach(subdirs::add);
        } catch (IOException e) {
            throw new Keras4jException(where + ": the folder can't be listed: " + e.getMessage());
        }
        if (options.classNames() != null) {
            if (!subdirs.containsAll(options.classNames())) {
                throw new Keras4jException(where + ": the classNames given don't match the subfolders. Expected "
                        + subdirs + " (or a part of it), but received " + options.classNames() + ".");
            }
            subdirs = options.classNames();
        }
        List<Path> paths = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int c = 0; c < subdirs.size(); c++) {
            for (Path file : images(directory.resolve(subdirs.get(c)), options.followLinks(), where)) {
                paths.add(file);
                ids.add(c);
            }
        }
        if (options.labelMode().equals("binary") && subdirs.size() != 2) {
            throw new Keras4jException(where + ": labelMode \"binary\" needs exactly 2 classes; the folder has "
                    + subdirs.size() + " " + subdirs + ". Use \"int\" or \"categorical\".");
        }
        long seed = options.seed() != null ? options.seed() : new Random().nextInt(1_000_000);
        if (options.shuffle()) {   // as Keras: one NumPy generator per list, seeded alike
            new NumpyRandomState(seed).shuffle(paths);
            new NumpyRandomState(seed).shuffle(ids);
        }
        int found = paths.size();
        if (split) {
            int validation = (int) (options.validationSplit() * found);
            int training = found - validation;
            boolean train = options.subset().equals("training");
            paths = new ArrayList<>(train ? paths.subList(0, training) : paths.subList(training, found));
            ids = new ArrayList<>(train ? ids.subList(0, training) : ids.subList(training, found));
        }
        if (paths.isEmpty()) {
            throw new Keras4jException(where + ": no " + (split ? options.subset() + " " : "") + "images found in "
                    + found + " files" + (subdirs.isEmpty() ? " (the folder has no class subfolders)" : " in "
                    + subdirs.size() + " class folders " + subdirs) + ". keras4j reads files named "
                    + String.join(", ", FORMATS) + ".");
        }
        return new ImageFolderIterator(paths, ids.stream().mapToInt(Integer::intValue).toArray(), subdirs, found,
                options, seed);
    }

    /** @return a class folder's image files, as Keras's {@code iter_valid_files} orders them: by folder, then name */
    private static List<Path> images(Path folder, boolean followLinks, String where) {
        FileVisitOption[] visit = followLinks ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS}
                : new FileVisitOption[0];
        try (Stream<Path> walk = Files.walk(folder, visit)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> FORMATS.stream().anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
                    .sorted(Comparator.<Path, String>comparing(p -> p.getParent().toString())
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new Keras4jException(where + ": the folder " + folder + " can't be read: " + e.getMessage());
        }
    }

    /** @return the class names, the label ids' order (the subfolders, sorted) */
    public List<String> getClassNames() {
        return classNames;
    }

    /** @return the files of this subset, in the order after Keras's shuffle */
    public List<Path> getFilePaths() {
        return files;
    }

    /** @return each file's class id, in {@link #getFilePaths()} order */
    public int[] getFileLabels() {
        return labels.clone();
    }

    @Override
    public String toString() {
        return "Found " + found + " files belonging to " + classNames.size() + " classes" + (options.subset() == null
                ? "" : "; using " + files.size() + " files for " + options.subset()) + ".";
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(options.batchSize());
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("The epoch is over: call reset() to start the next one.");
        }
        int count = Math.min(num, order.length - cursor);
        int h = options.height();
        int w = options.width();
        int c = options.channels();
        float[] features = new float[count * h * w * c];
        boolean oneHot = options.labelMode().equals("categorical");
        float[] targets = new float[oneHot ? count * classNames.size() : count];
        for (int k = 0; k < count; k++) {
            int index = order[cursor + k];
            BufferedImage image = ImageFiles.read(files.get(index));
            float[] pixels = pixels(image, c);
            resize(pixels, image.getHeight(), image.getWidth(), c, features, k * h * w * c, h, w, options.nearest());
            if (oneHot) {
                targets[k * classNames.size() + labels[index]] = 1f;
            } else {
                targets[k] = labels[index];
            }
        }
        cursor += count;
        DataSet batch = new DataSet(Nd4j.create(features, new long[] {count, h, w, c}, 'c'),
                Nd4j.create(targets, oneHot ? new long[] {count, classNames.size()} : new long[] {count, 1}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /**
     * The pixels of one image as the batches hold them, before {@link #resize}; what a model trained
     * on a folder uses to read a new photo the same way.
     *
     * <pre>{@code
     * BufferedImage photo = ImageIO.read(file);
     * float[] rgb = ImageFolderIterator.pixels(photo, 3);   // [h, w, 3], row by row
     * }</pre>
     *
     * @param image    the image
     * @param channels 1 (gray), 3 (RGB) or 4 (RGBA)
     * @return the image's values 0..255 with {@code channels} per pixel, row by row: a gray image's
     *         samples as stored, RGB(A) as sRGB, gray from RGB by ITU-R 601 luma, alpha 255 when absent
     */
    public static float[] pixels(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h * channels];
        ColorModel model = image.getColorModel();
        boolean gray = model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        Raster raster = image.getRaster();
        float scale = gray ? 255f / ((1L << model.getComponentSize(0)) - 1) : 1f;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float r;
                float g;
                float b;
                float a = 255f;
                if (gray) {
                    r = raster.getSample(x, y, 0) * scale;
                    g = r;
                    b = r;
                    if (model.hasAlpha()) {
                        a = raster.getSample(x, y, 1) * 255f / ((1L << model.getComponentSize(1)) - 1);
                    }
                } else {
                    int argb = image.getRGB(x, y);
                    a = (argb >>> 24) & 0xff;
                    r = (argb >> 16) & 0xff;
                    g = (argb >> 8) & 0xff;
                    b = argb & 0xff;
                }
                int at = (y * w + x) * channels;
                if (channels == 1) {
                    out[at] = gray ? r : 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    out[at] = r;
                    out[at + 1] = g;
                    out[at + 2] = b;
                    if (channels == 4) {
                        out[at + 3] = a;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Resizes {@code [sh, sw, c]} values into {@code out} at {@code offset} as {@code [th, tw, c]},
     * as TensorFlow's {@code tf.image.resize} does (half-pixel centres; bilinear without
     * antialiasing, or nearest).
     *
     * <pre>{@code
     * float[] out = new float[64 * 64 * 3];
     * ImageFolderIterator.resize(rgb, photo.getHeight(), photo.getWidth(), 3, out, 0, 64, 64, false);
     * }</pre>
     *
     * @param in      the source values {@code [sh, sw, c]}, row by row
     * @param sh      the source's height
     * @param sw      the source's width
     * @param c       channels per pixel
     * @param out     where the result goes
     * @param offset  where in {@code out} it starts
     * @param th      the target height
     * @param tw      the target width
     * @param nearest nearest-neighbour instead of bilinear
     */
    public static void resize(float[] in, int sh, int sw, int c, float[] out, int offset, int th, int tw,
                              boolean nearest) {
        keras4j.internal.ImageResize.resize(in, sh, sw, c, out, offset, th, tw, nearest);   // also the Resizing layer's
    }

    @Override
    public int inputColumns() {
        return options.height() * options.width() * options.channels();
    }

    @Override
    public int totalOutcomes() {
        return options.labelMode().equals("categorical") ? classNames.size() : 1;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        order = new int[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = epochs.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    @Override
    public int batch() {
        return options.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor processor) {
        this.preProcessor = processor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return classNames;
    }
}

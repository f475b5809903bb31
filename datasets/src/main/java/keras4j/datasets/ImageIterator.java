package keras4j.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import keras4j.Keras4jException;
import keras4j.datasets.internal.IdxFile;
import keras4j.datasets.internal.IdxReader;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streams an image data set batch by batch for {@code fit}, straight from its verified,
 * uncompressed IDX file: the file is memory-mapped, so no copy of the whole set is held on the Java
 * heap or in ND4J's memory, only the current batch. By default features are scaled to [0, 1] and
 * flattened, labels are one-hot, and training batches are reshuffled every epoch with a fixed seed.
 *
 * <pre>{@code
 * DataSetIterator train = Mnist.iterator(Subset.TRAIN).batchSize(64).build();
 * DataSetIterator test = Mnist.iterator(Subset.TEST).batchSize(1000).build();
 * DataSetIterator cnn = FashionMnist.iterator(Subset.TRAIN).layout(ImageLayout.CHANNELS_LAST).build();
 * }</pre>
 *
 * <p>Not thread-safe: one consumer at a time (DL4J's asynchronous prefetch is one).
 */
@SuppressWarnings("serial") // DataSetIterator is Serializable; a memory-mapped file cannot be.
public final class ImageIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final ByteBuffer images;
    private final byte[] labels;
    private final int rows;
    private final int columns;
    private final List<String> classNames;
    private final int batchSize;
    private final ImageLayout layout;
    private final boolean scale;
    private final boolean oneHot;
    private final boolean shuffle;
    private final Random random;
    private final int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    private ImageIterator(Builder b, ByteBuffer images, byte[] labels, int count) {
        this.images = images;
        this.labels = labels;
        this.rows = b.loader.spec().rows();
        this.columns = b.loader.spec().columns();
        this.classNames = b.loader.spec().classNames();
        this.batchSize = b.batchSize;
        this.layout = b.layout;
        this.scale = b.scale;
        this.oneHot = b.oneHot;
        this.shuffle = b.shuffle != null ? b.shuffle : b.subset == Subset.TRAIN;
        this.random = new Random(b.seed);
        this.order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        if (shuffle) {
            shuffleOrder();
        }
    }

    /** @return the number of examples one epoch goes through */
    public int numExamples() {
        return order.length;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("The epoch is over: call reset() to start the next one.");
        }
        int count = Math.min(num, order.length - cursor);
        int pixels = rows * columns;
        int numClasses = classNames.size();
        float[] features = new float[count * pixels];
        float[] targets = new float[oneHot ? count * numClasses : count];
        byte[] image = new byte[pixels];
        float factor = scale ? 1f / 255f : 1f;
        for (int k = 0; k < count; k++) {
            int index = order[cursor + k];
            images.get(Math.toIntExact(IdxReader.IMAGES_HEADER_BYTES + (long) index * pixels), image, 0, pixels);
            for (int p = 0; p < pixels; p++) {
                features[k * pixels + p] = (image[p] & 0xff) * factor;
            }
            int label = labels[index] & 0xff;
            if (oneHot) {
                targets[k * numClasses + label] = 1f;
            } else {
                targets[k] = label;
            }
        }
        cursor += count;
        long[] shape = switch (layout) {
            case FLAT -> new long[] {count, pixels};
            case CHANNELS_LAST -> new long[] {count, rows, columns, 1};
            case CHANNELS_FIRST -> new long[] {count, 1, rows, columns};
        };
        DataSet batch = new DataSet(Nd4j.create(features, shape, 'c'),
                Nd4j.create(targets, oneHot ? new long[] {count, numClasses} : new long[] {count, 1}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public int inputColumns() {
        return rows * columns;
    }

    @Override
    public int totalOutcomes() {
        return classNames.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch, reshuffled when shuffling. */
    @Override
    public void reset() {
        cursor = 0;
        if (shuffle) {
            shuffleOrder();
        }
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** @return the class names, indexed by class id */
    @Override
    public List<String> getLabels() {
        return classNames;
    }

    private void shuffleOrder() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Options of an {@link ImageIterator}; {@link #build()} finds (or fetches) the files.
     *
     * <pre>{@code
     * DataSetIterator it = Mnist.iterator(Subset.TRAIN).batchSize(128).shuffle(true).seed(7).limit(6000).build();
     * }</pre>
     */
    public static final class Builder {
        private final ImageDatasetLoader loader;
        private final Subset subset;
        private int batchSize = 32;
        private ImageLayout layout = ImageLayout.FLAT;
        private boolean scale = true;
        private boolean oneHot = true;
        private Boolean shuffle;
        private long seed = 42;
        private int limit = -1;

        Builder(ImageDatasetLoader loader, Subset subset) {
            this.loader = loader;
            this.subset = subset;
        }

        /**
         * @param size examples per batch (default 32, as Keras)
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new Keras4jException("batchSize must be at least 1, got " + size + ".");
            }
            this.batchSize = size;
            return this;
        }

        /**
         * @param shape the shape of each feature batch (default {@link ImageLayout#FLAT})
         * @return this builder
         */
        public Builder layout(ImageLayout shape) {
            this.layout = shape;
            return this;
        }

        /**
         * @param scalePixels divide pixels by 255 so they lie in [0, 1] (default true)
         * @return this builder
         */
        public Builder scale(boolean scalePixels) {
            this.scale = scalePixels;
            return this;
        }

        /**
         * @param oneHotLabels labels as one-hot rows {@code [batch, classes]} (default), or class ids
         *                     {@code [batch, 1]} for sparse losses
         * @return this builder
         */
        public Builder oneHot(boolean oneHotLabels) {
            this.oneHot = oneHotLabels;
            return this;
        }

        /**
         * @param reshuffle reshuffle every epoch (default: true for {@link Subset#TRAIN}, false for
         *                  {@link Subset#TEST})
         * @return this builder
         */
        public Builder shuffle(boolean reshuffle) {
            this.shuffle = reshuffle;
            return this;
        }

        /**
         * @param randomSeed the seed of the shuffling (default 42)
         * @return this builder
         */
        public Builder seed(long randomSeed) {
            this.seed = randomSeed;
            return this;
        }

        /**
         * @param examples use only the first this many examples (default: all), e.g. for a quick run
         * @return this builder
         */
        public Builder limit(int examples) {
            if (examples < 1) {
                throw new Keras4jException("limit must be at least 1 example, got " + examples + ".");
            }
            this.limit = examples;
            return this;
        }

        /**
         * Finds (or fetches) the data set's files, checks them and maps the images file.
         *
         * @return the iterator, positioned at the first batch
         */
        public ImageIterator build() {
            IdxFile imagesFile = subset == Subset.TRAIN ? loader.spec().trainImages() : loader.spec().testImages();
            IdxFile labelsFile = subset == Subset.TRAIN ? loader.spec().trainLabels() : loader.spec().testLabels();
            byte[] labels = loader.labelBytes(labelsFile);
            Path path = loader.uncompressed(imagesFile);
            IdxReader.Header header = IdxReader.readHeader(path, IdxFile.Kind.IMAGES);
            long expectedSize = IdxReader.IMAGES_HEADER_BYTES + header.count() * header.exampleSize();
            if (header.count() != labels.length || header.dims()[1] != loader.spec().rows()
                    || header.dims()[2] != loader.spec().columns()) {
                throw new Keras4jException("File " + path + " holds " + header.count() + " images of "
                        + header.dims()[1] + "x" + header.dims()[2] + ", expected " + labels.length + " of "
                        + loader.spec().rows() + "x" + loader.spec().columns() + " to match its labels. Delete it "
                        + "and build again to fetch a verified copy.");
            }
            ByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                if (channel.size() != expectedSize) {
                    throw new Keras4jException("File " + path + " has " + channel.size() + " bytes, expected "
                            + expectedSize + " for " + header.count() + " images. Delete it and build again to "
                            + "fetch a verified copy.");
                }
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, expectedSize);
            } catch (IOException e) {
                throw new Keras4jException("Cannot map " + path + " for reading: " + e + ".", e);
            }
            int count = limit < 0 ? labels.length : Math.min(limit, labels.length);
            return new ImageIterator(this, mapped, labels, count);
        }
    }
}

package keras4j.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import keras4j.Keras4jException;
import keras4j.datasets.internal.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The utilities Keras and scikit-learn users reach for: {@code to_categorical} and
 * {@code train_test_split}.
 *
 * <pre>{@code
 * LabeledData iris = Iris.load();
 * TrainTestSplit split = DataUtils.trainTestSplit(iris.x(), iris.y(), 0.2, 42, true);
 * INDArray yTrain = DataUtils.toCategorical(split.yTrain(), 3);   // [120, 3]
 * }</pre>
 */
public final class DataUtils {
    private DataUtils() {
    }

    /**
     * One-hot encodes class ids, like Keras's {@code to_categorical}.
     *
     * @param y          class ids 0..numClasses-1, shape {@code [n]} or {@code [n, 1]}
     * @param numClasses the number of classes
     * @return float one-hot rows, shape {@code [n, numClasses]}
     * @throws Keras4jException when a value is not a class id in range
     */
    public static INDArray toCategorical(INDArray y, int numClasses) {
        if (numClasses < 1) {
            throw new Keras4jException("toCategorical needs numClasses >= 1, got " + numClasses + ".");
        }
        double[] ids = classIds(y, "toCategorical");
        float[] oneHot = new float[ids.length * numClasses];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= numClasses) {
                throw new Keras4jException("toCategorical: y[" + i + "] = " + format(ids[i]) + " is not a class id "
                        + "below numClasses = " + numClasses + ". Pass numClasses = " + format(max(ids) + 1)
                        + " (or more), or check the labels.");
            }
            oneHot[i * numClasses + (int) ids[i]] = 1f;
        }
        return Nd4j.create(oneHot, new long[] {ids.length, numClasses}, 'c');
    }

    /**
     * One-hot encodes class ids with as many classes as the largest id needs ({@code max(y) + 1}).
     *
     * @param y class ids, shape {@code [n]} or {@code [n, 1]}
     * @return float one-hot rows, shape {@code [n, max(y) + 1]}
     */
    public static INDArray toCategorical(INDArray y) {
        double[] ids = classIds(y, "toCategorical");
        return toCategorical(y, ids.length == 0 ? 1 : (int) max(ids) + 1);
    }

    /**
     * Splits examples at random into training and test sets, like scikit-learn's
     * {@code train_test_split}: {@code ceil(testSize * n)} examples go to the test set.
     *
     * @param x        features, examples along the first axis (any rank)
     * @param y        labels, examples along the first axis
     * @param testSize the fraction of examples for the test set, between 0 and 1
     * @param seed     the random seed; the same seed gives the same split
     * @param stratify keep each class's share of the examples in both sets ({@code y} must hold class ids)
     * @return the split; both sets are shuffled
     */
    public static TrainTestSplit trainTestSplit(INDArray x, INDArray y, double testSize, long seed,
                                                boolean stratify) {
        int n = new LabeledData(x, y).size();
        if (!(testSize > 0 && testSize < 1)) {
            throw new Keras4jException("trainTestSplit: testSize must be between 0 and 1 (a fraction of the "
                    + "examples), got " + testSize + ". For example 0.2 keeps a fifth for testing.");
        }
        int testCount = (int) Math.ceil(testSize * n);
        if (testCount >= n) {
            throw new Keras4jException("trainTestSplit: testSize = " + testSize + " of " + n + " examples leaves "
                    + "none for training. Use a smaller testSize or more examples.");
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        if (stratify) {
            stratifiedIndices(classIds(y, "trainTestSplit with stratify"), testCount, random, train, test);
        } else {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            Collections.shuffle(all, random);
            test.addAll(all.subList(0, testCount));
            train.addAll(all.subList(testCount, n));
        }
        Collections.shuffle(train, random);
        Collections.shuffle(test, random);
        int[] trainIdx = train.stream().mapToInt(Integer::intValue).toArray();
        int[] testIdx = test.stream().mapToInt(Integer::intValue).toArray();
        return new TrainTestSplit(Rows.take(x, trainIdx), Rows.take(y, trainIdx), Rows.take(x, testIdx),
                Rows.take(y, testIdx));
    }

    /**
     * {@link #trainTestSplit(INDArray, INDArray, double, long, boolean)} of labeled examples.
     *
     * @param data     the examples
     * @param testSize the fraction for the test set
     * @param seed     the random seed
     * @param stratify keep each class's share in both sets
     * @return the split
     */
    public static TrainTestSplit trainTestSplit(LabeledData data, double testSize, long seed, boolean stratify) {
        return trainTestSplit(data.x(), data.y(), testSize, seed, stratify);
    }

    /** Each class gives its share of the test set; remainders go to the classes with the largest fractions. */
    private static void stratifiedIndices(double[] ids, int testCount, Random random, List<Integer> train,
                                          List<Integer> test) {
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            byClass.computeIfAbsent((int) ids[i], k -> new ArrayList<>()).add(i);
        }
        for (var entry : byClass.entrySet()) {
            if (entry.getValue().size() < 2) {
                throw new Keras4jException("trainTestSplit with stratify: class " + entry.getKey() + " has only "
                        + entry.getValue().size() + " example; each class needs at least 2 to appear in both "
                        + "sets. Merge rare classes, or pass stratify = false.");
            }
        }
        List<Integer> classes = new ArrayList<>(byClass.keySet());
        int[] share = new int[classes.size()];
        double[] fraction = new double[classes.size()];
        int given = 0;
        for (int c = 0; c < classes.size(); c++) {
            double exact = (double) byClass.get(classes.get(c)).size() * testCount / ids.length;
            share[c] = (int) Math.floor(exact);
            fraction[c] = exact - share[c];
            given += share[c];
        }
        Integer[] order = new Integer[classes.size()];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(fraction[b], fraction[a]));
        for (int k = 0; given < testCount; k = (k + 1) % order.length) {
            share[order[k]]++;
            given++;
        }
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> members = new ArrayList<>(byClass.get(classes.get(c)));
            Collections.shuffle(members, random);
            test.addAll(members.subList(0, share[c]));
            train.addAll(members.subList(share[c], members.size()));
        }
    }

    private static double[] classIds(INDArray y, String caller) {
        double[] ids;
        try {
            ids = Rows.labelValues(y, caller + ": y");
        } catch (IllegalArgumentException e) {
            throw new Keras4jException(e.getMessage() + ". Pass class ids, not one-hot rows.", e);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] != Math.rint(ids[i])) {
                throw new Keras4jException(caller + ": y[" + i + "] = " + format(ids[i]) + " is not a class id; "
                        + "expected whole numbers 0, 1, 2, ...");
            }
        }
        return ids;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Keras's {@code image_dataset_from_directory}: a folder with a subfolder of images per class,
     * read in batches.
     *
     * @param directory the folder ({@code leaves/healthy/1.jpg}, {@code leaves/rust/2.png}, ...)
     * @param options   Keras's arguments (labels, color mode, image size, batch size, split, ...)
     * @return the batches of the subset asked for
     * @see ImageFolderIterator
     */
    public static ImageFolderIterator imageDatasetFromDirectory(Path directory, ImageFolderOptions options) {
        return ImageFolderIterator.of(directory, options);
    }

    /**
     * @param directory the folder
     * @return its images with Keras's defaults (RGB, 256 x 256, batches of 32, class ids, shuffled)
     * @see #imageDatasetFromDirectory(Path, ImageFolderOptions)
     */
    public static ImageFolderIterator imageDatasetFromDirectory(Path directory) {
        return imageDatasetFromDirectory(directory, new ImageFolderOptions());
    }

    /**
     * Keras's {@code timeseries_dataset_from_array}: sliding windows over a series, in batches.
     *
     * @param data           the series, [steps] or [steps, features]
     * @param targets        the target of the window starting at each step, [steps] or [steps, k]; or null
     * @param sequenceLength steps per window
     * @param options        stride, sampling rate, batch size, shuffling, start and end
     * @return the windows
     * @see TimeseriesIterator
     */
    public static TimeseriesIterator timeseriesDatasetFromArray(INDArray data, INDArray targets, int sequenceLength,
                                                                TimeseriesOptions options) {
        return TimeseriesIterator.of(data, targets, sequenceLength, options);
    }

    /**
     * Keras's {@code pad_sequences}: sequences of different lengths made one array, padded with
     * zeros and cut, both at the start, to the longest.
     *
     * @param sequences the sequences (e.g. token ids)
     * @return [sequences, longest], int32
     */
    public static INDArray padSequences(int[][] sequences) {
        return padSequences(sequences, null, "pre", "pre", 0);
    }

    /**
     * Keras's {@code pad_sequences(sequences, maxlen, padding, truncating, value)}.
     *
     * @param sequences  the sequences
     * @param maxlen     the length of the result, or null for the longest sequence's
     * @param padding    "pre" or "post": where the padding goes
     * @param truncating "pre" or "post": where values are cut from a sequence longer than maxlen
     * @param value      the padding value
     * @return [sequences, maxlen], int32
     */
    public static INDArray padSequences(int[][] sequences, Integer maxlen, String padding, String truncating,
                                        int value) {
        for (String[] arg : new String[][] {{"padding", padding}, {"truncating", truncating}}) {
            if (!"pre".equals(arg[1]) && !"post".equals(arg[1])) {
                throw new Keras4jException("pad_sequences: " + arg[0] + " must be \"pre\" or \"post\"; received "
                        + arg[1] + ".");
            }
        }
        int length = 0;
        for (int[] sequence : sequences) {
            length = Math.max(length, sequence.length);
        }
        if (maxlen != null) {
            if (maxlen < 0) {
                throw new Keras4jException("pad_sequences: maxlen must be 0 or more; received " + maxlen + ".");
            }
            length = maxlen;
        }
        int[][] out = new int[sequences.length][length];
        for (int i = 0; i < sequences.length; i++) {
            int[] s = sequences[i];
            int kept = Math.min(s.length, length);
            int from = truncating.equals("pre") ? s.length - kept : 0;
            int to = padding.equals("pre") ? length - kept : 0;
            java.util.Arrays.fill(out[i], value);
            System.arraycopy(s, from, out[i], to, kept);
        }
        return sequences.length == 0 ? Nd4j.create(org.nd4j.linalg.api.buffer.DataType.INT32, 0, length)
                : Nd4j.createFromArray(out);
    }
}

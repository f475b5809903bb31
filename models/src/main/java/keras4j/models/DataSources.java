package keras4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.datasets.DataUtils;
import keras4j.datasets.FashionMnist;
import keras4j.datasets.Iris;
import keras4j.datasets.LabeledData;
import keras4j.datasets.Mnist;
import keras4j.datasets.TrainTestSplit;
import keras4j.datasets.TruthTables;
import keras4j.datasets.internal.CsvReader;

/**
 * The data sets recipes train on, by name: {@code mnist}, {@code fashion-mnist}, {@code iris},
 * {@code xor} and {@code linear-regression}, each with a fixed train/test split.
 *
 * <pre>{@code
 * RecipeData data = DataSources.get("fashion-mnist").load();   // fetched on first use
 * }</pre>
 */
public final class DataSources {
    /** The MNIST digits' class names. */
    public static final List<String> DIGITS = IntStream.range(0, 10).mapToObj(Integer::toString).toList();

    /** The seed of every split this class makes, so test sets never change between runs. */
    public static final long SPLIT_SEED = 42;

    /** Examples in the generated regression table. */
    public static final int LINEAR_REGRESSION_ROWS = 1000;

    private static final Map<String, DataSource> BUILT_IN = new LinkedHashMap<>();

    static {
        register(new BuiltIn(Mnist.NAME, "MNIST handwritten digits: 60000 train / 10000 test, 28x28 gray, 10 classes",
                Task.CLASSIFICATION, () -> images(Mnist.NAME, Mnist.loadData(), DIGITS, 20)));
        register(new BuiltIn(FashionMnist.NAME, "Fashion-MNIST clothes: 60000 train / 10000 test, 28x28 gray, "
                + "10 classes", Task.CLASSIFICATION,
                () -> images(FashionMnist.NAME, FashionMnist.loadData(), FashionMnist.CLASS_NAMES, 28)));
        register(new BuiltIn(Iris.NAME, "Iris flowers: 150 rows, 4 measurements, 3 species; stratified 80/20 split",
                Task.CLASSIFICATION, DataSources::loadIris));
        register(new BuiltIn("xor", "The XOR truth table: 4 rows, trained and tested on all of them",
                Task.CLASSIFICATION, DataSources::loadXor));
        register(new BuiltIn("linear-regression", "Generated table: y = 3*x1 - 2*x2 + 0.5*x3 + 4 + noise(sd 0.5), "
                + LINEAR_REGRESSION_ROWS + " rows, 80/20 split", Task.REGRESSION, DataSources::loadLinearRegression));
    }

    private DataSources() {
    }

    private static void register(DataSource source) {
        BUILT_IN.put(source.name(), source);
    }

    /** @return the built-in data sets' names */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /**
     * @param name a built-in data set's name
     * @return its source
     */
    public static DataSource get(String name) {
        DataSource source = BUILT_IN.get(name);
        if (source == null) {
            throw new Keras4jException("Unknown data set '" + name + "'. Known: " + String.join(", ", names())
                    + "; or give the path of a CSV file, or of a folder of images with a subfolder per class.");
        }
        return source;
    }

    /** @return MNIST, split as published */
    public static DataSource mnist() {
        return get(Mnist.NAME);
    }

    /** @return Fashion-MNIST, split as published */
    public static DataSource fashionMnist() {
        return get(FashionMnist.NAME);
    }

    /** @return iris, stratified 80/20 with seed 42 */
    public static DataSource iris() {
        return get(Iris.NAME);
    }

    /** @return XOR's truth table (the test set is the same four rows) */
    public static DataSource xor() {
        return get("xor");
    }

    /** @return the generated linear regression table */
    public static DataSource linearRegression() {
        return get("linear-regression");
    }

    /**
     * The same examples for an autoencoder: the task is {@link Task#RECONSTRUCTION}, so a model's
     * targets are its own inputs (the class ids stay in {@link RecipeData}, to name the examples).
     *
     * <pre>{@code
     * DataSource clothes = DataSources.reconstruction(DataSources.fashionMnist());
     * clothes.load().task();   // RECONSTRUCTION
     * }</pre>
     *
     * @param examples any source, e.g. {@link #fashionMnist()}
     * @return its examples as a reconstruction task; its config is the source's with {@code "task":
     *         "reconstruction"}
     */
    public static DataSource reconstruction(DataSource examples) {
        return examples.task() == Task.RECONSTRUCTION ? examples : new Reconstruction(examples);
    }

    /**
     * @param config the output of a source's {@link DataSource#getConfig()}
     * @return that source
     */
    public static DataSource fromConfig(Map<String, Object> config) {
        if (Task.RECONSTRUCTION.id().equals(config.get("task"))) {
            Map<String, Object> examples = new LinkedHashMap<>(config);
            examples.remove("task");
            return reconstruction(fromConfig(examples));
        }
        Object name = config.get("name");
        if (CsvDataSource.NAME.equals(name)) {
            return CsvDataSource.fromConfig(config);
        }
        if (ImageFolderDataSource.NAME.equals(name)) {
            return ImageFolderDataSource.fromConfig(config);
        }
        return get(String.valueOf(name));
    }

    private static RecipeData images(String name, TrainTestSplit split, List<String> classNames, int fitBox) {
        int height = (int) split.xTrain().size(1);
        int width = (int) split.xTrain().size(2);
        return new RecipeData(name, Task.CLASSIFICATION, split.xTrain(), split.yTrain(), split.xTest(), split.yTest(),
                classNames, List.of(), "class", new ImagePreprocessing(height, width, true, fitBox));
    }

    private static RecipeData loadIris() {
        TrainTestSplit split = Iris.loadData(0.2, SPLIT_SEED);
        return new RecipeData(Iris.NAME, Task.CLASSIFICATION, split.xTrain(), split.yTrain(), split.xTest(),
                split.yTest(), Iris.SPECIES, Iris.FEATURE_NAMES, "species",
                TablePreprocessing.fit(Iris.FEATURE_NAMES, split.xTrain()));
    }

    private static RecipeData loadXor() {
        LabeledData xor = TruthTables.xor();
        List<String> features = List.of("x1", "x2");
        return new RecipeData("xor", Task.CLASSIFICATION, xor.x(), xor.y(), xor.x(), xor.y(), List.of("0", "1"),
                features, "xor", TablePreprocessing.identity(features));
    }

    /** y = 3*x1 - 2*x2 + 0.5*x3 + 4 + N(0, 0.5^2), x1 ~ U(0, 10), x2 ~ N(5, 2^2), x3 ~ U(-1, 1); seed 42. */
    private static RecipeData loadLinearRegression() {
        Random random = new Random(SPLIT_SEED);
        float[][] x = new float[LINEAR_REGRESSION_ROWS][3];
        float[] y = new float[LINEAR_REGRESSION_ROWS];
        for (int i = 0; i < LINEAR_REGRESSION_ROWS; i++) {
            double x1 = 10 * random.nextDouble();
            double x2 = 5 + 2 * random.nextGaussian();
            double x3 = 2 * random.nextDouble() - 1;
            x[i] = new float[] {(float) x1, (float) x2, (float) x3};
            y[i] = (float) (3 * x1 - 2 * x2 + 0.5 * x3 + 4 + 0.5 * random.nextGaussian());
        }
        INDArray features = Nd4j.createFromArray(x);
        TrainTestSplit split = DataUtils.trainTestSplit(features, Nd4j.createFromArray(y), 0.2, SPLIT_SEED, false);
        List<String> names = List.of("x1", "x2", "x3");
        return new RecipeData("linear-regression", Task.REGRESSION, split.xTrain(), split.yTrain(), split.xTest(),
                split.yTest(), List.of(), names, "y", TablePreprocessing.fit(names, split.xTrain()));
    }

    private record BuiltIn(String name, String description, Task task, Supplier<RecipeData> loader)
            implements DataSource {
        @Override
        public RecipeData load() {
            return loader.get();
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("name", name);
            return config;
        }
    }

    /** {@link #reconstruction}'s source: another's examples, each its own target. */
    private record Reconstruction(DataSource examples) implements DataSource {
        @Override
        public String name() {
            return examples.name();
        }

        @Override
        public String description() {
            return examples.description() + "; each example is its own target";
        }

        @Override
        public Task task() {
            return Task.RECONSTRUCTION;
        }

        @Override
        public RecipeData load() {
            RecipeData d = examples.load();
            return new RecipeData(d.dataset(), Task.RECONSTRUCTION, d.xTrain(), d.yTrain(), d.xTest(), d.yTest(),
                    d.classNames(), d.featureNames(), d.targetName(), d.preprocessing());
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> config = new LinkedHashMap<>(examples.getConfig());
            config.put("task", Task.RECONSTRUCTION.id());
            return config;
        }
    }

    static List<String> sortedLabels(List<String> labels) {
        List<String> sorted = new ArrayList<>(labels);
        boolean numeric = sorted.stream().allMatch(DataSources::isNumber);
        if (numeric) {
            sorted.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        } else {
            sorted.sort(null);
        }
        return sorted;
    }

    static boolean isNumber(String s) {
        return CsvReader.isNumber(s);
    }
}

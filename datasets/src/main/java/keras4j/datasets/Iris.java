package keras4j.datasets;

import java.io.InputStream;
import java.util.List;

/**
 * Fisher's iris flowers: 150 examples, 4 measurements in cm (sepal length, sepal width, petal
 * length, petal width), 3 species, 50 each. Ships inside the jar (public-domain UCI data, with the
 * two corrections scikit-learn applies), so it never needs a download.
 *
 * <pre>{@code
 * TrainTestSplit split = Iris.loadData();      // stratified: 120 train, 30 test, 10 of each species
 * StandardScaler scaler = StandardScaler.fit(split.xTrain());
 * INDArray yTrain = DataUtils.toCategorical(split.yTrain(), 3);
 * String name = Iris.SPECIES.get(0);           // "setosa"
 * }</pre>
 */
public final class Iris {
    /** The data set's name, as {@link Datasets#list()} knows it. */
    public static final String NAME = "iris";
    /** The species, indexed by class id. */
    public static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");
    /** The feature names, in column order. */
    public static final List<String> FEATURE_NAMES = List.of("sepal_length", "sepal_width", "petal_length",
            "petal_width");
    /** The number of classes. */
    public static final int NUM_CLASSES = 3;

    static final String RESOURCE = "/keras4j/datasets/iris.csv";

    private Iris() {
    }

    /**
     * @return all 150 examples in their original order (species by species): x {@code [150, 4]}, y class ids
     *     {@code [150]}
     */
    public static LabeledData load() {
        InputStream in = Iris.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("The keras4j-datasets jar lacks " + RESOURCE + "; it is damaged.");
        }
        return Csv.load(in, "iris.csv (inside keras4j-datasets)",
                new CsvOptions().header(true).labelColumn(4).classNames(SPECIES));
    }

    /** @return a stratified split, 20% for testing, seed 42 */
    public static TrainTestSplit loadData() {
        return loadData(0.2, 42);
    }

    /**
     * @param testSize the fraction of examples for the test set
     * @param seed     the random seed
     * @return a stratified split: each species keeps its third of both sets
     */
    public static TrainTestSplit loadData(double testSize, long seed) {
        return DataUtils.trainTestSplit(load(), testSize, seed, true);
    }
}

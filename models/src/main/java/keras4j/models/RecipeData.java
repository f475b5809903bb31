package keras4j.models;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.datasets.LabeledData;

/**
 * What a {@link DataSource} loads: training and test examples as they come (pixels 0..255, table
 * values in their own units), the class names, and the {@link Preprocessing} fitted on the
 * training examples that turns them into model inputs.
 *
 * <pre>{@code
 * RecipeData iris = DataSources.iris().load();
 * INDArray xTrain = iris.preprocessing().transform(iris.xTrain());   // standardized [120, 4]
 * String first = iris.classNames().get(iris.yTrain().getInt(0));
 * }</pre>
 *
 * @param dataset       the data source's name, e.g. {@code mnist}
 * @param task          classification, regression or reconstruction
 * @param xTrain        training examples, along the first axis
 * @param yTrain        their class ids {@code [n]} (classification, and reconstruction, whose targets are
 *                      the examples themselves) or target values {@code [n]} (regression)
 * @param xTest         test examples
 * @param yTest         their class ids or target values
 * @param classNames    the class names by class id (empty for regression)
 * @param featureNames  the names of a table's columns, or empty for images
 * @param targetName    what is predicted, e.g. {@code species} or {@code y}
 * @param preprocessing how examples become model inputs
 */
public record RecipeData(String dataset, Task task, INDArray xTrain, INDArray yTrain, INDArray xTest,
                         INDArray yTest, List<String> classNames, List<String> featureNames, String targetName,
                         Preprocessing preprocessing) {
    /** Checks that each split has one label per example. */
    public RecipeData {
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        if (xTrain.size(0) != yTrain.length() || xTest.size(0) != yTest.length()) {
            throw new Keras4jException("Data set '" + dataset + "' needs one label per example: " + xTrain.size(0)
                    + " training examples with " + yTrain.length() + " labels, " + xTest.size(0) + " test examples "
                    + "with " + yTest.length() + " labels.");
        }
    }

    /** @return the training examples and labels */
    public LabeledData train() {
        return new LabeledData(xTrain, yTrain);
    }

    /** @return the test examples and labels */
    public LabeledData test() {
        return new LabeledData(xTest, yTest);
    }

    /** @return the number of training examples */
    public int trainSize() {
        return (int) xTrain.size(0);
    }

    /** @return the number of test examples */
    public int testSize() {
        return (int) xTest.size(0);
    }

    /** @return whether the examples are images */
    public boolean isImages() {
        return preprocessing instanceof ImagePreprocessing || preprocessing instanceof PhotoPreprocessing;
    }

    /**
     * @param classId a class id
     * @return its name, or the id as text when there are no names
     */
    public String className(int classId) {
        return classId >= 0 && classId < classNames.size() ? classNames.get(classId) : Integer.toString(classId);
    }
}

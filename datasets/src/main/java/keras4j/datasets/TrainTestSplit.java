package keras4j.datasets;

import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A data set split into training and test examples, as Keras's {@code load_data()} returns it:
 * {@code (x_train, y_train), (x_test, y_test)}.
 *
 * <pre>{@code
 * TrainTestSplit data = Mnist.loadData()
 *         .mapX(x -> Images.flatten(Images.scalePixels(x)))   // [n, 784] in [0, 1]
 *         .toCategorical(10);                                 // y one-hot [n, 10]
 * model.fit(data.xTrain(), data.yTrain());
 * }</pre>
 *
 * @param xTrain training features
 * @param yTrain training labels
 * @param xTest  test features
 * @param yTest  test labels
 */
public record TrainTestSplit(INDArray xTrain, INDArray yTrain, INDArray xTest, INDArray yTest) {
    // Checks that each split has one label per example.
    public TrainTestSplit {
        new LabeledData(xTrain, yTrain);
        new LabeledData(xTest, yTest);
    }

    /** @return the training examples */
    public LabeledData train() {
        return new LabeledData(xTrain, yTrain);
    }

    /** @return the test examples */
    public LabeledData test() {
        return new LabeledData(xTest, yTest);
    }

    /**
     * @param f applied to the training and the test features alike
     * @return a split with transformed features and the same labels
     */
    public TrainTestSplit mapX(UnaryOperator<INDArray> f) {
        return new TrainTestSplit(f.apply(xTrain), yTrain, f.apply(xTest), yTest);
    }

    /**
     * @param f applied to the training and the test labels alike
     * @return a split with transformed labels and the same features
     */
    public TrainTestSplit mapY(UnaryOperator<INDArray> f) {
        return new TrainTestSplit(xTrain, f.apply(yTrain), xTest, f.apply(yTest));
    }

    /**
     * @param numClasses the number of classes
     * @return the same split with one-hot labels {@code [n, numClasses]}
     * @see DataUtils#toCategorical(INDArray, int)
     */
    public TrainTestSplit toCategorical(int numClasses) {
        return mapY(y -> DataUtils.toCategorical(y, numClasses));
    }
}

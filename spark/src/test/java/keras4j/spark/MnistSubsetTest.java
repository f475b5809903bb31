package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.FitOptions;
import keras4j.Keras4jHome;
import keras4j.Sequential;
import keras4j.callbacks.History;
import keras4j.datasets.Datasets;
import keras4j.datasets.Mnist;
import keras4j.datasets.TrainTestSplit;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/**
 * An MNIST subset learns on local[2], when MNIST is in the user's keras4j cache (only read:
 * nothing is fetched); skipped otherwise. The accuracy band against one JVM is measured by
 * {@link ScaleOutFigures}, not asserted here.
 */
class MnistSubsetTest {
    /** @return MNIST from the user's cache, scaled to [0, 1], or null when it isn't there */
    static TrainTestSplit cachedMnist() {
        String testHome = System.getProperty(Keras4jHome.PROPERTY);
        String env = System.getenv(Keras4jHome.ENVIRONMENT_VARIABLE);
        System.setProperty(Keras4jHome.PROPERTY, env != null && !env.isBlank() ? env
                : Path.of(System.getProperty("user.home"), ".keras4j").toString());
        try {
            if (!Datasets.status(Mnist.NAME).available()) {
                return null;
            }
            return Mnist.loadData().mapX(x -> x.div(255));
        } finally {
            if (testHome == null) {
                System.clearProperty(Keras4jHome.PROPERTY);
            } else {
                System.setProperty(Keras4jHome.PROPERTY, testHome);
            }
        }
    }

    static Sequential mlp(int hidden, long seed) {
        Sequential model = Sequential.of(new Input(28, 28), new Flatten(), new Dense(hidden, "relu"),
                new Dense(10, "softmax"));
        model.setSeed(seed);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    @Test
    void anMnistSubsetLearnsOnLocalSpark() {
        TrainTestSplit mnist = cachedMnist();
        assumeTrue(mnist != null, "MNIST is not on this machine; 'keras4j datasets --fetch mnist' fetches it");
        INDArray x = mnist.xTrain().get(NDArrayIndex.interval(0, 2000));
        INDArray y = mnist.yTrain().get(NDArrayIndex.interval(0, 2000));
        Sequential model = mlp(64, 42);
        History history = new SparkTrainer(LocalSpark.session()).fit(model, x, y,
                new FitOptions().epochs(2).batchSize(32).verbose(0));
        assertEquals(2, history.size());
        Map<String, Double> test = model.evaluate(mnist.xTest().get(NDArrayIndex.interval(0, 1000)),
                mnist.yTest().get(NDArrayIndex.interval(0, 1000)));
        assertTrue(test.get("accuracy") > 0.5, test.toString());   // chance is 0.1
    }
}

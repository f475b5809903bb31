package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.FitOptions;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.History;
import keras4j.callbacks.ModelCheckpoint;
import keras4j.datasets.Iris;
import keras4j.datasets.StandardScaler;
import keras4j.datasets.TrainTestSplit;
import keras4j.layers.Dense;
import keras4j.layers.Input;

/** Distributed training on local[2]: iris learns, callbacks run on the driver, the weights land in the model. */
class SparkTrainerTest {
    @TempDir
    Path temp;

    static Sequential irisModel(long seed) {
        Sequential model = Sequential.of(new Input(4), new Dense(16, "relu"), new Dense(3, "softmax"));
        model.setSeed(seed);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    static TrainTestSplit iris() {
        TrainTestSplit split = Iris.loadData(0.3, 7);
        StandardScaler scaler = StandardScaler.fit(split.xTrain());
        return split.mapX(scaler::transform);
    }

    @Test
    void irisLearnsOnLocalSparkAndTheWeightsEndInTheModel() {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = iris();
        Sequential model = irisModel(1);
        INDArray before = model.getWeights().get(0).dup();
        Path best = temp.resolve("best.keras4j");
        History history = new SparkTrainer(spark).averagingFrequency(2).fit(model,
                LocalSpark.table(spark, iris.xTrain(), iris.yTrain(), 2), "features", "label",
                new FitOptions().epochs(15).batchSize(8).verbose(0)
                        .validationData(iris.xTest(), iris.yTest())
                        .callbacks(new ModelCheckpoint(best.toString())));
        assertEquals(15, history.size());
        assertTrue(history.keys().containsAll(java.util.List.of("loss", "accuracy", "val_loss", "val_accuracy")),
                history.keys().toString());
        assertEquals(15, model.getHistory().size(), "the model's own History records the epochs too");
        assertTrue(history.get("loss").get(14) < history.get("loss").get(0), history.get("loss").toString());
        assertTrue(!before.equals(model.getWeights().get(0)), "trained weights are in the model");
        Map<String, Double> test = model.evaluate(iris.xTest(), iris.yTest());
        // chance is 1/3; the band over seeds is measured by ScaleOutFigures, not asserted here
        assertTrue(test.get("accuracy") > 0.6, test.toString());
        assertEquals(history.last("val_accuracy"), test.get("accuracy"), 1e-6);
        assertTrue(Files.exists(best), "ModelCheckpoint ran on the driver");
        assertEquals(4, Model.load(best).getInputShape()[0]);
    }
}

package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.History;
import keras4j.callbacks.ModelCheckpoint;
import keras4j.datasets.Iris;
import keras4j.graph.KerasTensor;
import keras4j.datasets.StandardScaler;
import keras4j.datasets.TrainTestSplit;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.Loss;
import keras4j.optimizers.Adam;
import keras4j.spark.internal.TestHooks;

/** Distributed training on local[2]: iris learns, callbacks run on the driver, the weights land in the model. */
class SparkTrainerTest {
    @TempDir
    Path temp;

    static Sequential irisModel(long seed) {
        Sequential model = Sequential.of(new Input(4), new Dense(16, "relu"), new Dense(3, "softmax"));
        model.setSeed(seed);
        model.compile(new Adam(0.02), Loss.get("sparse_categorical_crossentropy"), "accuracy");
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
                new FitOptions().epochs(8).batchSize(8).verbose(0)
                        .validationData(iris.xTest(), iris.yTest())
                        .callbacks(new ModelCheckpoint(best.toString())));
        assertEquals(8, history.size());
        assertTrue(history.keys().containsAll(java.util.List.of("loss", "accuracy", "val_loss", "val_accuracy")),
                history.keys().toString());
        assertEquals(8, model.getHistory().size(), "the model's own History records the epochs too");
        assertTrue(history.get("loss").get(7) < history.get("loss").get(0), history.get("loss").toString());
        assertTrue(!before.equals(model.getWeights().get(0)), "trained weights are in the model");
        Map<String, Double> test = model.evaluate(iris.xTest(), iris.yTest());
        // chance is 1/3; the band over seeds is measured by ScaleOutFigures, not asserted here
        assertTrue(test.get("accuracy") > 0.6, test.toString());
        assertEquals(history.last("val_accuracy"), test.get("accuracy"), 1e-6);
        assertTrue(Files.exists(best), "ModelCheckpoint ran on the driver");
        assertEquals(4, Model.load(best).getInputShape()[0]);
    }

    @Test
    void aNaNInTheTrainingDataFailsTheFitNamingItsPartitionAndOffset() {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = iris();
        INDArray x = iris.xTrain().dup();
        x.putScalar(new long[] {60, 2}, Double.NaN);   // 105 rows in 3 partitions of 35: partition 1, offset 25
        Keras4jException e = assertThrows(Keras4jException.class, () -> new SparkTrainer(spark).fit(irisModel(1),
                LocalSpark.table(spark, x, iris.yTrain(), 3), "features", "label", new FitOptions().verbose(0)));
        assertEquals("Row 25 of partition 1 of the training data: column 'features' holds NaN at index 2. Training "
                + "needs finite numbers: drop or impute that row.", e.getMessage());
        Keras4jException ids = assertThrows(Keras4jException.class, () -> new SparkTrainer(spark).fit(irisModel(1),
                LocalSpark.table(spark, iris.xTrain(), iris.yTrain().add(1), 3), "features", "label",
                new FitOptions().verbose(0)));
        assertTrue(ids.getMessage().contains("holds the class id 3.0, outside [0, 3)"), ids.getMessage());
    }

    @Test
    void aTrainingTaskThatFailsOnceIsRetriedAndTrainsTheSameModel() throws Exception {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = iris();
        FitOptions options = new FitOptions().epochs(2).batchSize(8).verbose(0);
        Sequential clean = irisModel(5);
        new SparkTrainer(spark).fit(clean, iris.xTrain(), iris.yTrain(), options);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, "0");
        Sequential retried = irisModel(5);
        try (FailedTasks failed = new FailedTasks(spark.sparkContext())) {
            new SparkTrainer(spark).fit(retried, iris.xTrain(), iris.yTrain(), new FitOptions().epochs(2).batchSize(8)
                    .verbose(0));
            assertEquals(1, failed.count(), "the injected failure happened once");
        } finally {
            sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, null);
        }
        for (int i = 0; i < clean.getWeights().size(); i++) {
            assertTrue(clean.getWeights().get(i).equalsWithEps(retried.getWeights().get(i), 1e-6), "weight " + i);
        }
        assertEquals(clean.getHistory().get("loss"), retried.getHistory().get("loss"));
    }

    @Test
    void aFunctionalModelTrainsAsAComputationGraph() {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = iris();
        KerasTensor in = Input.tensor(4);
        KerasTensor out = new Dense(3, "softmax").apply(new Dense(16, "relu").apply(in));
        Functional model = new Functional(in, out);
        model.setSeed(2);
        model.compile(new Adam(0.02), Loss.get("sparse_categorical_crossentropy"), "accuracy");
        assertTrue(model.toDl4j() instanceof org.deeplearning4j.nn.graph.ComputationGraph);
        History history = new SparkTrainer(spark).fit(model, LocalSpark.table(spark, iris.xTrain(), iris.yTrain(), 2),
                "features", "label", new FitOptions().epochs(4).batchSize(8).verbose(0));
        assertTrue(history.get("loss").get(3) < history.get("loss").get(0), history.get("loss").toString());
        assertTrue(model.evaluate(iris.xTest(), iris.yTest()).get("accuracy") > 0.6);
    }
}

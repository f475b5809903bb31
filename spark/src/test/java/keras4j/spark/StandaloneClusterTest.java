package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.FitOptions;
import keras4j.Sequential;
import keras4j.callbacks.History;
import keras4j.datasets.TrainTestSplit;
import keras4j.spark.internal.TestHooks;

/**
 * A real Spark standalone cluster on loopback: a master and two workers (child JVMs running Spark's
 * own classes), each worker starting one executor JVM. Training survives an injected task failure;
 * scoring on the executors equals model.predict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterTest {
    private StandaloneCluster cluster;
    private SparkSession spark;

    @BeforeAll
    void startCluster() throws Exception {
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.active().stop();   // one SparkContext per JVM: the local one goes, and comes back after
        }
        Path dir = Path.of("target", "spark-cluster");
        if (Files.exists(dir)) {   // a previous run's logs and executor folders
            try (var old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        cluster = StandaloneCluster.start(dir, 2);
        spark = Keras4jSpark.session(cluster.conf());
    }

    @AfterAll
    void stopCluster() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void trainsOnTwoExecutorsThroughAnInjectedTaskFailureAndScoresExactly() throws Exception {
        assertEquals(2, new SparkTrainer(spark).workers(), "one worker per executor core");
        TrainTestSplit iris = SparkTrainerTest.iris();
        Sequential model = SparkTrainerTest.irisModel(1);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, "1");
        History history;
        try (FailedTasks failed = new FailedTasks(spark.sparkContext())) {
            history = new SparkTrainer(spark).averagingFrequency(2).fit(model,
                    LocalSpark.table(spark, iris.xTrain(), iris.yTrain(), 2), "features", "label",
                    new FitOptions().epochs(6).batchSize(8).verbose(0));
            assertTrue(failed.count() >= 1, "the injected failure happened and was retried");
        } finally {
            sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, null);
        }
        assertEquals(6, history.size());
        Map<String, Double> test = model.evaluate(iris.xTest(), iris.yTest());
        assertTrue(test.get("accuracy") > 0.6, test.toString());   // chance is 1/3

        INDArray x = iris.xTrain().get(NDArrayIndex.interval(0, 96));
        INDArray expected = model.predict(x);
        List<Row> scored = new SparkPredictor(spark, model).transform(LocalSpark.table(spark, x, null, 2))
                .select("id", "probability").collectAsList();
        assertEquals(96, scored.size());
        for (Row row : scored) {
            List<Double> p = row.getList(1);
            assertArrayEquals(expected.getRow(row.getLong(0)).toDoubleVector(),
                    p.stream().mapToDouble(Double::doubleValue).toArray(), 0.0, "row " + row.getLong(0));
        }
    }
}

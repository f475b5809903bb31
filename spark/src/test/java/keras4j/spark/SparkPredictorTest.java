package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.datasets.TrainTestSplit;
import keras4j.spark.internal.TestHooks;

/** Distributed inference equals model.predict row for row; bad rows and failed tasks. */
class SparkPredictorTest {
    private static Sequential trainedIris(TrainTestSplit iris) {
        Sequential model = SparkTrainerTest.irisModel(3);
        model.fit(iris.xTrain(), iris.yTrain(), new FitOptions().epochs(5).verbose(0));
        return model;
    }

    /** @return each row's probabilities, by id */
    private static double[][] probabilities(Dataset<Row> scored, int rows) {
        double[][] out = new double[rows][];
        for (Row row : scored.select("id", "probability").collectAsList()) {
            List<Double> p = row.getList(1);
            out[(int) row.getLong(0)] = p.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return out;
    }

    /**
     * Exactly model.predict's outputs. BLAS computes a row of a batch by the same instructions only
     * when it sits in the same place of an 8-row block; 3 partitions of 32 rows keep every row in a
     * full block, as model.predict's one batch of 96 does.
     */
    @Test
    void distributedPredictionsEqualModelPredictRowForRow() {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = SparkTrainerTest.iris();
        Sequential model = trainedIris(iris);
        INDArray x = iris.xTrain().get(NDArrayIndex.interval(0, 96));
        INDArray expected = model.predict(x);
        Dataset<Row> scored = new SparkPredictor(spark, model).transform(LocalSpark.table(spark, x, null, 3));
        double[][] got = probabilities(scored, (int) x.size(0));
        for (int i = 0; i < got.length; i++) {
            assertArrayEquals(expected.getRow(i).toDoubleVector(), got[i], 0.0, "row " + i);
        }
        int[] classes = model.predictClasses(x);
        for (Row row : scored.select("id", "prediction").collectAsList()) {
            assertEquals(classes[(int) row.getLong(0)], row.getDouble(1), 0.0);
        }
    }

    /** Any batching: each batch exactly as model.predict gives it, and within BLAS's rounding of one big batch. */
    @Test
    void eachBatchIsExactlyModelPredictsOutputForIt() {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = SparkTrainerTest.iris();
        Sequential model = trainedIris(iris);
        INDArray x = iris.xTrain();   // 105 rows: 3 partitions of 35, in batches of 7
        double[][] got = probabilities(new SparkPredictor(spark, model).batchSize(7)
                .transform(LocalSpark.table(spark, x, null, 3)), (int) x.size(0));
        INDArray whole = model.predict(x);
        for (int from = 0; from < x.size(0); from += 7) {
            INDArray batch = model.predict(x.get(NDArrayIndex.interval(from, from + 7)).dup());
            for (int i = 0; i < 7; i++) {
                assertArrayEquals(batch.getRow(i).toDoubleVector(), got[from + i], 0.0, "row " + (from + i));
                assertArrayEquals(whole.getRow(from + i).toDoubleVector(), got[from + i], 1e-6, "row " + (from + i));
            }
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameResult() throws Exception {
        SparkSession spark = LocalSpark.session();
        TrainTestSplit iris = SparkTrainerTest.iris();
        Sequential model = trainedIris(iris);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> table = LocalSpark.table(spark, iris.xTrain(), null, 2);
        int rows = (int) iris.xTrain().size(0);
        double[][] clean = probabilities(new SparkPredictor(spark, model).transform(table), rows);
        sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, "1");
        try (FailedTasks failed = new FailedTasks(spark.sparkContext())) {
            double[][] retried = probabilities(new SparkPredictor(spark, model).transform(table),
                    (int) iris.xTrain().size(0));
            assertArrayEquals(clean, retried);
            assertEquals(1, failed.count(), "the injected failure happened once");
        } finally {
            sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, null);
        }
    }

    @Test
    void aRowOfTheWrongWidthFailsTheJobNamingItsPartitionAndOffset() {
        SparkSession spark = LocalSpark.session();
        Sequential model = SparkTrainerTest.irisModel(3);
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 8; i++) {
            rows.add(RowFactory.create(i, i == 6 ? new double[] {1, 2, 3, 4, 5} : new double[] {1, 2, 3, 4}));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> table = spark.createDataFrame(sc.parallelize(rows, 2), schema);   // row 6: partition 1, offset 2
        Dataset<Row> scored = new SparkPredictor(spark, model).transform(table);
        Exception failure = assertThrows(Exception.class, scored::collectAsList);   // Spark's SparkException
        RuntimeException explained = Keras4jSpark.explain(failure);
        assertTrue(explained instanceof Keras4jException, explained.toString());
        assertEquals("Row 2 of partition 1 of the input table: column 'features' holds 5 values, but 4 are expected. "
                + "Give every row 4 values.", explained.getMessage());
        Keras4jException missing = assertThrows(Keras4jException.class,
                () -> new SparkPredictor(spark, model).featuresCol("pixels").transform(table));
        assertTrue(missing.getMessage().startsWith("The input table has no column 'pixels'; its columns are [id, "
                + "features]."), missing.getMessage());
    }
}

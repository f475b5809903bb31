package keras4j.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The tests' Spark: local[2] on loopback (a failed task is tried twice), and tables made of arrays. */
final class LocalSpark {
    /** Two cores, each task tried up to twice (so an injected failure is retried). */
    static final String MASTER = "local[2,2]";

    private LocalSpark() {
    }

    /** @return the loopback settings every test session gets */
    static SparkConf loopback(String master) {
        return new SparkConf().setMaster(master).setAppName("keras4j-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", "2")
                .set("spark.default.parallelism", "2");
    }

    /** @return the shared local session (created on first use, or again after the cluster test stopped it) */
    static synchronized SparkSession session() {
        SparkSession active = SparkSession.getActiveSession().isDefined() ? SparkSession.active() : null;
        if (active != null && active.sparkContext().master().equals(MASTER) && !active.sparkContext().isStopped()) {
            return active;
        }
        return Keras4jSpark.session(loopback(MASTER));
    }

    /**
     * @param spark      the session
     * @param x          features [n, width]
     * @param y          labels [n] (class ids) or null; for the tests' bad rows, a row of x may be replaced after
     * @param partitions how many partitions
     * @return a table with an id column, an array-of-doubles features column and a double label column
     */
    static Dataset<Row> table(SparkSession spark, INDArray x, INDArray y, int partitions) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        if (y != null) {
            schema = schema.add("label", DataTypes.DoubleType, false);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.size(0); i++) {
            double[] features = x.getRow(i).toDoubleVector();
            rows.add(y == null ? RowFactory.create((long) i, features)
                    : RowFactory.create((long) i, features, y.getDouble(i)));
        }
        // parallelize slices the rows in order: row i is in partition i / (n / partitions) when they divide evenly
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, partitions), schema);
    }
}

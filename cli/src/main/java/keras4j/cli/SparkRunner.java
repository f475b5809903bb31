package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ServiceLoader;

import keras4j.Keras4jException;
import keras4j.models.Fitter;

/**
 * What the command line's {@code --spark MASTER} option runs: found with {@link ServiceLoader},
 * implemented by the optional Spark module (keras4j-spark), so that the command line itself never
 * depends on Spark.
 *
 * <pre>{@code
 * SparkRunner spark = SparkRunner.find();   // a one-line Keras4jException without the module
 * recipe.train(new TrainOptions().fitter(spark.fitter("spark://10.0.0.5:7077", err)));
 * }</pre>
 */
public interface SparkRunner {
    /** What the command line says when {@code --spark} is given but the Spark module is not on the class path. */
    String MISSING = "--spark needs keras4j's Spark module (keras4j-spark), which is not on the class path: run "
            + "./keras4j with --spark (it builds the module and its Spark dependencies on first use), or put "
            + "io.github.keras4j:keras4j-spark and Spark 3.5 (Scala 2.12) on the class path.";

    /**
     * @param master the Spark master: {@code local[2]}, {@code spark://host:7077}, ...
     * @param err    where notes go
     * @return a fitter that trains on the cluster: it starts Spark, trains with parameter
     *         averaging, leaves the weights in the model and stops Spark
     */
    Fitter fitter(String master, PrintWriter err);

    /**
     * Scores a table with a model file saved by keras4j, on the cluster.
     *
     * @param master    the Spark master
     * @param modelFile the model (with its preprocessing and class names, as {@code keras4j train} saves it)
     * @param input     a Parquet file or folder, or a CSV file or folder with a header
     * @param output    where the scored table goes: Parquet, or CSV when the name ends in {@code .csv}
     * @param delimiter the CSV cell separator
     * @param out       where the summary line goes
     * @return how many rows were scored
     */
    long predict(String master, Path modelFile, Path input, Path output, char delimiter, PrintWriter out);

    /**
     * @return the Spark module's runner
     * @throws Keras4jException ({@link #MISSING}) when the module is not on the class path
     */
    static SparkRunner find() {
        return ServiceLoader.load(SparkRunner.class).findFirst().orElseThrow(() -> new Keras4jException(MISSING));
    }
}

package keras4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import keras4j.Keras4jException;
import keras4j.cli.SparkRunner;
import keras4j.models.Fitter;
import keras4j.models.TablePreprocessing;
import keras4j.models.TrainedModel;

/**
 * The command line's {@code --spark} ({@link SparkRunner}, found by {@code ServiceLoader}):
 * {@code keras4j train <recipe> --spark MASTER} trains with {@link SparkTrainer};
 * {@code keras4j predict --spark MASTER model in out} scores a Parquet or CSV table with
 * {@link SparkPredictor}, the model's own preprocessing applied on the executors.
 *
 * <pre>{@code
 * ./keras4j train iris-mlp --spark local[2]
 * ./keras4j predict --spark local[2] runs/iris/model.keras4j flowers.csv scored.csv
 * }</pre>
 *
 * <p>Spark settings come from {@code -Dspark.*} system properties (e.g.
 * {@code KERAS4J_JAVA_OPTS=-Dspark.executor.memory=4g}); on a local master the driver binds to
 * 127.0.0.1 and has no web UI unless they say otherwise. Executors of a cluster need keras4j's
 * classes: {@code -Dspark.jars=spark/target/keras4j-spark-<version>-job.jar}.
 */
public final class CliSparkRunner implements SparkRunner {
    /** The temporary column of assembled features. */
    private static final String FEATURES = "__keras4j_features";

    /** Called by ServiceLoader. */
    public CliSparkRunner() {
    }

    @Override
    public Fitter fitter(String master, PrintWriter err) {
        return (model, x, y, options) -> {
            SparkSession spark = session(master, err);
            try {
                return new SparkTrainer(spark).fit(model, x, y, options);
            } finally {
                spark.stop();
            }
        };
    }

    @Override
    public long predict(String master, Path modelFile, Path input, Path output, char delimiter, PrintWriter out) {
        TrainedModel trained = TrainedModel.load(modelFile);
        if (!(trained.info().preprocessing() instanceof TablePreprocessing)) {
            throw new Keras4jException("Model " + modelFile + " takes images; predict --spark scores tables of "
                    + "feature columns (Parquet or CSV). Score images with 'keras4j predict' without --spark, or with "
                    + "SparkPredictor on a column of image paths or bytes.");
        }
        if (!Files.exists(input)) {
            throw new Keras4jException("No such input table: " + input + ". Give a Parquet file or folder, or a CSV "
                    + "file or folder (a name ending in .csv).");
        }
        if (Files.exists(output)) {
            throw new Keras4jException("The output " + output + " exists already; Spark writes a new folder there. "
                    + "Remove it or name another.");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SparkSession spark = session(master, new PrintWriter(out));
        try {
            Dataset<Row> table = csv(input)
                    ? spark.read().option("header", "true").option("inferSchema", "true")
                            .option("sep", String.valueOf(delimiter)).csv(input.toString())
                    : spark.read().parquet(input.toString());
            List<String> features = featureColumns(table, trained, input);
            Dataset<Row> assembled = table.withColumn(FEATURES, functions.array(features.stream()
                    .map(name -> functions.col(quoted(name)).cast(DataTypes.DoubleType)).toArray(Column[]::new)));
            Dataset<Row> scored = new SparkPredictor(spark, bytes, CliSparkRunner::trainedModel, trained.model())
                    .featuresCol(FEATURES).featureColumns(features).transform(assembled).drop(FEATURES);
            List<String> classes = trained.info().classNames();
            if (!classes.isEmpty() && trained.model().getOutputShape()[0] == classes.size()) {
                Column names = functions.array(classes.stream().map(functions::lit).toArray(Column[]::new));
                scored = scored.withColumn("class", functions.element_at(names,
                        functions.col("prediction").cast(DataTypes.IntegerType).plus(1)));
            }
            if (csv(output)) {
                scored = scored.withColumn("probability", functions.concat_ws(";",
                        functions.col("probability").cast(DataTypes.createArrayType(DataTypes.StringType))));
                scored.write().option("header", "true").option("sep", String.valueOf(delimiter)).csv(output.toString());
            } else {
                scored.write().parquet(output.toString());
            }
            long rows = spark.read().format(csv(output) ? "csv" : "parquet").option("header", "true")
                    .load(output.toString()).count();
            out.println("Scored " + rows + " rows of " + input + " on Spark " + master + " into " + output + "/ ("
                    + (csv(output) ? "CSV" : "Parquet") + " part files): columns prediction, probability"
                    + (Arrays.asList(scored.columns()).contains("class") ? ", class" : "")
                    + ".");
            out.flush();
            return rows;
        } catch (Keras4jException e) {
            throw e;
        } catch (Exception e) {   // Spark's AnalysisException and SparkException are checked
            throw Keras4jSpark.explain(e);
        } finally {
            spark.stop();
        }
    }

    /** Executors' side: the trained model with its preprocessing (scaling of the raw features). */
    private static java.util.function.Function<org.nd4j.linalg.api.ndarray.INDArray,
            org.nd4j.linalg.api.ndarray.INDArray> trainedModel(Path file, int[] inputShape) {
        TrainedModel model = TrainedModel.load(file);
        return model::outputs;
    }

    private static List<String> featureColumns(Dataset<Row> table, TrainedModel trained, Path input) {
        List<String> names = trained.info().featureNames();
        List<String> columns = Arrays.asList(table.columns());
        if (!names.isEmpty() && columns.containsAll(names)) {
            return names;
        }
        List<String> numeric = new ArrayList<>();
        for (StructField field : table.schema().fields()) {
            if (field.dataType() instanceof NumericType) {
                numeric.add(field.name());
            }
        }
        int width = trained.model().getInputShape()[0];
        if (names.isEmpty() && numeric.size() == width) {
            return numeric;
        }
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(columns);
        throw new Keras4jException("Input table " + input + " lacks the model's feature column(s) " + missing
                + "; its columns are " + columns + ". Give a table with the columns " + names + ".");
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static boolean csv(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /** A session for the command line: loopback and no UI on a local master, -Dspark.* settings kept. */
    static SparkSession session(String master, PrintWriter err) {
        Keras4jSpark.quietLogs();   // before SparkConf: its first use logs about the host's address
        SparkConf conf = new SparkConf().setMaster(master);   // reads -Dspark.* system properties
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        } else if (!conf.contains("spark.jars")) {
            Keras4jSpark.checkMaster(master);   // an unreachable master first, in its own line
            err.println("Note: the executors need keras4j's classes; if they lack them, pass "
                    + "-Dspark.jars=spark/target/keras4j-spark-<version>-job.jar (in KERAS4J_JAVA_OPTS).");
            err.flush();
        }
        return Keras4jSpark.session(conf);
    }
}

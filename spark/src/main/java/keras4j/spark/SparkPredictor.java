package keras4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.spark.internal.Examples;
import keras4j.spark.internal.ModelCache;
import keras4j.spark.internal.RowReader;
import keras4j.spark.internal.TestHooks;

/**
 * Scores a Spark table with a keras4j model, Keras's {@code predict} distributed: the model is
 * broadcast once (its saved file's bytes), each partition predicts its rows in batches with its
 * executor's copy, and two columns are added to the table: {@code prediction} (the most probable
 * class's index, or the output itself for a model with one output) and {@code probability} (every
 * output, as an array of doubles). The outputs are exactly {@code model.predict}'s, row for row.
 *
 * <pre>{@code
 * Dataset<Row> scored = new SparkPredictor(spark, model)
 *         .featuresCol("features")       // an array or ML vector of numbers, an image path or bytes
 *         .batchSize(256)
 *         .transform(table);
 * scored.select("id", "prediction").write().parquet("predictions.parquet");
 * }</pre>
 *
 * <p>Images (a string column of paths every executor can read, or a binary column of PNG / JPEG
 * bytes) are resized to the model's input (height, width), made gray or RGB as its channels say,
 * and scaled to [0, 1]. Rows whose features have the wrong width fail the job with a message
 * naming the row's partition and offset; NaN passes through (its row's outputs are NaN), as in
 * Keras.
 */
public final class SparkPredictor {
    private final SparkSession spark;
    private final byte[] modelBytes;
    private final Loader loader;
    private final Examples shapes;
    private String featuresCol = "features";
    private String predictionCol = "prediction";
    private String probabilityCol = "probability";
    private int batchSize = Model.DEFAULT_INFERENCE_BATCH_SIZE;
    private List<String> elementNames;

    /**
     * @param spark the session
     * @param model the model (with one input and one output); its current weights are the ones used
     */
    public SparkPredictor(SparkSession spark, Model model) {
        this(spark, ModelCache.bytesOf(model), Loader.MODEL, model);
    }

    /**
     * For callers who score with a model file's own loading (the CLI: a trained model's preprocessing).
     *
     * @param spark      the session
     * @param modelBytes the model file's bytes
     * @param loader     what the executors make of them
     * @param model      the model, for its shapes
     */
    SparkPredictor(SparkSession spark, byte[] modelBytes, Loader loader, Model model) {
        Keras4jSpark.quietLogs();
        this.spark = spark;
        this.modelBytes = modelBytes;
        this.loader = loader;
        this.shapes = Examples.forModel(model, "input table");
    }

    /**
     * How the executors turn the model file's bytes into a function from a batch of features
     * {@code [n, width]} to the model's outputs {@code [n, units]}.
     */
    interface Loader extends java.io.Serializable {
        /** A keras4j model file, predicted on as is. */
        Loader MODEL = (file, inputShape) -> {
            Model model = Model.load(file);
            return x -> model.predict(x);
        };

        /**
         * @param file       the model file
         * @param inputShape the model's input shape (for reshaping the features)
         * @return the scoring function
         */
        Function<INDArray, INDArray> load(Path file, int[] inputShape);
    }

    /** @param column the column of features (default {@code features}) @return this predictor */
    public SparkPredictor featuresCol(String column) {
        this.featuresCol = column;
        return this;
    }

    /** @param column the column added with the predicted class or value (default {@code prediction}) @return this */
    public SparkPredictor predictionCol(String column) {
        this.predictionCol = column;
        return this;
    }

    /** @param column the column added with every output (default {@code probability}) @return this predictor */
    public SparkPredictor probabilityCol(String column) {
        this.probabilityCol = column;
        return this;
    }

    /** @param names the columns the features array was assembled from (for messages) @return this predictor */
    SparkPredictor featureColumns(List<String> names) {
        this.elementNames = names;
        return this;
    }

    /** @param rows rows per forward pass on an executor (default 256; memory only) @return this predictor */
    public SparkPredictor batchSize(int rows) {
        if (rows < 1) {
            throw new Keras4jException("batchSize must be at least 1; received " + rows + ".");
        }
        this.batchSize = rows;
        return this;
    }

    /**
     * @param table the rows to score
     * @return the table with the prediction and probability columns added (lazily: Spark computes
     *         them when the result is written or collected)
     * @throws Keras4jException when the features column is missing or of an unreadable type; a bad
     *                          row fails the job that computes the result
     */
    public Dataset<Row> transform(Dataset<Row> table) {
        StructType schema = table.schema();
        for (String added : List.of(predictionCol, probabilityCol)) {
            if (List.of(schema.fieldNames()).contains(added)) {
                throw new Keras4jException("The input table already has a column '" + added + "'; name the output "
                        + "column otherwise (predictionCol / probabilityCol) or drop it.");
            }
        }
        RowReader columnReader = RowReader.of(schema, featuresCol, shapes.width(), shapes.inputShape(), "input table",
                false);
        RowReader reader = elementNames == null ? columnReader : columnReader.withElementNames(elementNames);
        StructType out = schema.add(predictionCol, DataTypes.DoubleType, false)
                .add(probabilityCol, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> bytes = sc.broadcast(modelBytes);
        long id = bytes.id();
        Loader load = loader;
        Examples examples = shapes;
        int batch = batchSize;
        JavaRDD<Row> scored = table.javaRDD().mapPartitionsWithIndex((Integer partition, Iterator<Row> rows) -> {
            TestHooks.atPartitionStart();
            return new Scoring(rows, partition, reader, examples, batch,
                    ModelCache.get(id, bytes.value(), file -> load.load(file, examples.inputShape())));
        }, true);
        return spark.createDataFrame(scored, out);
    }

    /** One partition's rows, scored batch by batch as they are consumed. */
    private static final class Scoring implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final int partition;
        private final RowReader reader;
        private final Examples examples;
        private final int batchSize;
        private final Function<INDArray, INDArray> model;
        private final List<Row> pending = new ArrayList<>();
        private Iterator<Row> ready = List.<Row>of().iterator();
        private long offset;

        Scoring(Iterator<Row> rows, int partition, RowReader reader, Examples examples, int batchSize,
                Function<INDArray, INDArray> model) {
            this.rows = rows;
            this.partition = partition;
            this.reader = reader;
            this.examples = examples;
            this.batchSize = batchSize;
            this.model = model;
        }

        @Override
        public boolean hasNext() {
            if (!ready.hasNext() && rows.hasNext()) {
                nextBatch();
            }
            return ready.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return ready.next();
        }

        private void nextBatch() {
            pending.clear();
            int width = examples.width();
            List<float[]> features = new ArrayList<>();
            while (rows.hasNext() && pending.size() < batchSize) {
                Row row = rows.next();
                features.add(reader.read(row, partition, offset++));
                pending.add(row);
            }
            float[] flat = new float[features.size() * width];
            for (int i = 0; i < features.size(); i++) {
                System.arraycopy(features.get(i), 0, flat, i * width, width);
            }
            INDArray x = Nd4j.create(flat, examples.featureShape(features.size()), 'c');
            INDArray outputs = model.apply(x);
            INDArray flatOut = outputs.reshape('c', features.size(), outputs.length() / features.size());
            List<Row> done = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                double[] probabilities = flatOut.getRow(i).toDoubleVector();
                double prediction = probabilities.length == 1 ? probabilities[0] : argMax(probabilities);
                Row row = pending.get(i);
                Object[] values = new Object[row.length() + 2];
                for (int c = 0; c < row.length(); c++) {
                    values[c] = row.get(c);
                }
                values[row.length()] = prediction;
                values[row.length() + 1] = probabilities;
                done.add(RowFactory.create(values));
            }
            ready = done.iterator();
        }

        private static double argMax(double[] values) {
            int best = 0;
            for (int i = 1; i < values.length; i++) {
                if (values[i] > values[best]) {
                    best = i;
                }
            }
            return best;
        }
    }
}

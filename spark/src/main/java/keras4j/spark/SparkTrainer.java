package keras4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.callbacks.BackupAndRestore;
import keras4j.callbacks.Callback;
import keras4j.callbacks.History;
import keras4j.spark.internal.Evaluation;
import keras4j.spark.internal.Examples;
import keras4j.spark.internal.RowReader;
import keras4j.training.CallbackList;

/**
 * Keras's {@code fit} on a Spark cluster: the same compiled keras4j model (a {@code Sequential} or
 * a {@code Functional} one with one input and one output) trained by DL4J's parameter averaging.
 * Each epoch, every worker (a Spark task) trains a copy of the model on its share of the data, in
 * batches of {@code batchSize}; every {@link #averagingFrequency} batches the copies' weights and
 * optimizer states are averaged on the driver and sent out again. The trained weights end up in
 * the model given, ready to {@code save}, {@code evaluate} or {@code predict}.
 *
 * <pre>{@code
 * SparkSession spark = Keras4jSpark.session("spark://10.0.0.5:7077");
 * History history = new SparkTrainer(spark)
 *         .workersPerExecutor(2)          // default: one per executor core
 *         .averagingFrequency(5)          // batches between averagings (default 5)
 *         .fit(model, table, "features", "label", new FitOptions().epochs(10).batchSize(32)
 *                 .callbacks(new ModelCheckpoint(Path.of("best.keras4j"))));
 * model.save(Path.of("model.keras4j"));
 * }</pre>
 *
 * <p>What {@link FitOptions} means here: {@code epochs}, {@code initialEpoch}; {@code batchSize} is
 * the batch size <em>per worker</em> (Keras's default 32); {@code shuffle} shuffles each partition
 * at each epoch (the data stays on its executor); {@code validationData} (arrays, on the driver) is
 * scored at each epoch's end, as is {@code validationSplit} of {@link #fit(Model, INDArray, INDArray,
 * FitOptions) in-memory arrays}; the callbacks run on the driver at each epoch's begin and end
 * (there are no batch events: the batches run on the executors), so {@code ModelCheckpoint},
 * {@code EarlyStopping}, {@code CSVLogger}, {@code BackupAndRestore} (at epoch boundaries) and the
 * History work as in {@code fit}. An epoch's {@code loss} and metrics are the averaged model's on
 * the whole training data, measured after the epoch by a distributed {@code evaluate} (one forward
 * pass; {@link #evaluateEachEpoch(boolean) switch it off} to log only DL4J's mean training loss).
 * Class and sample weights are not supported.
 *
 * <p>Not thread-safe; one fit at a time per trainer.
 */
public final class SparkTrainer {
    private final JavaSparkContext sc;
    private Integer workersPerExecutor;
    private int averagingFrequency = 5;
    private int prefetchBatches = 2;
    private boolean evaluateEachEpoch = true;

    /** @param spark the session to train on */
    public SparkTrainer(SparkSession spark) {
        this(JavaSparkContext.fromSparkContext(spark.sparkContext()));
    }

    /** @param sc the Spark context to train on */
    public SparkTrainer(JavaSparkContext sc) {
        Keras4jSpark.quietLogs();
        this.sc = sc;
    }

    /**
     * @param workers copies of the model trained at once on each executor (default: one per core
     *                Spark gives the executor, which is what makes all cores train)
     * @return this trainer
     */
    public SparkTrainer workersPerExecutor(int workers) {
        if (workers < 1) {
            throw new Keras4jException("workersPerExecutor must be at least 1; received " + workers + ".");
        }
        this.workersPerExecutor = workers;
        return this;
    }

    /**
     * @param batches how many batches each worker trains between two averagings of the weights
     *                (default 5): fewer averages more often (closer to one-JVM training, more network)
     * @return this trainer
     */
    public SparkTrainer averagingFrequency(int batches) {
        if (batches < 1) {
            throw new Keras4jException("averagingFrequency must be at least 1 batch; received " + batches + ".");
        }
        this.averagingFrequency = batches;
        return this;
    }

    /**
     * @param batches batches each worker prepares ahead while it trains (default 2; 0 for none)
     * @return this trainer
     */
    public SparkTrainer prefetchBatches(int batches) {
        if (batches < 0) {
            throw new Keras4jException("prefetchBatches must be 0 or more; received " + batches + ".");
        }
        this.prefetchBatches = batches;
        return this;
    }

    /**
     * @param evaluate whether each epoch's logs come from a distributed {@code evaluate} of the
     *                 trained model on the training data (default true), or only from DL4J's mean
     *                 training loss (no metrics, no extra pass)
     * @return this trainer
     */
    public SparkTrainer evaluateEachEpoch(boolean evaluate) {
        this.evaluateEachEpoch = evaluate;
        return this;
    }

    /** @return how many workers train at once: executors x {@link #workersPerExecutor}, or all cores */
    public int workers() {
        if (workersPerExecutor == null) {
            return Math.max(1, sc.defaultParallelism());
        }
        int executors = Math.max(1, sc.sc().statusTracker().getExecutorInfos().length - (sc.isLocal() ? 0 : 1));
        return executors * workersPerExecutor;
    }

    /**
     * Trains on a table: one row per example.
     *
     * @param model       a compiled model with one input and one output
     * @param table       the training data
     * @param featuresCol its column of features: an array or ML vector of numbers (as many as the
     *                    model's input takes), an image's path or bytes
     * @param labelCol    its column of targets: a class id (sparse losses), or a number or an array
     *                    of numbers (one per model output)
     * @param options     epochs, batch size per worker, callbacks, validation data
     * @return the history of this call (also added to the model's)
     * @throws Keras4jException for a bad row (naming its partition and offset) or bad options
     */
    public History fit(Model model, Dataset<Row> table, String featuresCol, String labelCol, FitOptions options) {
        Examples examples = examples(model);
        RowReader[] readers = examples.readers(table.schema(), featuresCol, labelCol);
        JavaRDD<DataSet> data = table.javaRDD().mapPartitionsWithIndex(
                (Integer partition, Iterator<Row> rows) -> examples.fromRows(partition, rows, readers), true);
        return train(model, data, options, null);
    }

    /**
     * Trains on an RDD of DL4J DataSets (each of one or more examples), as DL4J's Spark training
     * takes them: features with the model's input width, labels as keras4j's network takes them
     * ({@code [n, 1]} class ids for a sparse loss, else {@code [n, units]}).
     *
     * @param model   a compiled model with one input and one output
     * @param data    the training data
     * @param options epochs, batch size per worker, callbacks, validation data
     * @return the history of this call
     */
    public History fit(Model model, JavaRDD<DataSet> data, FitOptions options) {
        return checkAndTrain(model, data, options, null);
    }

    private History checkAndTrain(Model model, JavaRDD<DataSet> data, FitOptions options, INDArray[] heldOut) {
        Examples examples = examples(model);
        return train(model, data.mapPartitionsWithIndex(
                (Integer partition, Iterator<DataSet> sets) -> examples.check(partition, sets), true), options,
                heldOut);
    }

    /**
     * Trains on arrays held by the driver (as {@code model.fit(x, y, options)} does), spread over
     * the cluster; {@code validationSplit} holds out the last rows, as Keras does.
     *
     * @param model   a compiled model with one input and one output
     * @param x       features, shaped like the model's input with a batch axis
     * @param y       targets, as for {@code model.fit}
     * @param options as for {@code model.fit}, with batchSize per worker
     * @return the history of this call
     */
    public History fit(Model model, INDArray x, INDArray y, FitOptions options) {
        Examples examples = examples(model);
        long n = x.size(0);
        if (y.size(0) != n) {
            throw new Keras4jException("x and y must have the same number of samples (rows): x has " + n + ", y has "
                    + y.size(0) + ".");
        }
        long held = (long) Math.floor(n * options.getValidationSplit());
        INDArray[] heldOut = null;
        if (held > 0 && options.getValidationX() == null) {
            heldOut = new INDArray[] {x.get(NDArrayIndex.interval(n - held, n)).dup(),
                    y.get(NDArrayIndex.interval(n - held, n)).dup()};
            x = x.get(NDArrayIndex.interval(0, n - held));
            y = y.get(NDArrayIndex.interval(0, n - held));
        }
        INDArray features = x.reshape('c', examples.featureShape(x.size(0))).castTo(DataType.FLOAT);
        INDArray labels = (y.rank() == 1 ? y.reshape('c', y.size(0), 1) : y).castTo(DataType.FLOAT);
        List<DataSet> rows = new ArrayList<>();
        for (long i = 0; i < features.size(0); i++) {
            rows.add(new DataSet(features.get(NDArrayIndex.interval(i, i + 1)).dup('c'),
                    labels.get(NDArrayIndex.interval(i, i + 1)).dup('c')));
        }
        return checkAndTrain(model, sc.parallelize(rows, workers()), options, heldOut);
    }

    private Examples examples(Model model) {
        if (!model.isCompiled()) {
            throw new Keras4jException("Model '" + model.getName() + "' must be compiled before training: call "
                    + "model.compile(optimizer, loss, metrics) first.");
        }
        return Examples.forModel(model, "training data");
    }

    /** heldOut: the validation arrays split off in-memory data, or null (then the options' validation data). */
    private History train(Model model, JavaRDD<DataSet> checked, FitOptions options, INDArray[] heldOut) {
        if ((options.getClassWeight() != null && !options.getClassWeight().isEmpty())
                || options.getSampleWeight() != null) {
            throw new Keras4jException("SparkTrainer doesn't support classWeight or sampleWeight; weigh the examples "
                    + "by repeating them in the data, or train in one JVM with model.fit.");
        }
        int workers = workers();
        JavaRDD<DataSet> data = checked.getNumPartitions() == workers ? checked : checked.repartition(workers);
        data = data.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long examples;
            try {
                examples = data.count();   // reads and checks every row once: a bad row fails here
            } catch (Exception e) {   // Spark's SparkException is checked, though Scala doesn't declare it
                throw Keras4jSpark.explain(e);
            }
            if (examples == 0) {
                throw new Keras4jException("The training data is empty: there is nothing to train on.");
            }
            return epochs(model, data, workers, examples, options, heldOut);
        } finally {
            data.unpersist(false);
        }
    }

    private History epochs(Model model, JavaRDD<DataSet> data, int workers, long examples, FitOptions options,
                           INDArray[] heldOut) {
        model.setStopTraining(false);
        History run = new History();
        CallbackList callbacks = CallbackList.of(options, run, model);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", options.getEpochs());
        // batches each worker trains per epoch: what the progress line counts
        params.put("steps", (int) Math.max(1, (examples + (long) workers * options.getBatchSize() - 1)
                / ((long) workers * options.getBatchSize())));
        params.put("verbose", options.getVerbose());
        params.put("workers", workers);
        params.put("samples", examples);
        callbacks.setParams(params);
        callbacks.onTrainBegin();
        int first = options.getInitialEpoch();
        for (Callback callback : options.getCallbacks()) {
            if (callback instanceof BackupAndRestore backup && backup.getRestoredEpochs() >= 0) {
                first = Math.max(first, backup.getRestoredEpochs());   // mid-epoch backups restart their epoch
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        for (int epoch = first; epoch < options.getEpochs() && !model.isStopTraining(); epoch++) {
            callbacks.onEpochBegin(epoch);
            JavaRDD<DataSet> epochData = options.isShuffle() ? shuffled(data, model.getSeed() + epoch) : data;
            double score;
            try {
                score = trainOneEpoch(model, epochData, workers, options.getBatchSize(), model.getSeed() + epoch);
                logs = new LinkedHashMap<>();
                if (evaluateEachEpoch) {
                    logs.putAll(Evaluation.evaluate(sc, model, data, Math.max(options.getBatchSize(),
                            Model.DEFAULT_INFERENCE_BATCH_SIZE)));
                } else {
                    logs.put("loss", score);
                }
            } catch (Keras4jException e) {
                throw e;
            } catch (Exception e) {
                throw Keras4jSpark.explain(e);
            }
            Map<String, Double> validation = heldOut != null
                    ? model.evaluate(heldOut[0], heldOut[1], Model.DEFAULT_INFERENCE_BATCH_SIZE)
                    : options.getValidationX() != null ? model.evaluate(options.getValidationX(),
                            options.getValidationY(), Model.DEFAULT_INFERENCE_BATCH_SIZE) : Map.of();
            Map<String, Double> epochLogs = logs;
            validation.forEach((k, v) -> epochLogs.put("val_" + k, v));
            callbacks.endEpoch(model, epoch, logs);
        }
        callbacks.onTrainEnd(logs);
        return run;
    }

    /** One epoch of parameter averaging over the data; the model's network ends with the averaged weights. */
    private double trainOneEpoch(Model model, JavaRDD<DataSet> data, int workers, int batchSize, long seed) {
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, 1)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(prefetchBatches)
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)   // no export folder: no shared file system needed
                .repartionData(Repartition.Never)                  // partitioned once, one per worker, before
                .rngSeed(seed)
                .build();
        NeuralNetwork network = model.toDl4j();   // fetched each epoch: a restored backup may have replaced it
        if (network instanceof MultiLayerNetwork chain) {
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, chain, master);
            spark.fit(data);
            return spark.getScore();
        }
        SparkComputationGraph spark = new SparkComputationGraph(sc, (ComputationGraph) network, master);
        spark.fit(data);
        return spark.getScore();
    }

    /** Each partition's examples in a new order, the same for a given seed (Keras shuffles each epoch). */
    private static JavaRDD<DataSet> shuffled(JavaRDD<DataSet> data, long seed) {
        return data.mapPartitionsWithIndex((Integer partition, Iterator<DataSet> sets) -> {
            List<DataSet> all = new ArrayList<>();
            sets.forEachRemaining(all::add);
            Collections.shuffle(all, new Random(seed * 31 + partition));
            return all.iterator();
        }, true);
    }
}

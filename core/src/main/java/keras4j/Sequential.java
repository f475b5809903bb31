package keras4j;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.callbacks.Callback;
import keras4j.callbacks.History;
import keras4j.internal.ArchitectureCheck;
import keras4j.internal.ArrayIterator;
import keras4j.internal.Batches;
import keras4j.internal.Data;
import keras4j.internal.Lowering;
import keras4j.internal.MetricTracker;
import keras4j.internal.ModelFile;
import keras4j.internal.ModelJson;
import keras4j.internal.NetworkWeights;
import keras4j.internal.ProgressLogger;
import keras4j.internal.Shapes;
import keras4j.internal.StreamBatches;
import keras4j.internal.TrackedLoss;
import keras4j.internal.TrainingPosition;
import keras4j.internal.WeightStore;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.losses.Loss;
import keras4j.optimizers.Optimizer;

/**
 * A plain stack of layers, Keras's {@code Sequential}: build it from layers, {@code compile} it
 * with an optimizer, a loss and metrics, then {@code fit}, {@code evaluate}, {@code predict},
 * {@code summary} and {@code save}. Underneath, {@code compile} builds a DL4J
 * {@link MultiLayerNetwork}.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(
 *         new Input(28, 28),
 *         new Flatten(),
 *         new Dense(128, "relu"),
 *         new Dropout(0.2),
 *         new Dense(10, "softmax"));
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * History history = model.fit(xTrain, yTrain, new FitOptions().epochs(5).validationSplit(0.1));
 * Map<String, Double> scores = model.evaluate(xTest, yTest);   // {loss=..., accuracy=...}
 * INDArray probabilities = model.predict(xTest);
 * model.save(Path.of("mnist.keras4j"));
 * }</pre>
 *
 * <p>Not thread-safe: train or predict from one thread at a time.
 */
public final class Sequential {
    /** The batch size {@code evaluate} and {@code predict} use unless told (Keras's is 32; results don't depend on it). */
    public static final int DEFAULT_INFERENCE_BATCH_SIZE = 256;

    private final List<Layer> layers = new ArrayList<>();
    private String name = "sequential";
    private long seed = new java.security.SecureRandom().nextLong() & 0xFFFFFFFFL;

    private Optimizer optimizer;
    private Loss loss;
    private List<String> metrics = List.of();
    private Lowering.Plan plan;
    private MultiLayerNetwork network;
    private TrackedLoss trackedLoss;
    private History history = new History();
    private volatile boolean stopTraining;
    private int resumeEpoch = -1;
    private TrainingPosition resumePosition;
    /** The epoch in progress, its batches done and its running metrics, while {@code fit} runs one. */
    private int currentEpoch;
    private int batchesDone;
    private MetricTracker epochTracker;
    private final Map<String, String> properties = new LinkedHashMap<>();

    /** @param layers the layers, an {@link Input} first */
    public Sequential(Layer... layers) {
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** @param layers the layers, an {@link Input} first @return the model */
    public static Sequential of(Layer... layers) {
        return new Sequential(layers);
    }

    /**
     * Appends a layer, naming it like Keras ({@code dense}, {@code dense_1}, ...) if it has no name.
     *
     * @param layer the layer
     * @return this model
     */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new Keras4jException("Sequential.add received null instead of a layer.");
        }
        if (network != null) {
            throw new Keras4jException("Can't add layer " + layer.getClassName() + " to model '" + name + "': it is "
                    + "already compiled. Add every layer first, then call compile().");
        }
        if (layers.contains(layer)) {
            throw new Keras4jException("Layer '" + layer.getName() + "' is already in model '" + name + "'; a layer "
                    + "can appear once. Create a new layer object for each position.");
        }
        if (layer instanceof Input && !layers.isEmpty()) {
            throw new Keras4jException("An Input can only be the first layer of a Sequential model; model '" + name
                    + "' already has " + layers.size() + " layer(s).");
        }
        if (layer.getName() == null) {
            layer.name(uniqueName(layer.defaultName()));
        } else if (hasLayerNamed(layer.getName())) {
            throw new Keras4jException("The name '" + layer.getName() + "' is used 2 times in model '" + name
                    + "'. All layer names should be unique.");
        }
        layers.add(layer);
        return this;
    }

    private String uniqueName(String prefix) {
        if (!hasLayerNamed(prefix)) {
            return prefix;
        }
        for (int i = 1; ; i++) {
            if (!hasLayerNamed(prefix + "_" + i)) {
                return prefix + "_" + i;
            }
        }
    }

    private boolean hasLayerNamed(String layerName) {
        return layers.stream().anyMatch(l -> layerName.equals(l.getName()));
    }

    /** @param modelName the name shown by {@link #summary()} (default "sequential") @return this model */
    public Sequential setName(String modelName) {
        this.name = modelName;
        return this;
    }

    /** @return the model's name */
    public String getName() {
        return name;
    }

    /**
     * Fixes the seed of initial weights (drawn at {@code compile}), of shuffling and of dropout, so
     * that runs repeat exactly. Without it a random seed is drawn, readable with {@link #getSeed()}.
     *
     * @param seed the seed
     * @return this model
     */
    public Sequential setSeed(long seed) {
        this.seed = seed;
        return this;
    }

    /** @return the seed in use */
    public long getSeed() {
        return seed;
    }

    /**
     * Attaches a piece of text to the model, saved with it and loaded back by {@link #load} (like
     * DJL's {@code Model.setProperty}): where it came from, what its classes mean, anything an
     * application wants to keep beside the weights.
     *
     * <pre>{@code
     * model.setProperty("dataset", "mnist");
     * model.setProperty("classes", "0,1,2,3,4,5,6,7,8,9");
     * model.save(path);
     * Sequential.load(path).getProperty("dataset");   // "mnist"
     * }</pre>
     *
     * @param key   a non-empty name; setting it again replaces the value
     * @param value the text, not null
     * @return this model
     */
    public Sequential setProperty(String key, String value) {
        if (key == null || key.isEmpty()) {
            throw new Keras4jException("setProperty needs a non-empty key; received " + (key == null ? "null" : "\"\"")
                    + ". For example: model.setProperty(\"dataset\", \"mnist\").");
        }
        if (value == null) {
            throw new Keras4jException("setProperty(\"" + key + "\", null): a property's value can't be null. Pass "
                    + "a string (\"\" for an empty one).");
        }
        properties.put(key, value);
        return this;
    }

    /** @param key a property's name @return its value, or null when the model has no such property */
    public String getProperty(String key) {
        return properties.get(key);
    }

    /** @return every property, in the order they were first set (unmodifiable) */
    public Map<String, String> getProperties() {
        return Collections.unmodifiableMap(properties);
    }

    /** @return the layers after the Input, as Keras's {@code model.layers} */
    public List<Layer> getLayers() {
        return Collections.unmodifiableList(layers.subList(hasInput() ? 1 : 0, layers.size()));
    }

    /**
     * @param layerName a layer's name
     * @return that layer
     */
    public Layer getLayer(String layerName) {
        for (Layer layer : layers) {
            if (layer.getName().equals(layerName)) {
                return layer;
            }
        }
        throw new Keras4jException("No such layer: '" + layerName + "'. Existing layers: "
                + String.join(", ", getLayers().stream().map(Layer::getName).toList()) + ".");
    }

    private boolean hasInput() {
        return !layers.isEmpty() && layers.get(0) instanceof Input;
    }

    /** @return the input shape without the batch axis */
    public int[] getInputShape() {
        return ((Input) requireInput()).getShape();
    }

    /** @return the output shape without the batch axis */
    public int[] getOutputShape() {
        List<int[]> shapes = inputShapes();
        Layer last = layers.get(layers.size() - 1);
        return last.computeOutputShape(shapes.get(shapes.size() - 1));
    }

    private Layer requireInput() {
        if (!hasInput()) {
            throw new Keras4jException("Model '" + name + "' has no input shape. Start it with an Input layer, e.g. "
                    + "new Input(784) for vectors or new Input(28, 28, 1) for images (height, width, channels).");
        }
        if (layers.size() < 2) {
            throw new Keras4jException("Model '" + name + "' has only an Input; add at least one layer, e.g. "
                    + "new Dense(10, \"softmax\").");
        }
        return layers.get(0);
    }

    /** @return each layer's input shape (index-aligned with the layers, Input first), checked */
    private List<int[]> inputShapes() {
        requireInput();
        List<int[]> shapes = new ArrayList<>();
        int[] shape = ((Input) layers.get(0)).getShape();
        for (Layer layer : layers) {
            shapes.add(shape);
            shape = layer.computeOutputShape(shape);
        }
        return shapes;
    }

    // ---------------------------------------------------------------------------------- compile

    /**
     * Configures the model for training, with Keras's names.
     *
     * @param optimizer "sgd", "adam", "rmsprop", "adagrad" or "nadam"
     * @param loss      "mse", "mae", "binary_crossentropy", "categorical_crossentropy" or
     *                  "sparse_categorical_crossentropy"
     * @param metrics   "accuracy", "mse", "mae"
     */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(Optimizer.get(optimizer), Loss.get(loss), metrics);
    }

    /**
     * Configures the model for training. Compiling again keeps the weights and resets the
     * optimizer's state, as in Keras.
     *
     * @param optimizer the optimizer
     * @param loss      the loss
     * @param metrics   "accuracy", "mse", "mae"
     */
    public void compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) {
            throw new Keras4jException("compile() needs an optimizer and a loss, e.g. compile(\"adam\", "
                    + "\"sparse_categorical_crossentropy\", \"accuracy\").");
        }
        List<int[]> shapes = inputShapes();
        Lowering.Plan newPlan = Lowering.plan(layers, shapes, loss, optimizer.toDl4j(), seed, DataType.FLOAT, true);
        List<String> metricList = List.of(metrics);
        MetricTracker.create(metricList, loss, getOutputShape()[0]); // refuses unknown metric names now
        MultiLayerNetwork newNetwork = new MultiLayerNetwork(newPlan.configuration());
        newNetwork.init();
        if (network != null) {
            newNetwork.setParams(network.params());
        }
        attach(newPlan, newNetwork, optimizer, loss, metricList);
    }

    private void attach(Lowering.Plan newPlan, MultiLayerNetwork newNetwork, Optimizer newOptimizer, Loss newLoss,
                        List<String> newMetrics) {
        this.plan = newPlan;
        this.network = newNetwork;
        this.optimizer = newOptimizer;
        this.loss = newLoss;
        this.metrics = newMetrics;
        org.deeplearning4j.nn.conf.layers.Layer output = newNetwork.getOutputLayer().conf().getLayer();
        this.trackedLoss = (TrackedLoss) (output instanceof BaseOutputLayer base ? base.getLossFn()
                : ((LossLayer) output).getLossFn());
        WeightStore store = new NetworkWeights(newNetwork, layers, newPlan.dl4jIndex());
        for (Layer layer : layers) {
            WeightStore.Binder.bind(layer, store);
        }
    }

    /** @return true once {@link #compile} has run */
    public boolean isCompiled() {
        return network != null;
    }

    private void requireCompiled(String call) {
        if (network == null) {
            throw new Keras4jException("You must call compile() before using the model (" + call + "() was called on "
                    + "model '" + name + "'). For example: model.compile(\"adam\", \"sparse_categorical_crossentropy\","
                    + " \"accuracy\").");
        }
    }

    /** @return the compiled optimizer, or null */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /** @return the compiled loss, or null */
    public Loss getLoss() {
        return loss;
    }

    /** @return the compiled metric names */
    public List<String> getMetrics() {
        return metrics;
    }

    // -------------------------------------------------------------------------------------- fit

    /**
     * Trains the model on in-memory data.
     *
     * @param x       features, shaped like the Input with a leading batch axis
     * @param y       targets: class ids [n] for sparse_categorical_crossentropy, else [n, outputs]
     * @param options epochs, batch size, validation, callbacks, ... (Keras's defaults when new)
     * @return the history of this call
     */
    public History fit(INDArray x, INDArray y, FitOptions options) {
        requireCompiled("fit");
        int units = getOutputShape()[0];
        String last = layers.get(layers.size() - 1).getName();
        INDArray features = Data.features(x, getInputShape(), plan.flattenInput(), layers.get(1).getName(), "fit");
        INDArray labels = Data.labels(y, features.size(0), loss, units, last, "fit");
        INDArray valX = null;
        INDArray valY = null;
        if (options.getValidationIterator() != null) {
            valX = null;
        } else if (options.getValidationX() != null || options.getValidationY() != null) {
            valX = Data.features(options.getValidationX(), getInputShape(), plan.flattenInput(), layers.get(1).getName(),
                    "fit (validation_data)");
            valY = Data.labels(options.getValidationY(), valX.size(0), loss, units, last, "fit (validation_data)");
        } else if (options.getValidationSplit() > 0) {
            long n = features.size(0);
            long split = n - (long) Math.floor(n * options.getValidationSplit());
            if (split <= 0 || split >= n) {
                throw new Keras4jException("validationSplit=" + options.getValidationSplit() + " of " + n + " samples "
                        + "leaves " + (split <= 0 ? "no training" : "no validation") + " samples. Use more data or a "
                        + "different split.");
            }
            valX = Data.rows(features, split, n).dup('c');
            valY = Data.rows(labels, split, n).dup('c');
            features = Data.rows(features, 0, split).dup('c');
            labels = Data.rows(labels, 0, split).dup('c');
        }
        INDArray sampleWeights = classWeights(labels, options.getClassWeight());
        ArrayIterator batches = new ArrayIterator(features, labels, sampleWeights, options.getBatchSize(),
                options.isShuffle(), seed);
        return train(batches, validation(valX, valY, options), options);
    }

    /**
     * Trains on data that doesn't fit in memory, streamed by a DL4J iterator (for example
     * {@code Mnist.iterator(Subset.TRAIN)}); it is rewound before each epoch. Batches are checked
     * like arrays (shapes, label range, NaN), naming the batch. {@code batchSize}, {@code shuffle},
     * {@code validationSplit} and {@code classWeight} belong to the iterator here and are not used.
     *
     * @param data    batches of features and targets (class ids [b] or [b, 1] for sparse losses)
     * @param options epochs, validation data, callbacks, verbosity
     * @return the history of this call
     */
    public History fit(DataSetIterator data, FitOptions options) {
        requireCompiled("fit");
        if (options.getValidationSplit() > 0 || !options.getClassWeight().isEmpty()) {
            throw new Keras4jException("validationSplit and classWeight need in-memory arrays; with a DataSetIterator "
                    + "pass validation data with FitOptions.validationData(...) and weigh classes in the iterator.");
        }
        StreamBatches batches = streamBatches(data);
        return train(batches, validation(options.getValidationX(), options.getValidationY(), options), options);
    }

    private StreamBatches streamBatches(DataSetIterator data) {
        return new StreamBatches(data, getInputShape(), plan.flattenInput(), loss, getOutputShape()[0],
                layers.get(1).getName(), layers.get(layers.size() - 1).getName());
    }

    /** @return the validation batches for each epoch's end, or null without validation data */
    private Supplier<Iterator<DataSet>> validation(INDArray valX, INDArray valY, FitOptions options) {
        if (options.getValidationIterator() != null) {
            StreamBatches checked = streamBatches(options.getValidationIterator());
            return () -> {
                DataSetIterator source = options.getValidationIterator();
                if (source.resetSupported()) {
                    source.reset();
                }
                return checkedBatches(source, checked, "validation data");
            };
        }
        if (valX == null) {
            return null;
        }
        return () -> arrayBatches(valX, valY, DEFAULT_INFERENCE_BATCH_SIZE);
    }

    /**
     * Trains on plain Java arrays: rows of features and class ids (for sparse_categorical_crossentropy,
     * or a single-output binary model).
     *
     * @param x       one row per sample
     * @param y       one class id per sample
     * @param options fit options
     * @return the history of this call
     */
    public History fit(double[][] x, int[] y, FitOptions options) {
        return fit(Data.of(x), Data.of(y), options);
    }

    /**
     * Trains on plain Java arrays: rows of features and rows of targets.
     *
     * @param x       one row per sample
     * @param y       one row of targets per sample
     * @param options fit options
     * @return the history of this call
     */
    public History fit(double[][] x, double[][] y, FitOptions options) {
        return fit(Data.of(x), Data.of(y), options);
    }

    private INDArray classWeights(INDArray labels, Map<Integer, Double> classWeight) {
        if (classWeight.isEmpty()) {
            return null;
        }
        INDArray ids = loss.isSparse() ? labels : labels.size(1) == 1 ? labels.gt(0.5).castTo(DataType.FLOAT)
                : labels.argMax(1).castTo(DataType.FLOAT);
        float[] classes = ids.toFloatVector();
        float[] weights = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            weights[i] = classWeight.getOrDefault((int) classes[i], 1.0).floatValue();
        }
        return Nd4j.createFromArray(weights).reshape(weights.length, 1);
    }

    private History train(Batches batches, Supplier<Iterator<DataSet>> validation, FitOptions options) {
        stopTraining = false;
        History run = new History();
        // Keras's order: the progress bar first, the user's callbacks, the History last.
        List<Callback> callbacks = new ArrayList<>();
        if (options.getVerbose() > 0) {
            Appendable out = options.getOutput() == null ? System.out : options.getOutput();
            boolean bar = options.getVerbose() == 1 && options.getOutput() == null && System.console() != null;
            callbacks.add(new ProgressLogger(out, bar, options.getEpochs(), batches::batchesPerEpoch));
        }
        callbacks.addAll(options.getCallbacks());
        callbacks.add(run);
        callbacks.forEach(c -> c.setModel(this));

        MetricTracker tracker = MetricTracker.create(metrics, loss, getOutputShape()[0]);
        // A callback's exception is held until DL4J's fit returns, so DL4J never unwinds through it.
        RuntimeException[] failure = {null};
        network.setListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                tracker.addLoss(model.score(), tracker.lastRows());
                Map<String, Double> logs = tracker.results("");
                batchesDone++;
                try {
                    for (Callback callback : callbacks) {
                        callback.onTrainBatchEnd(batchesDone - 1, logs);
                    }
                } catch (RuntimeException e) {
                    failure[0] = e;
                    batches.stop();
                }
                if (stopTraining) {
                    batches.stop();
                }
            }
        });
        Map<String, Double> logs = new LinkedHashMap<>();
        try {
            resumeEpoch = -1;
            resumePosition = null;
            callbacks.forEach(c -> c.onTrainBegin(new LinkedHashMap<>()));
            // A callback (BackupAndRestore) may have restored a run: continue after its last epoch,
            // or inside the epoch it was saved in.
            TrainingPosition from = resumePosition;
            int first = from != null ? from.epoch() : Math.max(options.getInitialEpoch(), resumeEpoch);
            for (int epoch = first; epoch < options.getEpochs() && !stopTraining; epoch++) {
                tracker.reset();
                batchesDone = 0;
                batches.startEpoch(epoch);
                // Dropout masks depend only on (seed, epoch): a resumed run repeats an uninterrupted one.
                Nd4j.getRandom().setSeed(seed + epoch);
                if (from != null && from.epoch() == epoch) {
                    batches.skip(from.batches());
                    batchesDone = from.batches();
                    tracker.restore(from.metricSums());
                    Nd4j.getRandom().setStates(from.rngRoot(), from.rngNode());
                }
                for (Callback callback : callbacks) {
                    callback.onEpochBegin(epoch, new LinkedHashMap<>());
                }
                epochTracker = tracker;
                currentEpoch = epoch;
                trackedLoss.setTracker(tracker);
                DataSetIterator iterator = batches.iterator();
                if (iterator.hasNext()) {
                    network.fit(iterator);
                }
                trackedLoss.setTracker(null);
                epochTracker = null;
                if (failure[0] != null) {
                    throw failure[0];
                }
                if (batchesDone == 0 && !stopTraining) {
                    throw new Keras4jException("fit() received no training batches in epoch " + (epoch + 1) + ": the "
                            + "data is empty. Check the DataSetIterator (it must be rewindable, with reset(), for "
                            + "more than one epoch).");
                }
                logs = tracker.results("");
                if (validation != null) {
                    logs.putAll(score(validation.get(), "val_"));
                }
                history.record(epoch, logs);
                for (Callback callback : callbacks) {
                    callback.onEpochEnd(epoch, logs);
                }
                history.amendLast(logs);
            }
            for (Callback callback : callbacks) {
                callback.onTrainEnd(logs);
            }
        } finally {
            epochTracker = null;
            trackedLoss.setTracker(null);
            network.setListeners(Collections.emptyList());
        }
        return run;
    }

    /** @return where an epoch in progress stands (for a mid-epoch checkpoint), or null between epochs */
    private TrainingPosition position() {
        if (epochTracker == null) {
            return null;
        }
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandom();
        return new TrainingPosition(currentEpoch, batchesDone, random.rootState(), random.nodeState(),
                epochTracker.state());
    }

    /**
     * Asks {@code fit} to stop after the current batch (Keras's {@code model.stop_training = True}).
     *
     * @param stop true to stop
     */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    /** @return whether training was asked to stop */
    public boolean isStopTraining() {
        return stopTraining;
    }

    /** @return the optimizer's current learning rate */
    public double getLearningRate() {
        requireCompiled("getLearningRate");
        return optimizer.getLearningRate();
    }

    /**
     * Changes the learning rate, also in the middle of training (Keras's
     * {@code model.optimizer.learning_rate = lr}); the optimizer's state is kept.
     *
     * @param learningRate the new learning rate, &gt; 0
     */
    public void setLearningRate(double learningRate) {
        requireCompiled("setLearningRate");
        optimizer = optimizer.withLearningRate(learningRate);
        network.setLearningRate(learningRate);
    }

    /** @return every epoch this model was trained for, across fit calls and save/load */
    public History getHistory() {
        return history;
    }

    // -------------------------------------------------------------------------- evaluate, predict

    /**
     * @param x features
     * @param y targets, as for {@link #fit}
     * @return the loss and each compiled metric, by name: {@code {loss=0.08, accuracy=0.975}}
     */
    public Map<String, Double> evaluate(INDArray x, INDArray y) {
        return evaluate(x, y, DEFAULT_INFERENCE_BATCH_SIZE);
    }

    /**
     * @param x         features
     * @param y         targets, as for {@link #fit}
     * @param batchSize samples per forward pass (memory only; the result doesn't depend on it)
     * @return the loss and each compiled metric, by name
     */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize) {
        requireCompiled("evaluate");
        INDArray features = Data.features(x, getInputShape(), plan.flattenInput(), layers.get(1).getName(), "evaluate");
        INDArray labels = Data.labels(y, features.size(0), loss, getOutputShape()[0],
                layers.get(layers.size() - 1).getName(), "evaluate");
        return score(arrayBatches(features, labels, batchSize), "");
    }

    /**
     * @param data batches of features and targets, as for {@link #fit(DataSetIterator, FitOptions)};
     *             rewound first when it supports it
     * @return the loss and each compiled metric, by name
     */
    public Map<String, Double> evaluate(DataSetIterator data) {
        requireCompiled("evaluate");
        if (data.resetSupported()) {
            data.reset();
        }
        return score(checkedBatches(data, streamBatches(data), "evaluate()"), "");
    }

    /**
     * @param x class-id targets' features, as plain rows
     * @param y class ids
     * @return the loss and each compiled metric, by name
     */
    public Map<String, Double> evaluate(double[][] x, int[] y) {
        return evaluate(Data.of(x), Data.of(y));
    }

    private Map<String, Double> score(Iterator<DataSet> batches, String prefix) {
        MetricTracker tracker = MetricTracker.create(metrics, loss, getOutputShape()[0]);
        trackedLoss.setTracker(tracker);
        try {
            while (batches.hasNext()) {
                DataSet batch = batches.next();
                tracker.addLoss(network.score(batch, false), batch.numExamples());
            }
        } finally {
            trackedLoss.setTracker(null);
        }
        return tracker.results(prefix);
    }

    /** @return views of consecutive rows of checked arrays, batch by batch */
    private static Iterator<DataSet> arrayBatches(INDArray features, INDArray labels, int batchSize) {
        long n = features.size(0);
        return new Iterator<>() {
            private long from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public DataSet next() {
                long to = Math.min(n, from + batchSize);
                DataSet batch = new DataSet(Data.rows(features, from, to), Data.rows(labels, from, to));
                from = to;
                return batch;
            }
        };
    }

    /** @return the iterator's batches, each checked and shaped for DL4J */
    private static Iterator<DataSet> checkedBatches(DataSetIterator source, StreamBatches checker, String what) {
        return new Iterator<>() {
            private int batch;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public DataSet next() {
                return checker.check(source.next(), what + " (batch " + batch++ + " of the DataSetIterator)");
            }
        };
    }

    /**
     * @param x features, shaped like the Input with a leading batch axis
     * @return the model's outputs [n, units] (probabilities after softmax or sigmoid)
     */
    public INDArray predict(INDArray x) {
        return predict(x, DEFAULT_INFERENCE_BATCH_SIZE);
    }

    /**
     * @param x         features
     * @param batchSize samples per forward pass (memory only; the result doesn't depend on it)
     * @return the model's outputs [n, units]
     */
    public INDArray predict(INDArray x, int batchSize) {
        requireCompiled("predict");
        if (batchSize <= 0) {
            throw new Keras4jException("batchSize must be a positive integer; received " + batchSize + ".");
        }
        INDArray features = Data.features(x, getInputShape(), plan.flattenInput(), layers.get(1).getName(), "predict");
        long n = features.size(0);
        if (n <= batchSize) {
            return network.output(features, false);
        }
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += batchSize) {
            parts.add(network.output(Data.rows(features, from, Math.min(n, from + batchSize)), false));
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * @param data batches of features (labels, if any, are ignored); rewound first when it supports it
     * @return the model's outputs for every sample, in order
     */
    public INDArray predict(DataSetIterator data) {
        requireCompiled("predict");
        if (data.resetSupported()) {
            data.reset();
        }
        List<INDArray> parts = new ArrayList<>();
        for (int batch = 0; data.hasNext(); batch++) {
            parts.add(network.output(Data.features(data.next().getFeatures(), getInputShape(), plan.flattenInput(),
                    layers.get(1).getName(), "predict() (batch " + batch + " of the DataSetIterator)"), false));
        }
        if (parts.isEmpty()) {
            throw new Keras4jException("predict() received a DataSetIterator with no batches.");
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /** @param x plain rows of features @return the model's outputs, one row per sample */
    public double[][] predict(double[][] x) {
        return predict(Data.of(x)).toDoubleMatrix();
    }

    /**
     * @param x features
     * @return the most probable class per sample: the arg-max of the outputs, or (for a single
     *         sigmoid output) 1 when the probability is above 0.5
     */
    public int[] predictClasses(INDArray x) {
        INDArray out = predict(x);
        INDArray classes = out.size(1) == 1 ? out.gt(0.5).castTo(DataType.INT32) : out.argMax(1);
        return classes.toIntVector();
    }

    // ----------------------------------------------------------------------------------- summary

    /**
     * Keras's summary table: each layer's name and type, output shape and parameter count, then the
     * total, trainable and non-trainable parameter counts.
     *
     * @return the table, one line per row
     */
    public String summary() {
        StringBuilder out = new StringBuilder();
        summary(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /**
     * Prints the summary table line by line, as Keras's {@code summary(print_fn=...)}.
     *
     * @param printFn receives each line, e.g. {@code System.out::println}
     */
    public void summary(Consumer<String> printFn) {
        List<int[]> shapes = inputShapes();
        List<Layer> shown = getLayers();
        int[] widths = {29, 26, 12};
        for (Layer layer : shown) {
            int[] in = shapes.get(layers.indexOf(layer));
            widths[0] = Math.max(widths[0], layer.getName().length() + layer.getClassName().length() + 5);
            widths[1] = Math.max(widths[1], Shapes.withBatch(layer.computeOutputShape(in)).length() + 2);
        }
        String rule = "_".repeat(widths[0] + widths[1] + widths[2] + 3);
        printFn.accept("Model: \"" + name + "\"");
        printFn.accept(rule);
        printFn.accept(row(widths, "Layer (type)", "Output Shape", "Param #"));
        printFn.accept("=".repeat(rule.length()));
        long total = 0;
        long nonTrainable = 0;
        for (int i = 0; i < shown.size(); i++) {
            Layer layer = shown.get(i);
            int[] in = shapes.get(layers.indexOf(layer));
            long params = layer.countParams(in);
            total += params;
            nonTrainable += layer.countNonTrainableParams(in);
            printFn.accept(row(widths, layer.getName() + " (" + layer.getClassName() + ")",
                    Shapes.withBatch(layer.computeOutputShape(in)), String.format(Locale.ROOT, "%,d", params)));
            if (i < shown.size() - 1) {
                printFn.accept("");
            }
        }
        printFn.accept("=".repeat(rule.length()));
        printFn.accept(String.format(Locale.ROOT, "Total params: %,d (%s)", total, bytes(total)));
        printFn.accept(String.format(Locale.ROOT, "Trainable params: %,d (%s)", total - nonTrainable,
                bytes(total - nonTrainable)));
        printFn.accept(String.format(Locale.ROOT, "Non-trainable params: %,d (%s)", nonTrainable, bytes(nonTrainable)));
        printFn.accept(rule);
    }

    private static String row(int[] widths, String... cells) {
        StringBuilder s = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            s.append(cell);
            s.append(" ".repeat(Math.max(1, widths[i] - cell.length())));
        }
        return s.toString().stripTrailing();
    }

    private static String bytes(long params) {
        double b = params * 4.0;
        String[] units = {"B", "KB", "MB", "GB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", b, units[u]);
    }

    /** @return the total number of weights */
    public long countParams() {
        List<int[]> shapes = inputShapes();
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            total += layers.get(i).countParams(shapes.get(i));
        }
        return total;
    }

    // ------------------------------------------------------------------------------------ weights

    /** @return every layer's weights in Keras's layout, in layer order */
    public List<INDArray> getWeights() {
        requireCompiled("getWeights");
        List<INDArray> all = new ArrayList<>();
        for (Layer layer : getLayers()) {
            all.addAll(layer.getWeights());
        }
        return all;
    }

    /** @param weights every layer's weights, in the order and layout of {@link #getWeights()} */
    public void setWeights(List<INDArray> weights) {
        requireCompiled("setWeights");
        int expected = getWeights().size();
        if (weights.size() != expected) {
            throw new Keras4jException("Model '" + name + "' has " + expected + " weight arrays, but setWeights received "
                    + weights.size() + ".");
        }
        int next = 0;
        for (Layer layer : getLayers()) {
            int count = layer.getWeights().size();
            layer.setWeights(weights.subList(next, next + count));
            next += count;
        }
    }

    /** @return interop: the DL4J network built by {@code compile} (shares its weights with this model) */
    public MultiLayerNetwork toDl4j() {
        requireCompiled("toDl4j");
        return network;
    }

    // -------------------------------------------------------------------------------- save, load

    /**
     * Saves architecture (with the layer names), compile settings, weights, optimizer state, the
     * history and the {@linkplain #setProperty properties} in one file, written atomically. The
     * network is streamed to disk: no size limit but the disk's.
     *
     * @param path the file, e.g. {@code mnist.keras4j}
     */
    public void save(Path path) {
        write(path, true);
    }

    private void write(Path path, boolean includeOptimizer) {
        requireCompiled("save");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("seed", seed);
        Map<String, Object> architecture = new LinkedHashMap<>();
        architecture.put("name", name);
        architecture.put("layers", layerConfigs());
        model.put("model", architecture);
        Map<String, Object> compile = new LinkedHashMap<>();
        compile.put("optimizer", optimizer.getConfig());
        compile.put("loss", loss.getConfig());
        compile.put("metrics", metrics);
        model.put("compile", compile);
        Map<String, Object> historyJson = new LinkedHashMap<>();
        historyJson.put("epochs", history.getEpochs());
        historyJson.put("metrics", history.getHistory());
        model.put("history", historyJson);
        model.put("properties", new LinkedHashMap<>(properties));
        TrainingPosition position = position();
        if (position != null) {
            model.put(TrainingPosition.KEY, position.toJson());
        }
        // A mid-epoch save runs inside DL4J's step, which counts the step only after its listeners:
        // the file holds the count the next step will see.
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int iterations = conf.getIterationCount();
        conf.setIterationCount(position != null ? iterations + 1 : iterations);
        try {
            ModelFile.write(path, model, network, includeOptimizer);
        } catch (IOException e) {
            throw new Keras4jException("Could not save the model to " + path + ": " + e.getMessage()
                    + ". Check that the folder exists and is writable; any earlier file there is unchanged.", e);
        } finally {
            conf.setIterationCount(iterations);
        }
    }

    private List<Map<String, Object>> layerConfigs() {
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Layer layer : layers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", layer.getClassName());
            entry.put("config", layer.getConfig());
            configs.add(entry);
        }
        return configs;
    }

    private static History historyOf(ModelJson root) {
        ModelJson historyJson = root.get("history");
        List<ModelJson> epochs = historyJson.get("epochs").elements();
        ModelJson metricsJson = historyJson.get("metrics");
        Map<String, List<ModelJson>> values = new LinkedHashMap<>();
        for (String metric : metricsJson.asObject().keySet()) {
            List<ModelJson> list = metricsJson.get(metric).elements();
            if (list.size() > epochs.size()) {
                throw metricsJson.get(metric).damaged("has " + list.size() + " values for " + epochs.size()
                        + " epochs");
            }
            values.put(metric, list);
        }
        History restored = new History();
        for (int i = 0; i < epochs.size(); i++) {
            int epoch = epochs.get(i).asInt();
            if (epoch < 0 || epoch == Integer.MAX_VALUE) {
                throw epochs.get(i).damaged("is " + epoch + ", not an epoch number");
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            for (Map.Entry<String, List<ModelJson>> e : values.entrySet()) {
                List<ModelJson> list = e.getValue();
                logs.put(e.getKey(), i < list.size() && !list.get(i).isNull() ? list.get(i).asDouble() : Double.NaN);
            }
            restored.record(epoch, logs);
        }
        return restored;
    }

    /** @return the saved properties; none in files from keras4j versions before properties existed */
    private static Map<String, String> propertiesOf(ModelJson root) {
        ModelJson saved = root.get("properties");
        Map<String, String> restored = new LinkedHashMap<>();
        if (!saved.isPresent()) {
            return restored;
        }
        for (String key : saved.asObject().keySet()) {
            if (key.isEmpty()) {
                throw saved.damaged("has an empty key");
            }
            restored.put(key, saved.get(key).asString());
        }
        return restored;
    }

    /** @param path the file @see #save(Path) */
    public void save(String path) {
        save(Paths.get(path));
    }

    /**
     * Saves like {@link #save(Path)} but without the optimizer's state (a smaller file for
     * inference or for {@link #loadWeights}).
     *
     * @param path the file
     */
    public void saveWeights(Path path) {
        write(path, false);
    }

    /**
     * Copies the weights of a saved model with the same architecture into this one (Keras's
     * {@code load_weights}); the optimizer's state and the history are left as they are.
     *
     * @param path a file written by {@link #save} or {@link #saveWeights}
     */
    public void loadWeights(Path path) {
        requireCompiled("loadWeights");
        ModelFile.Contents contents = ModelFile.read(path);
        checkSameArchitecture(contents, path);
        network.setParams(contents.network().params());
    }

    /**
     * Restores a saved training state into this model (weights, optimizer state, iteration
     * counts, History, properties) so that a {@code fit} in progress, when called from
     * {@link Callback#onTrainBegin}, continues with the epoch after the last one saved, or, when
     * the file was saved in the middle of an epoch, with the next batch of that epoch (the same
     * batches, dropout masks and running metrics as an uninterrupted run). This is what
     * {@link keras4j.callbacks.BackupAndRestore} uses. The saved properties are added to this
     * model's; a key set in both takes the saved value.
     *
     * @param path a file written by {@link #save} from a model with the same architecture
     */
    public void resumeFrom(Path path) {
        requireCompiled("resumeFrom");
        ModelFile.Contents contents = ModelFile.read(path);
        checkSameArchitecture(contents, path);
        ModelJson root = ModelJson.root(path, contents.metadata());
        History savedHistory = historyOf(root);
        Map<String, String> savedProperties = propertiesOf(root);
        MultiLayerNetwork saved = contents.network();
        INDArray savedState = saved.getUpdater() == null ? null : saved.getUpdater().getStateViewArray();
        INDArray state = network.getUpdater().getStateViewArray();
        if (savedState != null && state != null && savedState.length() != state.length()) {
            throw new Keras4jException("Model file " + path + " holds the state of a different optimizer than model '"
                    + name + "' is compiled with (" + optimizer.getName() + "). Compile with the optimizer it was "
                    + "saved with to resume from it.");
        }
        network.setParams(saved.params());
        if (savedState != null && state != null) {
            state.assign(savedState);
        }
        network.getLayerWiseConfigurations().setIterationCount(saved.getLayerWiseConfigurations().getIterationCount());
        network.getLayerWiseConfigurations().setEpochCount(saved.getLayerWiseConfigurations().getEpochCount());
        history = savedHistory;
        properties.putAll(savedProperties);
        List<Integer> epochs = history.getEpochs();
        resumeEpoch = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1) + 1;
        Object position = contents.metadata().get(TrainingPosition.KEY);
        resumePosition = position == null ? null : TrainingPosition.fromJson(position, path.toString());
    }

    /** Refuses a file whose architecture isn't this model's, or whose network isn't the one its metadata describes. */
    private void checkSameArchitecture(ModelFile.Contents contents, Path path) {
        ModelJson layersJson = ModelJson.root(path, contents.metadata()).get("model").get("layers");
        List<Object> saved = new ArrayList<>();
        for (ModelJson entry : layersJson.elements()) {
            saved.add(entry.asObject());
        }
        if (!ModelFile.json().valueToTree(saved).equals(ModelFile.json().valueToTree(layerConfigs()))) {
            throw new Keras4jException("Model file " + path + " holds a different architecture than model '" + name
                    + "'; its weights can't be loaded into it. Use Sequential.load(path) to get the saved model.");
        }
        ArchitectureCheck.check(layersJson, layers, inputShapes(), plan, contents.network(), null);
    }

    /**
     * Loads a model saved by {@link #save}: it predicts exactly as the saved one did, and training
     * continues with the saved optimizer state. Every value of the file's metadata is checked, and
     * checked against the saved network: a damaged or hand-edited file is refused with one
     * {@link Keras4jException} naming the file and the value.
     *
     * @param path the file
     * @return the model, compiled
     */
    public static Sequential load(Path path) {
        ModelFile.Contents contents = ModelFile.read(path);
        ModelJson root = ModelJson.root(path, contents.metadata());
        ModelJson architecture = root.get("model");
        Sequential model = new Sequential();
        model.setName(architecture.get("name").asString());
        model.setSeed(root.get("seed").asLong());
        ModelJson layersJson = architecture.get("layers");
        for (ModelJson entry : layersJson.elements()) {
            String className = entry.get("class_name").asString();
            Layer layer = entry.get("config").read(config -> Layer.fromConfig(className, config), Layer::getConfig);
            try {
                model.add(layer);
            } catch (Keras4jException e) {
                throw entry.damaged(": " + e.getMessage());
            }
        }
        ModelJson compile = root.get("compile");
        Optimizer optimizer = compile.get("optimizer").read(Optimizer::fromConfig, Optimizer::getConfig);
        Loss loss = compile.get("loss").read(Loss::fromConfig, Loss::getConfig);
        List<String> metrics = compile.get("metrics").asStrings();
        List<int[]> shapes;
        Lowering.Plan plan;
        try {
            shapes = model.inputShapes();
            plan = Lowering.plan(model.layers, shapes, loss, optimizer.toDl4j(), model.seed, DataType.FLOAT, true);
        } catch (Keras4jException e) {
            throw layersJson.damaged(": " + e.getMessage());
        }
        try {
            MetricTracker.create(metrics, loss, model.getOutputShape()[0]);
        } catch (Keras4jException e) {
            throw compile.get("metrics").damaged(": " + e.getMessage());
        }
        ArchitectureCheck.check(layersJson, model.layers, shapes, plan, contents.network(), compile);
        MultiLayerNetwork network = Lowering.upgrade(plan, contents.network());
        model.attach(plan, network, optimizer, loss, metrics);
        model.history = historyOf(root);
        model.properties.putAll(propertiesOf(root));
        return model;
    }

    /** @param path the file @return the model @see #load(Path) */
    public static Sequential load(String path) {
        return load(Paths.get(path));
    }

    @Override
    public String toString() {
        return "Sequential(name=" + name + ", layers=" + getLayers() + ")";
    }

}

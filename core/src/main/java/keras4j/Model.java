package keras4j;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.backend.Session;
import keras4j.backend.dl4j.Dl4jSession;
import keras4j.callbacks.Callback;
import keras4j.callbacks.History;
import keras4j.graph.KerasTensor;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.internal.Data;
import keras4j.internal.MetricTracker;
import keras4j.internal.ModelFile;
import keras4j.internal.ModelJson;
import keras4j.internal.Shapes;
import keras4j.internal.TrainingPosition;
import keras4j.internal.WeightStore;
import keras4j.layers.Layer;
import keras4j.losses.Loss;
import keras4j.metrics.Metric;
import keras4j.optimizers.Optimizer;
import keras4j.saving.KerasFiles;
import keras4j.saving.ModelSaver;
import keras4j.training.CompileSettings;
import keras4j.training.DataAdapter;
import keras4j.training.Trainer;
import keras4j.utils.SummaryTable;

/**
 * The base of every keras4j model, Keras's {@code keras.Model}: {@link Sequential} (a stack of
 * layers) and {@link Functional} (any graph of layers, with several inputs and outputs). It holds
 * what they share: {@code compile}, {@code fit} / {@code evaluate} / {@code predict}, the
 * {@code summary}, weights, saving and loading. Weights exist as soon as the model is built from
 * its inputs; {@code compile} adds the optimizer, the losses and the metrics.
 *
 * <pre>{@code
 * Model model = Sequential.of(new Input(4), new Dense(8, "relu"), new Dense(3, "softmax"));
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * model.fit(x, y);                                   // Keras's defaults: 1 epoch, batch 32
 * Map<String, Double> scores = model.evaluate(x, y); // {loss=..., accuracy=...}
 * model.save(Path.of("iris.keras4j"));
 * Model same = Model.load(Path.of("iris.keras4j"));  // a Sequential again
 * }</pre>
 *
 * <p>Not thread-safe: train or predict from one thread at a time.
 */
public abstract sealed class Model permits Sequential, Functional {
    /** The batch size {@code evaluate} and {@code predict} use unless told (Keras's is 32; results don't depend on it). */
    public static final int DEFAULT_INFERENCE_BATCH_SIZE = 256;

    private String name;
    private long seed = new java.security.SecureRandom().nextLong() & 0xFFFFFFFFL;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private CompileSettings compiled;
    private Session session;
    private History history = new History();
    private volatile boolean stopTraining;
    private Trainer trainer;
    /** The model this one is a layer of, once that model is built: its weights live there. */
    private Model outer;

    Model(String name) {
        this.name = name;
    }

    // ------------------------------------------------------------------------------ structure

    /** @return the model's graph of layers, from its inputs to its outputs (shapes checked) */
    public abstract LayerGraph getGraph();

    /** @return Keras's class name: "Sequential" or "Functional" */
    public abstract String getClassName();

    /** @return whether the backend runs the model as a plain chain of layers */
    abstract boolean isChain();

    /** @param modelName the name shown by {@link #summary()} @return this model */
    public Model setName(String modelName) {
        if (modelName == null || modelName.isBlank() || modelName.contains("/")) {
            throw new Keras4jException("A model name must be non-empty and without '/'; received '" + modelName + "'.");
        }
        this.name = modelName;
        return this;
    }

    /** @return the model's name */
    public String getName() {
        return name;
    }

    /**
     * Fixes the seed of the initial weights (drawn when the model is first built), of shuffling and
     * of dropout, so that runs repeat exactly. Without it a random seed is drawn, readable with
     * {@link #getSeed()}.
     *
     * @param seed the seed
     * @return this model
     */
    public Model setSeed(long seed) {
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
     * model.save(path);
     * Model.load(path).getProperty("dataset");   // "mnist"
     * }</pre>
     *
     * @param key   a non-empty name; setting it again replaces the value
     * @param value the text, not null
     * @return this model
     */
    public Model setProperty(String key, String value) {
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

    /**
     * @return every layer of the model, as Keras's {@code model.layers} without the Inputs; a nested
     *         model's layers are listed in its place
     */
    public List<Layer> getLayers() {
        List<Layer> layers = new ArrayList<>();
        for (Node node : getGraph().getLayerNodes()) {
            if (node.getLayer() != null) {
                layers.add(node.getLayer());
            } else {
                layers.addAll(node.getModel().getLayers());
            }
        }
        return Collections.unmodifiableList(layers);
    }

    /**
     * @param layerName a layer's name (a nested model's layers are found too)
     * @return that layer
     */
    public Layer getLayer(String layerName) {
        for (Layer layer : getLayers()) {
            if (layerName.equals(layer.getName())) {
                return layer;
            }
        }
        throw new Keras4jException("No such layer: '" + layerName + "'. Existing layers: "
                + String.join(", ", getLayers().stream().map(Layer::getName).toList()) + ".");
    }

    /** @return each input's shape, without the batch axis */
    public List<int[]> getInputShapes() {
        return getGraph().getInputShapes();
    }

    /** @return each output's shape, without the batch axis */
    public List<int[]> getOutputShapes() {
        return getGraph().getOutputShapes();
    }

    /** @return the input shape without the batch axis (of a model with one input) */
    public int[] getInputShape() {
        return single(getInputShapes(), "input", "getInputShapes()");
    }

    /** @return the output shape without the batch axis (of a model with one output) */
    public int[] getOutputShape() {
        return single(getOutputShapes(), "output", "getOutputShapes()");
    }

    private int[] single(List<int[]> shapes, String what, String instead) {
        if (shapes.size() != 1) {
            throw new Keras4jException("Model '" + name + "' has " + shapes.size() + " " + what + "s; use " + instead
                    + ".");
        }
        return shapes.get(0);
    }

    /** @return the input names, in order (the names to use in a map of inputs) */
    public List<String> getInputNames() {
        return getGraph().getInputNames();
    }

    /** @return the output names, in order (the names of per-output losses and metrics) */
    public List<String> getOutputNames() {
        return getGraph().getOutputNames();
    }

    /**
     * Calls this whole model as one layer of another model, Keras's {@code model(x)}: a pretrained
     * base under a new head. When the outer model is built, this model's layers and weights become
     * part of it (training the outer model trains them); freeze them first with
     * {@link #trainable(boolean)} to keep them.
     *
     * <pre>{@code
     * base.trainable(false);
     * KerasTensor x = Input.tensor(784);
     * Model classifier = new Functional(x, new Dense(10, "softmax").apply(base.apply(x)));
     * }</pre>
     *
     * @param inputs one tensor per input of this model
     * @return the output tensor
     */
    public KerasTensor apply(KerasTensor... inputs) {
        Node node = Node.of(this, List.of(inputs));
        return node.getOutput();
    }

    /**
     * Freezes or unfreezes every layer of the model, as Keras's {@code model.trainable = False}; the
     * change takes effect at the next {@code compile}.
     *
     * @param trainable false to freeze
     * @return this model
     */
    public Model trainable(boolean trainable) {
        for (Layer layer : getLayers()) {
            layer.trainable(trainable);
        }
        return this;
    }

    /** @return true unless every layer with weights is frozen */
    public boolean isTrainable() {
        return getLayers().stream().anyMatch(Layer::isTrainable);
    }

    // ---------------------------------------------------------------------------------- build

    /**
     * Builds the model now, Keras's {@code model.build()}: its network and weights are created
     * (drawn from the seed). It happens by itself on first need (compile, predict, getWeights), so
     * there is rarely a reason to call it; set the seed before.
     *
     * @return this model
     */
    public Model build() {
        built();
        return this;
    }

    /** Builds the model's network (with its weights) when it doesn't exist yet. */
    final Session built() {
        if (outer != null) {
            throw new Keras4jException("Model '" + name + "' is a layer of model '" + outer.getName() + "', which "
                    + "holds its weights now; use '" + outer.getName() + "' (its layers are found with getLayer).");
        }
        if (session == null) {
            rebuild(null);
        }
        return session;
    }

    /** Drops the network of a model whose layers changed before compile (a Sequential's add / pop). */
    final void forgetNetwork() {
        session = null;
    }

    /**
     * (Re)builds the network for the given compile settings, keeping every weight the layers already
     * have (from this model's earlier network, or from a nested model's).
     */
    private void rebuild(CompileSettings settings) {
        LayerGraph graph = getGraph();
        graph.checkUniqueNames();
        Map<Layer, List<INDArray>> kept = new IdentityHashMap<>();
        for (Layer layer : allLayers(graph)) {
            if (WeightStore.Binder.isBound(layer)) {
                kept.put(layer, layer.getWeights());
            }
        }
        Session fresh = Dl4jSession.build(graph, isChain(), settings, seed);
        attach(fresh, settings, kept);
    }

    private void attach(Session fresh, CompileSettings settings, Map<Layer, List<INDArray>> kept) {
        LayerGraph graph = getGraph();
        for (Layer layer : allLayers(graph)) {
            WeightStore.Binder.bind(layer, fresh.weights());
            List<INDArray> weights = kept.get(layer);
            if (weights != null) {
                layer.setWeights(weights);
            }
        }
        for (Node node : graph.getNodes()) {
            if (node.getModel() != null) {
                node.getModel().absorbInto(this);
            }
        }
        this.session = fresh;
        this.compiled = settings;
    }

    private void absorbInto(Model outerModel) {
        for (Node node : getGraph().getNodes()) {
            if (node.getModel() != null) {
                node.getModel().absorbInto(outerModel);
            }
        }
        this.outer = outerModel;
        this.session = null;
    }

    /** @return every layer, nested models' included, Inputs too */
    private static List<Layer> allLayers(LayerGraph graph) {
        List<Layer> out = new ArrayList<>();
        for (Node node : graph.getNodes()) {
            if (node.getLayer() != null) {
                out.add(node.getLayer());
            } else {
                out.addAll(allLayers(node.getModel().getGraph()));
            }
        }
        return out;
    }

    // -------------------------------------------------------------------------------- compile

    /**
     * Configures the model for training, with Keras's names; one loss and the same metrics for
     * every output.
     *
     * @param optimizer a Keras optimizer name ({@link Optimizer#NAMES}: "sgd", "adam", "adamw", "rmsprop", ...)
     * @param loss      "mse", "mae", "binary_crossentropy", "categorical_crossentropy" or
     *                  "sparse_categorical_crossentropy"
     * @param metrics   metric names ({@link Metric#NAMES}: "accuracy", "mse", "precision", "auc", ...)
     */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(Optimizer.get(optimizer), Loss.get(loss), metrics);
    }

    /**
     * Configures the model for training, with Keras's names for the optimizer and the loss and
     * metric objects: {@code compile("adam", "binary_crossentropy", new Precision(), new AUC())}.
     *
     * @param optimizer a Keras optimizer name
     * @param loss      a Keras loss name
     * @param metric    a metric, for every output
     * @param more      more metrics
     */
    public void compile(String optimizer, String loss, Metric metric, Metric... more) {
        compile(Optimizer.get(optimizer), Loss.get(loss), metric, more);
    }

    /**
     * Configures the model for training. Compiling again keeps the weights and resets the
     * optimizer's state, as in Keras; it also applies changed {@code trainable} flags.
     *
     * @param optimizer the optimizer
     * @param loss      the loss, for every output
     * @param metrics   metric names ({@link Metric#NAMES}: "accuracy", "precision", "auc", ...), for every output
     */
    public void compile(Optimizer optimizer, Loss loss, String... metrics) {
        compile(optimizer, loss, List.of(metrics));
    }

    /**
     * Configures the model for training with metric objects, computed over each epoch.
     *
     * <pre>{@code
     * model.compile(new Adam(), Loss.get("binary_crossentropy"), new Precision(), new Recall(0.7));
     * }</pre>
     *
     * @param optimizer the optimizer
     * @param loss      the loss, for every output
     * @param metric    a metric, for every output
     * @param more      more metrics
     */
    public void compile(Optimizer optimizer, Loss loss, Metric metric, Metric... more) {
        List<Object> metrics = new ArrayList<>();
        metrics.add(metric);
        metrics.addAll(List.of(more));
        compile(optimizer, loss, metrics);
    }

    /**
     * Configures the model for training, Keras's {@code compile(optimizer, loss, metrics=[...])}.
     *
     * @param optimizer the optimizer
     * @param loss      the loss, for every output
     * @param metrics   {@link Metric}s and metric names, for every output
     */
    public void compile(Optimizer optimizer, Loss loss, List<?> metrics) {
        if (optimizer == null || loss == null) {
            throw new Keras4jException("compile() needs an optimizer and a loss, e.g. compile(\"adam\", "
                    + "\"sparse_categorical_crossentropy\", \"accuracy\").");
        }
        int outputs = getGraph().getOutputs().size();
        compile(new CompileSettings(optimizer, Collections.nCopies(outputs, loss), Collections.nCopies(outputs, 1.0),
                Collections.nCopies(outputs, metrics(metrics))));
    }

    /** @return the metrics given to compile, names resolved */
    private static List<Metric> metrics(List<?> given) {
        List<Metric> out = new ArrayList<>();
        for (Object metric : given) {
            if (metric instanceof Metric m) {
                out.add(m);
            } else if (metric instanceof String n) {
                out.add(Metric.get(n));
            } else {
                throw new Keras4jException("compile() received the metric " + metric + (metric == null ? ""
                        : " (a " + metric.getClass().getSimpleName() + ")") + "; give Metric objects or metric names"
                        + " such as \"accuracy\".");
            }
        }
        return out;
    }

    /**
     * Configures a model with several outputs, Keras's
     * {@code compile(optimizer, loss={...}, loss_weights={...}, metrics={...})}: a loss per output
     * by name, each output's weight in the total loss (1.0 when absent), and metrics per output
     * (logged as {@code output_accuracy}).
     *
     * <pre>{@code
     * model.compile(new Adam(), Map.of("digit", Loss.get("sparse_categorical_crossentropy"),
     *         "odd", Loss.get("binary_crossentropy")), Map.of("odd", 0.5),
     *         Map.of("digit", List.of("accuracy"), "odd", List.of("accuracy")));
     * }</pre>
     *
     * @param optimizer   the optimizer
     * @param losses      a loss for every output, by output name
     * @param lossWeights weights by output name; missing ones are 1.0 (may be empty)
     * @param metrics     metric names or {@link Metric}s by output name; missing outputs have none (may be empty)
     */
    public void compile(Optimizer optimizer, Map<String, Loss> losses, Map<String, Double> lossWeights,
                        Map<String, ? extends List<?>> metrics) {
        List<String> outputs = getOutputNames();
        if (optimizer == null || losses == null) {
            throw new Keras4jException("compile() needs an optimizer and a loss for each output " + outputs + ".");
        }
        checkNames(losses.keySet(), outputs, "loss");
        checkNames(lossWeights.keySet(), outputs, "loss_weights");
        checkNames(metrics.keySet(), outputs, "metrics");
        List<Loss> lossList = new ArrayList<>();
        List<Double> weightList = new ArrayList<>();
        List<List<Metric>> metricList = new ArrayList<>();
        for (String output : outputs) {
            Loss loss = losses.get(output);
            if (loss == null) {
                throw new Keras4jException("compile() received no loss for output '" + output + "' of model '" + name
                        + "'. Give one loss per output: " + outputs + ".");
            }
            lossList.add(loss);
            weightList.add(lossWeights.getOrDefault(output, 1.0));
            metricList.add(metrics(metrics.containsKey(output) ? metrics.get(output) : List.of()));
        }
        compile(new CompileSettings(optimizer, lossList, weightList, metricList));
    }

    private void checkNames(java.util.Set<String> given, List<String> outputs, String argument) {
        for (String key : given) {
            if (!outputs.contains(key)) {
                throw new Keras4jException("compile() received " + argument + " for '" + key + "', which is not an "
                        + "output of model '" + name + "'. Its outputs are " + outputs + ".");
            }
        }
    }

    private void compile(CompileSettings settings) {
        List<String> outputs = getOutputNames();
        if (new java.util.HashSet<>(outputs).size() != outputs.size()) {
            throw new Keras4jException("Model '" + name + "' has outputs " + outputs + ": two come from one layer (a "
                    + "recurrent layer's output and states). keras4j names losses, metrics and history by output, so "
                    + "it trains only outputs of distinct layers (predict works). Train a model whose outputs are "
                    + "different layers, e.g. a Dense on each state.");
        }
        List<int[]> shapes = getOutputShapes();
        for (int i = 0; i < shapes.size(); i++) {
            // refuses metrics that don't fit the output now
            MetricTracker.create(settings.metrics().get(i), settings.losses().get(i),
                    shapes.get(i).length == 0 ? 1 : shapes.get(i)[0]);
        }
        if (outer != null) {
            throw new Keras4jException("Model '" + name + "' is a layer of model '" + outer.getName() + "'; compile "
                    + "and train '" + outer.getName() + "'.");
        }
        rebuild(settings);
    }

    /** @return true once {@link #compile} has run */
    public boolean isCompiled() {
        return compiled != null;
    }

    final Session requireCompiled(String call) {
        if (outer != null) {
            built();   // refused: the outer model holds this one's weights
        }
        if (compiled == null) {
            throw new Keras4jException("You must call compile() before using the model (" + call + "() was called on "
                    + "model '" + name + "'). For example: model.compile(\"adam\", \"sparse_categorical_crossentropy\","
                    + " \"accuracy\").");
        }
        return session;
    }

    /** @return what compile was given (per output), or null before compile */
    public CompileSettings getCompileSettings() {
        return compiled;
    }

    /** @return the compiled optimizer, or null */
    public Optimizer getOptimizer() {
        return compiled == null ? null : compiled.optimizer();
    }

    /** @return the compiled loss (of the first output), or null */
    public Loss getLoss() {
        return compiled == null ? null : compiled.losses().get(0);
    }

    /** @return the compiled metrics' names as logged (of the first output) */
    public List<String> getMetrics() {
        return compiled == null ? List.of() : compiled.metrics().get(0).stream().map(Metric::getName).toList();
    }

    // ------------------------------------------------------------------------------------ fit

    /**
     * Trains on in-memory data with Keras's defaults (1 epoch, batch size 32, shuffled).
     *
     * @param x features, shaped like the Input with a leading batch axis
     * @param y targets: class ids [n] for sparse_categorical_crossentropy, else [n, outputs]
     * @return the history of this call
     */
    public History fit(INDArray x, INDArray y) {
        return fit(x, y, new FitOptions());
    }

    /**
     * Trains the model on in-memory data.
     *
     * @param x       features, shaped like the Input with a leading batch axis
     * @param y       targets: class ids [n] for sparse_categorical_crossentropy, else [n, outputs]
     * @param options epochs, batch size, validation, callbacks, ... (Keras's defaults when new)
     * @return the history of this call
     */
    public History fit(INDArray x, INDArray y, FitOptions options) {
        return fit(DataAdapter.one(x), DataAdapter.one(y), options);
    }

    /**
     * Trains a model with several inputs or outputs: one array per input and per output, in the
     * model's order ({@link #getInputNames()}, {@link #getOutputNames()}).
     *
     * @param xs      one features array per input
     * @param ys      one targets array per output
     * @param options epochs, batch size, validation, callbacks, ...
     * @return the history of this call
     */
    public History fit(List<INDArray> xs, List<INDArray> ys, FitOptions options) {
        Session s = requireCompiled("fit");
        DataAdapter data = adapter();
        List<INDArray> inputs = data.inputs(xs, "fit");
        List<INDArray> targets = data.targets(ys, inputs.get(0).size(0), "fit");
        DataAdapter.Fit fit = data.fit(inputs, targets, options, seed);
        return train(s, fit, options);
    }

    /**
     * Trains a model with several inputs or outputs, its arrays by input and output name.
     *
     * @param xs      features by input name
     * @param ys      targets by output name
     * @param options epochs, batch size, validation, callbacks, ...
     * @return the history of this call
     */
    public History fit(Map<String, INDArray> xs, Map<String, INDArray> ys, FitOptions options) {
        DataAdapter data = adapter();
        return fit(data.ordered(xs, getInputNames(), "input", "fit"), data.ordered(ys, getOutputNames(), "output",
                "fit"), options);
    }

    /**
     * Trains on data that doesn't fit in memory, streamed by a DL4J iterator (for example
     * {@code Mnist.iterator(Subset.TRAIN)}), for a model with one input and one output; it is
     * rewound before each epoch. Batches are checked like arrays (shapes, label range, NaN), naming
     * the batch. {@code batchSize}, {@code shuffle}, {@code validationSplit} and
     * {@code classWeight} belong to the iterator here and are not used.
     *
     * @param data    batches of features and targets (class ids [b] or [b, 1] for sparse losses)
     * @param options epochs, validation data, callbacks, verbosity
     * @return the history of this call
     */
    public History fit(DataSetIterator data, FitOptions options) {
        Session s = requireCompiled("fit");
        return train(s, adapter().fit(data, options), options);
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

    private History train(Session s, DataAdapter.Fit fit, FitOptions options) {
        Trainer loop = new Trainer(this, s, fit.batches(), fit.validation(), options);
        trainer = loop;
        try {
            return loop.fit();
        } finally {
            trainer = null;
        }
    }

    private DataAdapter adapter() {
        return new DataAdapter(name, getGraph(), built()::flattensInput, compiled);
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

    /**
     * @return the optimizer's current learning rate: with a schedule, its value at the steps taken
     *         so far (Keras's {@code model.optimizer.learning_rate})
     */
    public double getLearningRate() {
        Session s = requireCompiled("getLearningRate");
        Optimizer optimizer = compiled.optimizer();
        return optimizer.getSchedule() == null ? optimizer.getLearningRate() : optimizer.learningRateAt(s.iterations());
    }

    /**
     * Changes the learning rate, also in the middle of training (Keras's
     * {@code model.optimizer.learning_rate = lr}); the optimizer's state is kept.
     *
     * @param learningRate the new learning rate, &gt; 0
     * @throws Keras4jException when the optimizer has a learning-rate schedule, as Keras refuses it
     */
    public void setLearningRate(double learningRate) {
        Session s = requireCompiled("setLearningRate");
        if (compiled.optimizer().getSchedule() != null) {
            throw new Keras4jException(scheduleSetsTheRate("setLearningRate(" + learningRate + ")"));
        }
        Optimizer changed = compiled.optimizer().withLearningRate(learningRate);
        compiled = new CompileSettings(changed, compiled.losses(), compiled.lossWeights(), compiled.metrics());
        s.setLearningRate(learningRate);
    }

    /** @return Keras's refusal to set the learning rate of an optimizer with a schedule */
    private String scheduleSetsTheRate(String what) {
        return "Model '" + name + "': " + what + " can't change the learning rate: the optimizer "
                + compiled.optimizer().getName() + " was created with the learning-rate schedule "
                + compiled.optimizer().getSchedule().getClassName() + ", hence its learning rate is not settable. "
                + "Compile with a number as the learning rate to set it, or let the schedule alone set it.";
    }

    /**
     * The optimizer's state, Keras's {@code model.optimizer.variables}: the step count (a long
     * scalar), the learning rate (a float scalar; none when it is a schedule, as in Keras), then for each trainable weight the optimizer's
     * arrays of the weight's shape, in Keras's layout: Adam's momentum and velocity, SGD's momentum
     * (none without momentum), RMSprop's velocity, Adagrad's accumulator, Adamax's momentum and
     * norm, Adadelta's accumulated gradient and accumulated delta. Weights come layer by
     * layer in {@link #getLayers()} order, each layer's in Keras's order (a frozen layer has none;
     * BatchNormalization trains gamma and beta). Empty when the model isn't compiled, for
     * Nadam, whose Keras state keeps a running product DL4J doesn't, and for RMSprop with momentum
     * or centered, whose Keras variables come kind by kind.
     *
     * <pre>{@code
     * List<INDArray> state = model.getOptimizerVariables();   // [iterations, learning_rate, m, v, ...]
     * other.setOptimizerVariables(state);                     // the same architecture and optimizer
     * }</pre>
     *
     * @return copies of the variables
     */
    public List<INDArray> getOptimizerVariables() {
        keras4j.backend.OptimizerSlots slots = compiled == null ? null : built().optimizerSlots();
        if (slots == null) {
            return List.of();
        }
        List<INDArray> out = new ArrayList<>();
        out.add(Nd4j.scalar(slots.iterations()));
        if (compiled.optimizer().getSchedule() == null) {   // Keras keeps no variable for a schedule
            out.add(Nd4j.scalar((float) getLearningRate()));
        }
        for (Layer layer : getLayers()) {
            out.addAll(slots.get(layer));
        }
        return out;
    }

    /**
     * Sets the optimizer's state, in the form {@link #getOptimizerVariables()} gives it (Keras's
     * {@code optimizer.variables}); training then continues from it.
     *
     * @param variables the step count, the learning rate and the arrays of each trainable weight
     * @throws Keras4jException when their number or shapes don't fit this model and optimizer
     */
    public void setOptimizerVariables(List<INDArray> variables) {
        requireCompiled("setOptimizerVariables");
        keras4j.backend.OptimizerSlots slots = built().optimizerSlots();
        List<INDArray> current = getOptimizerVariables();
        if (slots == null || variables.size() != current.size()) {
            throw new Keras4jException("Model '" + name + "' compiled with " + compiled.optimizer().getName()
                    + " has " + current.size() + " optimizer variables; received " + variables.size() + ".");
        }
        boolean scheduled = compiled.optimizer().getSchedule() != null;
        int next = scheduled ? 1 : 2;
        for (Layer layer : getLayers()) {
            int count = slots.get(layer).size();
            slots.set(layer, variables.subList(next, next + count));
            next += count;
        }
        slots.setIterations(variables.get(0).getLong(0));
        double learningRate = scheduled ? 0 : variables.get(1).getDouble(0);
        if (!scheduled && (float) learningRate != (float) getLearningRate()) {   // Keras keeps it as float32
            setLearningRate(learningRate);
        }
    }

    /** @return every epoch this model was trained for, across fit calls and save/load */
    public History getHistory() {
        return history;
    }

    // ------------------------------------------------------------------------ evaluate, predict

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
        return evaluate(DataAdapter.one(x), DataAdapter.one(y), batchSize);
    }

    /**
     * @param xs        one features array per input
     * @param ys        one targets array per output
     * @param batchSize samples per forward pass
     * @return the total loss, then each output's loss and metrics ({@code output_accuracy}), by name
     */
    public Map<String, Double> evaluate(List<INDArray> xs, List<INDArray> ys, int batchSize) {
        Session s = requireCompiled("evaluate");
        requirePositive(batchSize);
        DataAdapter data = adapter();
        List<INDArray> inputs = data.inputs(xs, "evaluate");
        List<INDArray> targets = data.targets(ys, inputs.get(0).size(0), "evaluate");
        return Trainer.evaluate(s, DataAdapter.arrayBatches(inputs, targets, batchSize), "");
    }

    /**
     * @param xs features by input name
     * @param ys targets by output name
     * @return the total loss, then each output's loss and metrics, by name
     */
    public Map<String, Double> evaluate(Map<String, INDArray> xs, Map<String, INDArray> ys) {
        DataAdapter data = adapter();
        return evaluate(data.ordered(xs, getInputNames(), "input", "evaluate"),
                data.ordered(ys, getOutputNames(), "output", "evaluate"), DEFAULT_INFERENCE_BATCH_SIZE);
    }

    /**
     * @param data batches of features and targets, as for {@link #fit(DataSetIterator, FitOptions)};
     *             rewound first when it supports it
     * @return the loss and each compiled metric, by name
     */
    public Map<String, Double> evaluate(DataSetIterator data) {
        Session s = requireCompiled("evaluate");
        return Trainer.evaluate(s, adapter().evaluation(data), "");
    }

    /**
     * @param x class-id targets' features, as plain rows
     * @param y class ids
     * @return the loss and each compiled metric, by name
     */
    public Map<String, Double> evaluate(double[][] x, int[] y) {
        return evaluate(Data.of(x), Data.of(y));
    }

    /**
     * @param x features, shaped like the Input with a leading batch axis
     * @return the model's output [n, units] (probabilities after softmax or sigmoid), for a model
     *         with one input and one output
     */
    public INDArray predict(INDArray x) {
        return predict(x, DEFAULT_INFERENCE_BATCH_SIZE);
    }

    /**
     * @param x         features
     * @param batchSize samples per forward pass (memory only; the result doesn't depend on it)
     * @return the model's output [n, units]
     */
    public INDArray predict(INDArray x, int batchSize) {
        if (getOutputNames().size() != 1) {
            throw new Keras4jException("Model '" + name + "' has " + getOutputNames().size() + " outputs "
                    + getOutputNames() + "; predict(List) returns one array per output.");
        }
        return predict(DataAdapter.one(x), batchSize).get(0);
    }

    /**
     * @param xs        one features array per input
     * @param batchSize samples per forward pass
     * @return one array per output, in output order
     */
    public List<INDArray> predict(List<INDArray> xs, int batchSize) {
        requirePositive(batchSize);
        Session s = built();
        return Trainer.predict(s, adapter().inputs(xs, "predict"), batchSize);
    }

    /**
     * @param xs features by input name
     * @return the outputs by output name
     */
    public Map<String, INDArray> predict(Map<String, INDArray> xs) {
        List<INDArray> out = predict(adapter().ordered(xs, getInputNames(), "input", "predict"),
                DEFAULT_INFERENCE_BATCH_SIZE);
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) {
            if (named.put(getOutputNames().get(i), out.get(i)) != null) {
                throw new Keras4jException("Model '" + name + "' has outputs " + getOutputNames() + ", two from one "
                        + "layer; use predict(List), which returns one array per output in that order.");
            }
        }
        return named;
    }

    /**
     * @param data batches of features (labels, if any, are ignored); rewound first when it supports it
     * @return the model's outputs for every sample, in order (a model with one input and one output)
     */
    public INDArray predict(DataSetIterator data) {
        Session s = built();
        if (getInputNames().size() != 1 || getOutputNames().size() != 1) {
            throw new Keras4jException("predict() with a DataSetIterator takes a model with one input and one "
                    + "output; pass arrays to predict(List) instead.");
        }
        if (data.resetSupported()) {
            data.reset();
        }
        DataAdapter adapter = adapter();
        List<INDArray> parts = new ArrayList<>();
        for (int batch = 0; data.hasNext(); batch++) {
            List<INDArray> x = adapter.inputs(DataAdapter.one(data.next().getFeatures()),
                    "predict() (batch " + batch + " of the DataSetIterator)");
            parts.add(s.predictOnBatch(x.get(0))[0]);
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

    private static void requirePositive(int batchSize) {
        if (batchSize <= 0) {
            throw new Keras4jException("batchSize must be a positive integer; received " + batchSize + ".");
        }
    }

    // ---------------------------------------------------------------------------------- summary

    /**
     * Keras's summary table: each layer's name and type, output shape and parameter count (and for
     * a Functional model the layers each is connected to), then the total, trainable and
     * non-trainable parameter counts.
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
        LayerGraph graph = getGraph();
        boolean connected = !isChain();
        SummaryTable table = new SummaryTable(name, connected);
        for (Node node : connected ? graph.getNodes() : graph.getLayerNodes()) {
            List<String> shapes = node.getOutputs().stream().map(t -> Shapes.withBatch(t.getShape())).toList();
            table.row(node.getName() + " (" + node.getClassName() + ")", shapes.size() == 1 ? shapes.get(0)
                    : "[" + String.join(", ", shapes) + "]", node.countParams(),
                    node.getInputs().stream().map(t -> t.getName() + "[0][" + t.getIndex() + "]").toList());
        }
        table.print(countParams(), countNonTrainableParams(), printFn);
    }

    /** @return the total number of weights */
    public long countParams() {
        long total = 0;
        for (Node node : getGraph().getNodes()) {
            total += node.countParams();
        }
        return total;
    }

    /** @return how many weights are not trained: frozen layers' and moving statistics */
    public long countNonTrainableParams() {
        long total = 0;
        for (Node node : getGraph().getNodes()) {
            total += node.countNonTrainableParams();
        }
        return total;
    }

    // ---------------------------------------------------------------------------------- weights

    /** @return every layer's weights in Keras's layout, in layer order */
    public List<INDArray> getWeights() {
        if (outer == null) {
            built();   // a nested model's layers hold the outer model's weights
        }
        List<INDArray> all = new ArrayList<>();
        for (Layer layer : getLayers()) {
            all.addAll(layer.getWeights());
        }
        return all;
    }

    /** @param weights every layer's weights, in the order and layout of {@link #getWeights()} */
    public void setWeights(List<INDArray> weights) {
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

    /**
     * @return interop: the DL4J network holding the model (a {@code MultiLayerNetwork} for a
     *         Sequential model, a {@code ComputationGraph} for a Functional one); it shares the
     *         model's weights
     */
    public org.deeplearning4j.nn.api.NeuralNetwork toDl4j() {
        return (org.deeplearning4j.nn.api.NeuralNetwork) built().network();
    }

    // ---------------------------------------------------------------------------- save, load

    /**
     * Saves architecture (with the layer names and trainable flags), compile settings, weights,
     * optimizer state, the history and the {@linkplain #setProperty properties} in one file,
     * written atomically. The network is streamed to disk: no size limit but the disk's. A name
     * ending in {@code .keras} (Keras 3) or {@code .h5} (Keras 2) writes Keras's format instead, for
     * Python's {@code keras.saving.load_model} ({@link KerasFiles#save}: architecture, weights and
     * compile settings, not the optimizer state).
     *
     * @param path the file, e.g. {@code mnist.keras4j}, or {@code mnist.keras} for Keras
     */
    public void save(Path path) {
        write(path, true);
    }

    /** @param path the file @see #save(Path) */
    public void save(String path) {
        save(Paths.get(path));
    }

    /**
     * Exports the model for other runtimes, as Keras 3's {@code model.export(filepath, format)}:
     * format "onnx" writes an ONNX file that computes what {@link #predict} computes (see
     * {@link keras4j.export.OnnxExport}).
     *
     * <pre>{@code
     * model.export(Path.of("model.onnx"), "onnx");
     * }</pre>
     *
     * @param filepath the file to write, atomically
     * @param format   "onnx"
     * @throws Keras4jException for another format, naming the formats keras4j exports to
     */
    public void export(Path filepath, String format) {
        keras4j.export.OnnxExport.export(this, filepath, format);
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

    private void write(Path path, boolean includeOptimizer) {
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (fileName.endsWith(".keras") || fileName.endsWith(".h5") || fileName.endsWith(".hdf5")) {
            if (!includeOptimizer) {
                throw new Keras4jException("saveWeights writes keras4j's own format; " + path + " names a Keras "
                        + "model file. Use save(\"" + path.getFileName() + "\") for Keras, or a .keras4j name.");
            }
            KerasFiles.save(this, path);   // Keras's own format, for keras.saving.load_model in Python
            return;
        }
        Session s = requireCompiled("save");
        Map<String, Object> metadata = ModelSaver.describe(this, trainer == null ? null : trainer.position());
        try {
            ModelFile.write(path, metadata, file -> s.write(file, includeOptimizer));
        } catch (IOException e) {
            throw new Keras4jException("Could not save the model to " + path + ": " + e.getMessage()
                    + ". Check that the folder exists and is writable; any earlier file there is unchanged.", e);
        }
    }

    /**
     * Copies the weights of a saved model with the same architecture into this one (Keras's
     * {@code load_weights}); the optimizer's state and the history are left as they are.
     *
     * @param path a file written by {@link #save} or {@link #saveWeights}
     */
    public void loadWeights(Path path) {
        Session s = requireCompiled("loadWeights");
        s.setParams(readSame(path).params());
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
     * @return how many batches of the epoch in progress the file holds (0 when it was saved between
     *         epochs)
     */
    public int resumeFrom(Path path) {
        Session s = requireCompiled("resumeFrom");
        ModelFile.Contents contents = ModelFile.read(path);
        ModelJson root = ModelJson.root(path, contents.metadata());
        Session saved = restoreSame(path, contents, root);
        History savedHistory = ModelSaver.history(root);
        Map<String, String> savedProperties = ModelSaver.properties(root);
        if (!s.restoreTrainingState(saved)) {
            throw new Keras4jException("Model file " + path + " holds the state of a different optimizer than model '"
                    + name + "' is compiled with (" + compiled.optimizer().getName() + "). Compile with the optimizer "
                    + "it was saved with to resume from it.");
        }
        history = savedHistory;
        properties.putAll(savedProperties);
        List<Integer> epochs = history.getEpochs();
        Object savedPosition = contents.metadata().get(TrainingPosition.KEY);
        TrainingPosition position = savedPosition == null ? null
                : TrainingPosition.fromJson(savedPosition, path.toString());
        if (trainer != null) {
            trainer.resumeAt(epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1) + 1, position);
        }
        return position == null ? 0 : position.batches();
    }

    /** @return the saved network of a file of this model's architecture, checked against it */
    private Session readSame(Path path) {
        ModelFile.Contents contents = ModelFile.read(path);
        return restoreSame(path, contents, ModelJson.root(path, contents.metadata()));
    }

    private Session restoreSame(Path path, ModelFile.Contents contents, ModelJson root) {
        ModelJson architecture = root.get("model");
        if (!ModelSaver.sameArchitecture(architecture, this)) {
            throw new Keras4jException("Model file " + path + " holds a different architecture than model '" + name
                    + "'; its weights can't be loaded into it. Use Model.load(path) to get the saved model.");
        }
        return Dl4jSession.restore(getGraph(), isChain(), compiled, seed, contents.network(),
                ModelSaver.layersJson(architecture), null);
    }

    /**
     * Loads a model saved by {@link #save}, as the kind it was ({@link Sequential} or
     * {@link Functional}): it predicts exactly as the saved one did, and training continues with
     * the saved optimizer state. Keras's own files ({@code model.save("m.keras")} or
     * {@code model.save("m.h5")} in Python) are read too, by their content ({@link KerasFiles}). Every value of the file's metadata is checked, and checked against
     * the saved network: a damaged or hand-edited file is refused with one
     * {@link Keras4jException} naming the file and the value.
     *
     * @param path the file
     * @return the model, compiled
     */
    public static Model load(Path path) {
        if (KerasFiles.isHdf5(path) || KerasFiles.isKerasArchive(path)) {
            return KerasFiles.load(path);   // a model Keras saved (model.save("m.h5") or "m.keras")
        }
        if (KerasFiles.isJson(path)) {
            throw new Keras4jException("Model file " + path + " is JSON: an architecture (Keras's model.to_json()) "
                    + "without weights. Load it with its weights file: KerasFiles.load(jsonFile, weightsFile).");
        }
        ModelFile.Contents contents = ModelFile.read(path);
        ModelJson root = ModelJson.root(path, contents.metadata());
        ModelJson architecture = root.get("model");
        Model model = ModelSaver.architecture(architecture);
        model.setSeed(root.get("seed").asLong());
        ModelJson compile = root.get("compile");
        CompileSettings settings = ModelSaver.compileSettings(compile, model);
        Session session;
        try {
            session = Dl4jSession.restore(model.getGraph(), model.isChain(), settings, model.seed, contents.network(),
                    ModelSaver.layersJson(architecture), compile);
        } catch (Keras4jException e) {
            if (e.getMessage().startsWith("Model file ")) {
                throw e;
            }
            throw ModelSaver.layersJson(architecture).damaged(": " + e.getMessage());
        }
        model.attach(session, settings, Map.of());
        model.history = ModelSaver.history(root);
        model.properties.putAll(ModelSaver.properties(root));
        return model;
    }

    /** @param path the file @return the model @see #load(Path) */
    public static Model load(String path) {
        return load(Paths.get(path));
    }

    @Override
    public String toString() {
        return getClassName() + "(name=" + name + ", layers=" + getLayers() + ")";
    }
}

package keras4j;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.layers.Input;
import keras4j.layers.Layer;

/**
 * A plain stack of layers, Keras's {@code Sequential}: an {@link Input}, then layers, each taking
 * the previous one's output. Build it, {@code compile} it with an optimizer, a loss and metrics,
 * then {@code fit}, {@code evaluate}, {@code predict}, {@code summary} and {@code save} (all of
 * {@link Model}). Underneath it is a DL4J {@link MultiLayerNetwork}.
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
public final class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private LayerGraph graph;

    /** @param layers the layers, an {@link Input} first */
    public Sequential(Layer... layers) {
        super("sequential");
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
        requireNotCompiled("add layer " + layer.getClassName() + " to");
        if (layers.contains(layer)) {
            throw new Keras4jException("Layer '" + layer.getName() + "' is already in model '" + getName() + "'; a "
                    + "layer can appear once. Create a new layer object for each position.");
        }
        if (layer instanceof Input && !layers.isEmpty()) {
            throw new Keras4jException("An Input can only be the first layer of a Sequential model; model '"
                    + getName() + "' already has " + layers.size() + " layer(s).");
        }
        if (layer.getName() != null && hasLayerNamed(layer.getName())) {
            throw new Keras4jException("The name '" + layer.getName() + "' is used 2 times in model '" + getName()
                    + "'. All layer names should be unique.");
        }
        Node.claim(layer, this);
        if (layer.getName() == null) {
            layer.name(uniqueName(layer.defaultName()));
        }
        layers.add(layer);
        changed();
        return this;
    }

    /**
     * Removes the last layer, as Keras's {@code pop()}.
     *
     * @return the layer removed
     */
    public Layer pop() {
        requireNotCompiled("pop a layer from");
        if (getLayers().isEmpty()) {
            throw new Keras4jException("There are no layers in model '" + getName() + "' to pop.");
        }
        Layer last = layers.remove(layers.size() - 1);
        Node.release(last, this);
        changed();
        return last;
    }

    private void changed() {
        graph = null;
        forgetNetwork();
    }

    private void requireNotCompiled(String what) {
        if (isCompiled()) {
            throw new Keras4jException("Can't " + what + " model '" + getName() + "': it is already compiled. Add "
                    + "every layer first, then call compile().");
        }
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

    @Override
    public LayerGraph getGraph() {
        if (graph == null) {
            if (layers.isEmpty() || !(layers.get(0) instanceof Input)) {
                throw new Keras4jException("Model '" + getName() + "' has no input shape. Start it with an Input "
                        + "layer, e.g. new Input(784) for vectors or new Input(28, 28, 1) for images (height, width, "
                        + "channels).");
            }
            if (layers.size() < 2) {
                throw new Keras4jException("Model '" + getName() + "' has only an Input; add at least one layer, "
                        + "e.g. new Dense(10, \"softmax\").");
            }
            graph = LayerGraph.chain(layers);
        }
        return graph;
    }

    @Override
    public String getClassName() {
        return "Sequential";
    }

    @Override
    boolean isChain() {
        return true;
    }

    /** @return the layers after the Input, as Keras's {@code model.layers} */
    @Override
    public List<Layer> getLayers() {
        boolean input = !layers.isEmpty() && layers.get(0) instanceof Input;
        return Collections.unmodifiableList(new ArrayList<>(layers.subList(input ? 1 : 0, layers.size())));
    }

    @Override
    public Sequential setName(String modelName) {
        super.setName(modelName);
        return this;
    }

    @Override
    public Sequential setSeed(long seed) {
        super.setSeed(seed);
        return this;
    }

    @Override
    public Sequential setProperty(String key, String value) {
        super.setProperty(key, value);
        return this;
    }

    /** @return interop: the DL4J network holding the model (it shares the model's weights) */
    @Override
    public MultiLayerNetwork toDl4j() {
        return (MultiLayerNetwork) super.toDl4j();
    }

    /**
     * Loads a Sequential model saved by {@link #save}.
     *
     * @param path the file
     * @return the model, compiled
     * @throws Keras4jException when the file holds another kind of model
     * @see Model#load(Path)
     */
    public static Sequential load(Path path) {
        Model model = Model.load(path);
        if (!(model instanceof Sequential sequential)) {
            throw new Keras4jException("Model file " + path + " holds a " + model.getClassName() + " model, not a "
                    + "Sequential one; load it with Model.load(path).");
        }
        return sequential;
    }

    /** @param path the file @return the model @see #load(Path) */
    public static Sequential load(String path) {
        return load(Paths.get(path));
    }
}

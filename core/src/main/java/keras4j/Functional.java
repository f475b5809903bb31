package keras4j;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;

import keras4j.graph.KerasTensor;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;

/**
 * A model of any directed acyclic graph of layers, Keras's {@code keras.Model(inputs, outputs)}:
 * several inputs and outputs, branches joined by merge layers ({@code Add}, {@code Concatenate},
 * ...), residual connections, whole models used as layers. Build it from symbolic tensors:
 * {@code Input.tensor(...)}, then {@code layer.apply(tensor)}. Underneath it is a DL4J
 * {@link ComputationGraph}.
 *
 * <pre>{@code
 * KerasTensor image = Input.tensor(28, 28, 1);
 * KerasTensor x = new Conv2D(16, 3, "relu").apply(image);
 * x = new Flatten().apply(new MaxPooling2D(2).apply(x));
 * KerasTensor digit = new Dense(10, "softmax").name("digit").apply(x);
 * KerasTensor odd = new Dense(1, "sigmoid").name("odd").apply(x);
 * Functional model = new Functional(List.of(image), List.of(digit, odd));
 * model.compile(new Adam(), Map.of("digit", Loss.get("sparse_categorical_crossentropy"),
 *         "odd", Loss.get("binary_crossentropy")), Map.of(), Map.of("digit", List.of("accuracy")));
 * model.fit(List.of(xTrain), List.of(digits, odds), new FitOptions().epochs(3));
 * }</pre>
 *
 * <p>Unnamed layers are named like Keras when the model is made ({@code dense}, {@code dense_1}, in
 * graph order). A layer can't be used at two places or in two models (keras4j does not share
 * weights); a model used as a layer gives its weights to the outer model.
 */
public final class Functional extends Model {
    private final LayerGraph graph;

    /**
     * @param inputs  the Input tensor the graph starts from
     * @param outputs the output tensor
     */
    public Functional(KerasTensor inputs, KerasTensor outputs) {
        this(List.of(inputs), List.of(outputs));
    }

    /**
     * One input, several outputs, Keras's {@code keras.Model(x, [h, c])}: e.g. a recurrent encoder's
     * final states ({@link keras4j.layers.Layer#applyAll}).
     *
     * <pre>{@code
     * KerasTensor x = Input.tensor(20, 3);
     * List<KerasTensor> outs = new LSTM(16).returnState(true).applyAll(x);
     * Functional encoder = new Functional(x, outs.subList(1, 3));   // predicts h and c
     * }</pre>
     *
     * @param input   the Input tensor the graph starts from
     * @param outputs the output tensors, in the order of targets and predictions
     */
    public Functional(KerasTensor input, List<KerasTensor> outputs) {
        this(List.of(input), outputs);
    }

    /**
     * @param inputs  the Input tensors, in the order {@code fit} and {@code predict} take arrays
     * @param outputs the output tensors, in the order of targets and predictions
     */
    public Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        super("functional");
        LayerGraph built = LayerGraph.of(inputs, outputs);
        nameLayers(built);
        built.checkUniqueNames();
        for (Node node : built.getNodes()) {
            if (node.getLayer() != null) {
                Node.adopt(node.getLayer(), this);
            }
        }
        this.graph = built;
    }

    /** Names the unnamed layers like Keras: the class's prefix, then _1, _2, ... in graph order. */
    private static void nameLayers(LayerGraph graph) {
        Set<String> taken = new HashSet<>();
        for (Node node : graph.getNodes()) {
            if (node.getLayer() == null || node.getLayer().getName() != null) {
                taken.add(node.getName());
            }
        }
        for (Node node : graph.getNodes()) {
            if (node.getLayer() != null && node.getLayer().getName() == null) {
                String prefix = node.getLayer().defaultName();
                String name = prefix;
                for (int i = 1; taken.contains(name); i++) {
                    name = prefix + "_" + i;
                }
                node.getLayer().name(name);
                taken.add(name);
            }
        }
    }

    @Override
    public LayerGraph getGraph() {
        return graph;
    }

    @Override
    public String getClassName() {
        return "Functional";
    }

    @Override
    boolean isChain() {
        return false;
    }

    @Override
    public Functional setName(String modelName) {
        super.setName(modelName);
        return this;
    }

    @Override
    public Functional setSeed(long seed) {
        super.setSeed(seed);
        return this;
    }

    @Override
    public Functional setProperty(String key, String value) {
        super.setProperty(key, value);
        return this;
    }

    /** @return interop: the DL4J graph holding the model (it shares the model's weights) */
    @Override
    public ComputationGraph toDl4j() {
        return (ComputationGraph) super.toDl4j();
    }

    /**
     * Loads a Functional model saved by {@link #save}.
     *
     * @param path the file
     * @return the model, compiled
     * @throws Keras4jException when the file holds another kind of model
     * @see Model#load(Path)
     */
    public static Functional load(Path path) {
        Model model = Model.load(path);
        if (!(model instanceof Functional functional)) {
            throw new Keras4jException("Model file " + path + " holds a " + model.getClassName() + " model, not a "
                    + "Functional one; load it with Model.load(path).");
        }
        return functional;
    }
}

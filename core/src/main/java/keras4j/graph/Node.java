package keras4j.graph;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.layers.Layer;

/**
 * One application of a layer (or of a whole model, used as a layer) to symbolic tensors, Keras's
 * {@code Node}: what goes in, which layer or model it is, and the tensors that come out. Nodes are
 * made by {@link Layer#apply} and {@link Model#apply}; a {@link LayerGraph} orders them.
 *
 * <pre>{@code
 * KerasTensor out = new Dense(10).apply(Input.tensor(4));
 * Node node = out.getNode();
 * node.getLayer().getName();   // "dense" once the model names it
 * node.getInputs();            // the Input's tensor
 * }</pre>
 */
public final class Node {
    private final Layer layer;
    private final Model model;
    private final List<KerasTensor> inputs;
    private final List<KerasTensor> outputs;
    /** The order nodes were made in, which orders a graph's independent branches as the code wrote them. */
    private final long sequence;
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    private Node(Layer layer, Model model, List<KerasTensor> inputs, List<int[]> outputShapes) {
        this.layer = layer;
        this.model = model;
        this.inputs = List.copyOf(inputs);
        List<KerasTensor> made = new ArrayList<>();
        for (int[] shape : outputShapes) {
            made.add(new KerasTensor(this, made.size(), shape));
        }
        this.outputs = List.copyOf(made);
        this.sequence = SEQUENCE.getAndIncrement();
    }

    long sequence() {
        return sequence;
    }

    /**
     * Applies a layer: its output shape is computed (and refused with the layer's message when the
     * inputs don't fit). Called by {@link Layer#apply}.
     *
     * @param layer  the layer, used nowhere else
     * @param inputs its input tensors (none for an {@code Input})
     * @return the layer's node
     */
    public static Node of(Layer layer, List<KerasTensor> inputs) {
        requireTensors(inputs, layer.getName() == null ? layer.defaultName() : layer.getName());
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor input : inputs) {
            shapes.add(input.getShape());
        }
        return new Node(layer, null, inputs, layer.computeOutputShapes(shapes));
    }

    /**
     * Applies a whole model as one layer (a pretrained base under a new head). Called by
     * {@link Model#apply}.
     *
     * @param model  a model with one output
     * @param inputs one tensor per input of the model, with its input shapes
     * @return the model's node
     */
    public static Node of(Model model, List<KerasTensor> inputs) {
        requireTensors(inputs, model.getName());
        List<int[]> expected = model.getInputShapes();
        if (inputs.size() != expected.size()) {
            throw new Keras4jException("Model '" + model.getName() + "' takes " + expected.size() + " input(s), but "
                    + "was called on " + inputs.size() + ".");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!java.util.Arrays.equals(inputs.get(i).getShape(), expected.get(i))) {
                throw new Keras4jException("Input " + i + " of model '" + model.getName() + "' is incompatible with "
                        + "it: expected shape " + keras4j.internal.Shapes.withBatch(expected.get(i)) + ", but received "
                        + inputs.get(i) + ".");
            }
        }
        List<int[]> outputs = model.getOutputShapes();
        if (outputs.size() != 1) {
            throw new Keras4jException("Model '" + model.getName() + "' has " + outputs.size() + " outputs; keras4j "
                    + "uses a model as a layer only when it has one output.");
        }
        return new Node(null, model, inputs, List.of(outputs.get(0)));
    }

    /** Where each layer is used: its Node, or the Sequential holding it (weakly, so layers can be collected). */
    private static final Map<Layer, WeakReference<Object>> PLACES = new WeakHashMap<>();
    /** The model each layer belongs to. */
    private static final Map<Layer, WeakReference<Model>> MODELS = new WeakHashMap<>();

    /**
     * Records that a layer is used at one place (a node of a graph, or a Sequential's stack), and
     * refuses a second place: keras4j does not share a layer's weights between places.
     *
     * @param layer the layer
     * @param place the Node applying it, or the Sequential holding it
     * @throws Keras4jException when the layer is already used elsewhere
     */
    public static synchronized void claim(Layer layer, Object place) {
        WeakReference<Object> held = PLACES.get(layer);
        Object current = held == null ? null : held.get();
        if (current != null && current != place) {
            String name = layer.getName() == null ? layer.defaultName() : layer.getName();
            throw new Keras4jException("Layer '" + name + "' (" + layer.getClassName() + ") is already used "
                    + (current instanceof Node node ? "in a graph, on " + node.getInputs() : "in model '"
                    + ((Model) current).getName() + "'") + "; keras4j uses a layer object at one place only (it "
                    + "does not share weights between places, as Keras can). Create a new layer object for each "
                    + "place.");
        }
        PLACES.put(layer, new WeakReference<>(place));
    }

    /** @param layer a layer claimed by {@code place} @param place its place, which gives it up */
    public static synchronized void release(Layer layer, Object place) {
        WeakReference<Object> held = PLACES.get(layer);
        if (held != null && held.get() == place) {
            PLACES.remove(layer);
        }
    }

    /**
     * Records the model a layer belongs to, and refuses a second model: a layer's weights live in
     * one model. Two Functional models can't be built over the same layers; use one as a layer of
     * the other instead.
     *
     * @param layer the layer
     * @param model the model it belongs to
     */
    public static synchronized void adopt(Layer layer, Model model) {
        WeakReference<Model> held = MODELS.get(layer);
        Model current = held == null ? null : held.get();
        if (current != null && current != model) {
            throw new Keras4jException("Layer '" + layer.getName() + "' already belongs to model '"
                    + current.getName() + "'; keras4j doesn't share layers between models (Keras does). Use '"
                    + current.getName() + "' as a layer of the new model instead: "
                    + current.getName() + ".apply(inputs).");
        }
        MODELS.put(layer, new WeakReference<>(model));
    }

    /**
     * @param layer a layer
     * @return the model it belongs to (a Sequential holding it, or the model built over its graph),
     *         or null when it belongs to none yet
     */
    public static synchronized Model modelOf(Layer layer) {
        WeakReference<Model> held = MODELS.get(layer);
        if (held != null && held.get() != null) {
            return held.get();
        }
        WeakReference<Object> place = PLACES.get(layer);
        return place != null && place.get() instanceof Model model ? model : null;
    }

    private static void requireTensors(List<KerasTensor> inputs, String name) {
        for (KerasTensor input : inputs) {
            if (input == null) {
                throw new Keras4jException("'" + name + "' was called on null instead of a KerasTensor. Call layers "
                        + "on Input.tensor(...) or on the output of another layer.");
            }
        }
    }

    /** @return the layer applied, or null when this node applies a model */
    public Layer getLayer() {
        return layer;
    }

    /** @return the model applied as a layer, or null when this node applies a layer */
    public Model getModel() {
        return model;
    }

    /** @return the layer's (or model's) name */
    public String getName() {
        return layer != null ? (layer.getName() == null ? layer.defaultName() : layer.getName()) : model.getName();
    }

    /** @return Keras's class name of the layer or model, e.g. "Dense", "Sequential" */
    public String getClassName() {
        return layer != null ? layer.getClassName() : model.getClassName();
    }

    /** @return whether this node is an {@code Input}, a source of the graph */
    public boolean isInput() {
        return layer instanceof keras4j.layers.Input;
    }

    /** @return the tensors going in, in order */
    public List<KerasTensor> getInputs() {
        return inputs;
    }

    /** @return the tensor coming out (the first, for a layer with several outputs) */
    public KerasTensor getOutput() {
        return outputs.get(0);
    }

    /**
     * @return every tensor coming out, in Keras's order: one for most layers; a recurrent layer with
     *         {@code returnState} adds its final states (LSTM's output, h, c), a Bidirectional with
     *         merge mode null has its two directions' outputs
     */
    public List<KerasTensor> getOutputs() {
        return outputs;
    }

    /** @return the input shapes, one per input tensor */
    public List<int[]> getInputShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor input : inputs) {
            shapes.add(input.getShape());
        }
        return shapes;
    }

    /** @return the weights the layer or model holds */
    public long countParams() {
        return layer != null ? layer.countParams(getInputShapes()) : model.countParams();
    }

    /** @return how many of {@link #countParams} are not trained (frozen, or moving statistics) */
    public long countNonTrainableParams() {
        return layer != null ? layer.countNonTrainableParams(getInputShapes()) : model.countNonTrainableParams();
    }

    @Override
    public String toString() {
        return getName() + " (" + getClassName() + ")";
    }
}

package keras4j.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import keras4j.Keras4jException;
import keras4j.layers.Layer;

/**
 * A model's layers as a directed acyclic graph of {@link Node}s, from its inputs to its outputs:
 * a chain for {@code Sequential}, any graph for {@code Functional}. It orders the nodes (each after
 * the nodes it takes from; independent branches in the order the code built them), infers every
 * shape, and refuses a graph that can't be computed, with Keras's messages.
 *
 * <pre>{@code
 * KerasTensor in = Input.tensor(4);
 * KerasTensor out = new Dense(2).apply(new Dense(8, "relu").apply(in));
 * LayerGraph graph = LayerGraph.of(List.of(in), List.of(out));
 * graph.getNodes().size();   // 3: the Input and both Dense layers
 * }</pre>
 */
public final class LayerGraph {
    private final List<Node> inputs;
    private final List<KerasTensor> outputs;
    private final List<Node> nodes;
    private final Map<Node, List<Node>> consumers = new IdentityHashMap<>();

    private LayerGraph(List<Node> inputs, List<KerasTensor> outputs, List<Node> nodes) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        for (Node node : nodes) {
            consumers.put(node, new ArrayList<>());
        }
        for (Node node : nodes) {
            for (KerasTensor in : node.getInputs()) {
                consumers.get(in.getNode()).add(node);
            }
        }
    }

    /**
     * The graph that computes {@code outputs} from {@code inputs}, Keras's
     * {@code keras.Model(inputs, outputs)}.
     *
     * @param inputs  tensors of {@code Input}s
     * @param outputs tensors computed from them
     * @return the graph
     * @throws Keras4jException when an input isn't an Input's tensor, or an output needs a tensor
     *                          that isn't among the inputs ("Graph disconnected")
     */
    public static LayerGraph of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        if (inputs == null || inputs.isEmpty() || outputs == null || outputs.isEmpty()) {
            throw new Keras4jException("A Functional model needs at least one input and one output: "
                    + "new Functional(inputs, outputs), with inputs from Input.tensor(...).");
        }
        List<Node> inputNodes = new ArrayList<>();
        for (KerasTensor input : inputs) {
            if (input == null || !input.getNode().isInput()) {
                throw new Keras4jException("A Functional model's inputs must be tensors of Input layers (from "
                        + "Input.tensor(...) or new Input(...).output()); received " + input
                        + (input == null ? "" : ", the output of layer '" + input.getName() + "'") + ".");
            }
            if (inputNodes.contains(input.getNode())) {
                throw new Keras4jException("The input " + input + " is given twice to the model; list each Input "
                        + "once.");
            }
            inputNodes.add(input.getNode());
        }
        List<Node> outputNodes = new ArrayList<>();
        Set<KerasTensor> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KerasTensor output : outputs) {
            if (output == null) {
                throw new Keras4jException("A Functional model's outputs must be tensors; received null.");
            }
            if (!listed.add(output)) {
                throw new Keras4jException("The output " + output + " is given twice to the model; list each "
                        + "output once.");
            }
            outputNodes.add(output.getNode());
        }
        // Every node the outputs depend on, each checked to have its inputs available.
        Set<Node> available = Collections.newSetFromMap(new IdentityHashMap<>());
        available.addAll(inputNodes);
        List<String> accessed = new ArrayList<>();
        for (Node input : inputNodes) {
            accessed.add(input.getName());
        }
        Set<Node> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> pending = new ArrayList<>(outputNodes);
        while (!pending.isEmpty()) {
            Node node = pending.remove(pending.size() - 1);
            if (!reached.add(node)) {
                continue;
            }
            for (KerasTensor in : node.getInputs()) {
                pending.add(in.getNode());
            }
        }
        for (Node node : topological(reached)) {
            if (available.contains(node)) {
                continue;
            }
            if (node.isInput()) {
                continue;   // reported by the node that needs it
            }
            for (KerasTensor in : node.getInputs()) {
                if (!available.contains(in.getNode())) {
                    throw new Keras4jException("Graph disconnected: cannot obtain value for tensor " + in
                            + " at layer \"" + node.getName() + "\". The following previous layers were accessed "
                            + "without issue: " + accessed + ". Pass every Input the outputs depend on to the "
                            + "model's inputs.");
                }
            }
            available.add(node);
            accessed.add(node.getName());
        }
        for (Node input : inputNodes) {
            if (!reached.contains(input)) {
                throw new Keras4jException("Input '" + input.getName() + "' is not used by any of the model's "
                        + "outputs; keras4j refuses an input that nothing reads. Remove it from the inputs, or "
                        + "connect it to an output.");
            }
        }
        return new LayerGraph(inputNodes, outputs, topological(reached));
    }

    /**
     * The chain of a {@code Sequential} model.
     *
     * @param layers an {@code Input}, then the layers
     * @return the graph, each layer's shape inferred (and refused with its layer's message)
     */
    public static LayerGraph chain(List<Layer> layers) {
        List<Node> nodes = new ArrayList<>();
        Node previous = null;
        for (Layer layer : layers) {
            previous = Node.of(layer, previous == null ? List.of() : List.of(previous.getOutput()));
            if (previous.getOutputs().size() != 1) {
                throw new Keras4jException("Layer '" + previous.getName() + "' (" + previous.getClassName() + ") "
                        + "returns " + previous.getOutputs().size() + " tensors (returnState, or a Bidirectional's "
                        + "merge mode null). All layers in a "
                        + "Sequential model should have a single output tensor. For multi-output layers, use the "
                        + "functional API (Functional and layer.applyAll(x)).");
            }
            nodes.add(previous);
        }
        return new LayerGraph(List.of(nodes.get(0)), List.of(previous.getOutput()), nodes);
    }

    /** @return the nodes in order: every node after the ones it takes from, independent ones as built */
    private static List<Node> topological(Set<Node> nodes) {
        Map<Node, Integer> waiting = new IdentityHashMap<>();
        Map<Node, List<Node>> next = new IdentityHashMap<>();
        PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingLong(Node::sequence));
        for (Node node : nodes) {
            Set<Node> from = Collections.newSetFromMap(new IdentityHashMap<>());
            for (KerasTensor in : node.getInputs()) {
                from.add(in.getNode());
            }
            waiting.put(node, from.size());
            for (Node f : from) {
                next.computeIfAbsent(f, k -> new ArrayList<>()).add(node);
            }
            if (from.isEmpty()) {
                ready.add(node);
            }
        }
        List<Node> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Node node = ready.poll();
            order.add(node);
            for (Node n : next.getOrDefault(node, List.of())) {
                if (waiting.merge(n, -1, Integer::sum) == 0) {
                    ready.add(n);
                }
            }
        }
        return order;
    }

    /** @return every node, in order, the inputs first */
    public List<Node> getNodes() {
        return nodes;
    }

    /** @return the nodes after the inputs: Keras's {@code model.layers} (nested models as one) */
    public List<Node> getLayerNodes() {
        List<Node> out = new ArrayList<>();
        for (Node node : nodes) {
            if (!inputs.contains(node)) {
                out.add(node);
            }
        }
        return out;
    }

    /** @return the input nodes, in the model's order */
    public List<Node> getInputs() {
        return inputs;
    }

    /**
     * @return the nodes making the outputs, in the model's order (a node twice when two of its
     *         tensors are outputs, as a recurrent layer's states)
     */
    public List<Node> getOutputs() {
        return outputs.stream().map(KerasTensor::getNode).toList();
    }

    /** @return the output tensors, in the model's order */
    public List<KerasTensor> getOutputTensors() {
        return outputs;
    }

    /** @param node a node of this graph @return the nodes that take its output */
    public List<Node> consumersOf(Node node) {
        return Collections.unmodifiableList(consumers.getOrDefault(node, List.of()));
    }

    /** @return each input's shape, in order */
    public List<int[]> getInputShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (Node input : inputs) {
            shapes.add(input.getOutput().getShape());
        }
        return shapes;
    }

    /** @return each output's shape, in order */
    public List<int[]> getOutputShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor output : outputs) {
            shapes.add(output.getShape());
        }
        return shapes;
    }

    /** @return the input names, in order */
    public List<String> getInputNames() {
        return inputs.stream().map(Node::getName).toList();
    }

    /**
     * @return the output names, in order: Keras's, the names of the layers making them (so one name
     *         twice when two outputs are one layer's tensors)
     */
    public List<String> getOutputNames() {
        return outputs.stream().map(KerasTensor::getName).toList();
    }

    /**
     * Refuses two layers (or nested models) with one name, in Keras's words.
     *
     * @throws Keras4jException naming the name and its count
     */
    public void checkUniqueNames() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Node node : nodes) {
            counts.merge(node.getName(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > 1) {
                throw new Keras4jException("The name \"" + e.getKey() + "\" is used " + e.getValue() + " times in the "
                        + "model. All layer names should be unique.");
            }
        }
    }
}

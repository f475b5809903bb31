package keras4j.backend.dl4j;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import keras4j.graph.KerasTensor;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.internal.SampleRepeat;
import keras4j.internal.SampleSequence;
import keras4j.internal.TrackedLoss;
import keras4j.layers.Add;
import keras4j.layers.Average;
import keras4j.layers.Concatenate;
import keras4j.layers.Flatten;
import keras4j.layers.Layer;
import keras4j.layers.Maximum;
import keras4j.layers.Merge;
import keras4j.layers.Minimum;
import keras4j.layers.Multiply;
import keras4j.layers.Permute;
import keras4j.layers.Recurrent;
import keras4j.layers.RepeatVector;
import keras4j.layers.Reshape;
import keras4j.layers.Subtract;
import keras4j.losses.Loss;

/**
 * Lowers a Functional model's {@link LayerGraph} to a DL4J {@link ComputationGraphConfiguration}:
 * one vertex per layer, named as the layer (a nested model's layers as {@code model/layer}), merge
 * layers as DL4J's element-wise and merge vertices, and each output with its loss (the output layer
 * itself when it is a Dense that nothing else reads, else a loss layer after it).
 *
 * <pre>{@code
 * GraphLowering.Plan plan = GraphLowering.plan(graph, losses, lossWeights, updater, seed, DataType.FLOAT, true);
 * ComputationGraph net = new ComputationGraph(plan.configuration());
 * }</pre>
 */
public final class GraphLowering {
    private GraphLowering() {
    }

    /**
     * The result of lowering.
     *
     * @param configuration the DL4J graph configuration
     * @param vertexOf      for each layer with a DL4J layer vertex, that vertex's name
     * @param losses        each output's loss as DL4J computes it, or empty without losses
     */
    public record Plan(ComputationGraphConfiguration configuration, Map<Layer, String> vertexOf,
                       List<ILossFunction> losses) {
    }

    /**
     * @param graph       the model's graph
     * @param losses      one loss per output, or null for a network that only predicts
     * @param lossWeights one weight per output (with losses)
     * @param updater     the DL4J updater
     * @param seed        the seed of initial weights and dropout
     * @param dataType    FLOAT for training, DOUBLE for gradient checks
     * @param trackLoss   whether to wrap the losses in {@link TrackedLoss}es
     * @return the plan
     */
    public static Plan plan(LayerGraph graph, List<Loss> losses, List<Double> lossWeights, IUpdater updater,
                            long seed, DataType dataType, boolean trackLoss) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .cacheMode(ChainLowering.CACHE_MODE)
                .graphBuilder();
        Lowerer lowerer = new Lowerer(builder);
        List<InputType> types = new ArrayList<>();
        for (Node input : graph.getInputs()) {
            builder.addInputs(input.getName());
            lowerer.tensors.put(input.getOutput(), input.getName());
            types.add(ChainLowering.inputType(input.getOutput().getShape()));
        }
        // Each output that is a Dense read by nothing else becomes DL4J's output layer with its loss.
        List<ILossFunction> dl4jLosses = new ArrayList<>();
        for (int i = 0; losses != null && i < graph.getOutputs().size(); i++) {
            Node output = graph.getOutputs().get(i);
            Layer last = output.getLayer();
            int[] shape = graph.getOutputTensors().get(i).getShape();
            String activation = last == null ? "linear" : LayerLowering.outputActivation(last);
            if (output.getModel() != null) {
                List<Node> inner = output.getModel().getGraph().getOutputs();
                activation = inner.get(0).getLayer() == null ? "linear"
                        : LayerLowering.outputActivation(inner.get(0).getLayer());
            }
            LayerLowering.checkLossFitsOutput(losses.get(i), output.getName(), shape, activation);
            ILossFunction loss = LossLowering.of(losses.get(i), shape[0]);
            double weight = lossWeights == null ? 1.0 : lossWeights.get(i);
            dl4jLosses.add(trackLoss ? new TrackedLoss(loss, weight) : loss);
            if (last != null && graph.consumersOf(output).isEmpty()) {
                lowerer.outputForms.put(output, dl4jLosses.get(i));
            }
        }
        lowerer.lower(graph, "");
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < graph.getOutputs().size(); i++) {
            KerasTensor output = graph.getOutputTensors().get(i);
            String vertex = lowerer.tensors.get(output);
            if (losses != null && !lowerer.scored.contains(vertex)) {
                // a recurrent layer's states: lstm/loss_1, lstm/loss_2
                String lossVertex = output.getName() + "/loss" + (output.getIndex() == 0 ? "" : "_" + output.getIndex());
                builder.addLayer(lossVertex, LayerLowering.lossLayer(dl4jLosses.get(i)), vertex);
                vertex = lossVertex;
            } else if (losses == null && graph.consumersOf(output.getNode()).stream()
                    .anyMatch(reader -> reader.getInputs().contains(output))) {
                // DL4J's inference loses track of its workspaces when an output is read by later vertices
                // (a NullPointerException): the output is a copy nothing reads.
                String copy = vertex + "/output";
                builder.addVertex(copy, new ScaleVertex(1.0), vertex);
                vertex = copy;
            }
            outputs.add(vertex);
        }
        builder.setOutputs(outputs.toArray(new String[0]));
        builder.setInputTypes(types.toArray(new InputType[0]));
        return new Plan(builder.build(), lowerer.vertexOf, dl4jLosses);
    }

    /**
     * A graph read from a model file, in the form this version of keras4j builds: each layer vertex
     * holding DL4J's own configuration where this version has keras4j's subclass of it is swapped,
     * as {@link ChainLowering#upgrade} does for a chain.
     *
     * @param plan  what this version lowers the model's architecture to
     * @param saved the graph as read, checked against the plan ({@link ArchitectureCheck#checkGraph})
     * @return {@code saved} if its layers are the plan's; else the upgraded graph
     */
    static ComputationGraph upgrade(Plan plan, ComputationGraph saved) {
        Map<String, NeuralNetConfiguration> swapped = new LinkedHashMap<>();
        saved.getConfiguration().getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex have && plan.configuration().getVertices().get(name) instanceof
                    LayerVertex want && Boolean.TRUE.equals(ChainLowering.swaps(want.getLayerConf(),
                    have.getLayerConf()))) {
                swapped.put(name, want.getLayerConf());
            }
        });
        if (swapped.isEmpty()) {
            return saved;
        }
        ComputationGraphConfiguration conf = saved.getConfiguration().clone();
        // DL4J's clone leaves out the counts (Adam's bias correction reads the iteration).
        conf.setIterationCount(saved.getConfiguration().getIterationCount());
        conf.setEpochCount(saved.getConfiguration().getEpochCount());
        swapped.forEach((name, want) -> ChainLowering.swap(want,
                ((LayerVertex) conf.getVertices().get(name)).getLayerConf()));
        ComputationGraph upgraded = new ComputationGraph(conf);
        upgraded.init(saved.params(), true);
        if (saved.getUpdater(false) != null && saved.getUpdater().getStateViewArray() != null) {
            upgraded.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        }
        return upgraded;
    }

    /** Adds the vertices of one graph (the model's, or a nested model's under a prefix). */
    private static final class Lowerer {
        final ComputationGraphConfiguration.GraphBuilder builder;
        final Map<KerasTensor, String> tensors = new IdentityHashMap<>();
        final Map<Layer, String> vertexOf = new LinkedHashMap<>();
        final Map<Node, ILossFunction> outputForms = new IdentityHashMap<>();
        final java.util.Set<String> scored = new java.util.HashSet<>();
        /** The tensors carrying Keras's mask ({@link LayerLowering#masks}). */
        final java.util.Set<KerasTensor> masked = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        Lowerer(ComputationGraphConfiguration.GraphBuilder builder) {
            this.builder = builder;
        }

        void lower(LayerGraph graph, String prefix) {
            for (Node node : graph.getNodes()) {
                if (graph.getInputs().contains(node)) {
                    continue;   // mapped by the caller: the model's inputs, or a nested model's arguments
                }
                String name = prefix + node.getName();
                String[] ins = node.getInputs().stream().map(tensors::get).toArray(String[]::new);
                if (node.getModel() != null) {
                    LayerGraph inner = node.getModel().getGraph();
                    for (int i = 0; i < inner.getInputs().size(); i++) {
                        tensors.put(inner.getInputs().get(i).getOutput(), ins[i]);
                        if (masked.contains(node.getInputs().get(i))) {
                            masked.add(inner.getInputs().get(i).getOutput());
                        }
                    }
                    lower(inner, name + "/");
                    tensors.put(node.getOutput(), tensors.get(inner.getOutputTensors().get(0)));
                    if (masked.contains(inner.getOutputTensors().get(0))) {
                        masked.add(node.getOutput());
                    }
                    continue;
                }
                Layer layer = node.getLayer();
                String vertex = name;
                boolean inputMasked = node.getInputs().stream().anyMatch(masked::contains);
                // a recurrent layer's initial_state: its inputs after the sequence
                boolean initialState = layer instanceof Recurrent && node.getInputs().size() > 1;
                if (LayerLowering.masks(layer, inputMasked)) {
                    masked.add(node.getOutput());
                }
                if (layer instanceof Flatten) {
                    int[] in = node.getInputs().get(0).getShape();
                    if (in.length == 3) {
                        builder.addVertex(name, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(in[0], in[1],
                                in[2], CNN2DFormat.NHWC)), ins);
                    } else {
                        vertex = ins[0];   // already one vector per sample in DL4J
                    }
                } else if (layer instanceof Reshape || layer instanceof Permute || layer instanceof RepeatVector
                        || LayerLowering.resamples(layer)) {
                    InputPreProcessor reshape = LayerLowering.reshape(layer, node.getInputs().get(0).getShape());
                    if (reshape != null) {
                        builder.addVertex(name, new PreprocessorVertex(reshape), ins);
                    } else {
                        vertex = ins[0];   // one vector per sample in DL4J before and after
                    }
                } else if (layer instanceof Merge merge) {
                    merge(merge, name, ins);
                } else {
                    org.deeplearning4j.nn.conf.layers.Layer lowered = null;
                    ILossFunction loss = outputForms.get(node);
                    if (loss != null) {
                        lowered = LayerLowering.output(layer, loss);
                    }
                    if (lowered != null) {
                        scored.add(name);
                    } else {
                        lowered = LayerLowering.hidden(layer, node.getInputs().get(0).getShape(), inputMasked,
                                initialState);
                    }
                    lowered.setLayerName(name);
                    int[] in = node.getInputs().get(0).getShape();
                    if (initialState) {
                        builder.addLayer(name, lowered, initialStateInputs((Recurrent) layer, name, in, ins));
                    } else if (LayerLowering.onSequence(layer)) {
                        builder.addLayer(name, lowered, LayerLowering.rowImageIn(layer, in), ins);
                        InputPreProcessor back = LayerLowering.rowImageOut(layer, in);
                        if (back != null) {
                            vertex = name + "/sequence";
                            builder.addVertex(vertex, new PreprocessorVertex(back), name);
                        }
                    } else {
                        builder.addLayer(name, lowered, LayerLowering.sequenceIn(layer, in), ins);
                    }
                    vertexOf.put(layer, name);
                    if (LayerLowering.slicesOutputs(layer)) {
                        outputs(graph, node, name, in);
                        continue;
                    }
                    InputPreProcessor back = LayerLowering.sequenceOut(layer, in);
                    if (back != null) {
                        vertex = name + "/sequences";   // DL4J's NCW output back to a vector per sample
                        builder.addVertex(vertex, new PreprocessorVertex(back), name);
                    }
                }
                tensors.put(node.getOutput(), vertex);
            }
        }

        /**
         * A recurrent layer's inputs with its initial states: the sequence in DL4J's NCW form, and each
         * state repeated at every step after its features (the layer reads them at the first step; the
         * repetition's gradient, the sum over the steps, is the first step's).
         *
         * @return the vertex of the joined input
         */
        private String initialStateInputs(Recurrent rnn, String name, int[] in, String[] ins) {
            String[] joined = new String[ins.length];
            joined[0] = name + "/sequence_in";
            builder.addVertex(joined[0], new PreprocessorVertex(new SampleSequence(in[0], in[1], true,
                    rnn.isGoBackwards())), ins[0]);
            for (int k = 1; k < ins.length; k++) {
                joined[k] = name + "/initial_" + (k == 1 ? "state_h" : "state_c");
                builder.addVertex(joined[k], new PreprocessorVertex(new ComposableInputPreProcessor(
                        new SampleRepeat(in[0], rnn.getUnits()), new SampleSequence(in[0], rnn.getUnits(), true))),
                        ins[k]);
            }
            builder.addVertex(name + "/inputs", new MergeVertex(), joined);
            return name + "/inputs";
        }

        /**
         * The outputs of a recurrent layer with returnState, or of a Bidirectional with several, where
         * used: slices of its DL4J layer's output, a Bidirectional's two directions' merged.
         */
        private void outputs(LayerGraph graph, Node node, String name, int[] in) {
            List<LayerLowering.OutputSlices> outputs = LayerLowering.outputSlices(node.getLayer(), in);
            for (int k = 0; k < outputs.size(); k++) {
                KerasTensor tensor = node.getOutputs().get(k);
                if (!graph.getOutputTensors().contains(tensor) && graph.consumersOf(node).stream()
                        .noneMatch(reader -> reader.getInputs().contains(tensor))) {
                    continue;   // DL4J refuses a vertex nothing reads
                }
                LayerLowering.OutputSlices output = outputs.get(k);
                String vertex = name + "/" + output.name();
                if (output.merge() == null) {
                    builder.addVertex(vertex, new PreprocessorVertex(output.slices().get(0)), name);
                } else {
                    String[] directions = {vertex + "_forward", vertex + "_backward"};
                    for (int d = 0; d < 2; d++) {
                        builder.addVertex(directions[d], new PreprocessorVertex(output.slices().get(d)), name);
                    }
                    merge(output.merge().equals("concat") ? new Concatenate() : output.merge().equals("sum")
                            ? new Add() : output.merge().equals("mul") ? new Multiply() : new Average(), vertex,
                            directions);
                }
                tensors.put(tensor, vertex);
            }
        }

        private void merge(Merge merge, String name, String[] ins) {
            if (merge instanceof Concatenate) {
                builder.addVertex(name, new MergeVertex(), ins);
            } else if (merge instanceof Minimum) {
                // min(a, b) = -max(-a, -b): DL4J's element-wise vertex has no minimum.
                String[] negated = new String[ins.length];
                for (int i = 0; i < ins.length; i++) {
                    negated[i] = name + "/negated_" + i;
                    builder.addVertex(negated[i], new ScaleVertex(-1), ins[i]);
                }
                builder.addVertex(name + "/maximum", new ElementWiseVertex(ElementWiseVertex.Op.Max), negated);
                builder.addVertex(name, new ScaleVertex(-1), name + "/maximum");
            } else {
                ElementWiseVertex.Op op = merge instanceof Add ? ElementWiseVertex.Op.Add
                        : merge instanceof Subtract ? ElementWiseVertex.Op.Subtract
                        : merge instanceof Multiply ? ElementWiseVertex.Op.Product
                        : merge instanceof Average ? ElementWiseVertex.Op.Average
                        : merge instanceof Maximum ? ElementWiseVertex.Op.Max : null;
                if (op == null) {
                    throw new IllegalStateException("no DL4J form for " + merge);
                }
                builder.addVertex(name, new ElementWiseVertex(op), ins);
            }
        }
    }
}

package keras4j.backend.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

import keras4j.Keras4jException;
import keras4j.backend.Session;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.internal.MetricTracker;
import keras4j.internal.ModelJson;
import keras4j.internal.Shapes;
import keras4j.internal.TrackedLoss;
import keras4j.internal.WeightStore;
import keras4j.layers.Layer;
import keras4j.losses.Loss;
import keras4j.optimizers.Optimizer;
import keras4j.training.CompileSettings;

/**
 * DL4J's {@link Session}: a Sequential model runs as a {@link MultiLayerNetwork}, a Functional one
 * as a {@link ComputationGraph}. Each training step is one call into DL4J with a one-batch
 * iterator, so DL4J keeps the workspaces of its own {@code fit(iterator)} loop (its {@code fit(DataSet)}
 * skips the working-memory workspaces). The metrics come from the outputs' {@link TrackedLoss}es,
 * which see each batch's labels and pre-activations: no second forward pass.
 *
 * <pre>{@code
 * Session session = Dl4jSession.build(graph, true, settings, 42);
 * Map<String, Double> logs = session.trainOnBatch(batch);
 * }</pre>
 */
public final class Dl4jSession implements Session {
    private final MultiLayerNetwork chain;
    private final ComputationGraph graph;
    private final boolean compiled;
    /** Single output: the output's tracker (loss from the network's score); several: the total loss only. */
    private final MetricTracker total;
    /** With several outputs, each output's tracker, fed by its TrackedLoss; else empty. */
    private final List<MetricTracker> outputs = new ArrayList<>();
    private final List<String> outputNames;
    private final boolean[] flatten;
    /** Each output's shape (no batch axis): DL4J carries a sample of rank 2 or 4+ as one flat vector. */
    private final List<int[]> outputShapes;
    private final Dl4jWeights weights;
    /** Whether the model has a BatchNormalization (a graph then predicts through feed-forward). */
    private final boolean batchNormalization;
    /** The compile settings, or null. */
    private final CompileSettings compileSettings;

    /** Each output's loss, in output order: it takes each batch's sample weights. */
    private final List<TrackedLoss> losses;
    /** The updater {@link FastAdam} was last installed in. */
    private org.deeplearning4j.nn.api.Updater fastUpdater;

    private Dl4jSession(MultiLayerNetwork chain, ComputationGraph graph, LayerGraph layers, CompileSettings compile,
                        List<TrackedLoss> tracked, Map<Layer, String> vertexOf, int[] dl4jIndex, List<Layer> order) {
        this.chain = chain;
        this.graph = graph;
        this.losses = tracked;
        this.compiled = compile != null;
        this.compileSettings = compile;
        this.outputNames = layers.getOutputNames();
        this.batchNormalization = hasBatchNormalization(layers);
        List<int[]> inputShapes = layers.getInputShapes();
        this.flatten = new boolean[inputShapes.size()];
        for (int i = 0; i < flatten.length; i++) {
            flatten[i] = ChainLowering.flattens(inputShapes.get(i));
        }
        this.outputShapes = layers.getOutputShapes();
        if (compile == null) {
            total = null;
        } else if (tracked.size() == 1) {
            total = MetricTracker.create(compile.metrics().get(0), compile.losses().get(0), outputShapes.get(0)[0]);
            tracked.get(0).setTracker(total);
        } else {
            total = MetricTracker.create(List.of(), compile.losses().get(0), 1);
            for (int i = 0; i < tracked.size(); i++) {
                MetricTracker tracker = MetricTracker.forOutput(compile.metrics().get(i), compile.losses().get(i),
                        outputShapes.get(i)[0]);
                tracked.get(i).setTracker(tracker);
                outputs.add(tracker);
            }
        }
        if (chain != null) {
            Map<Layer, Integer> index = new java.util.IdentityHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                index.put(order.get(i), dl4jIndex[i]);
            }
            this.weights = new Dl4jWeights(layer -> {
                Integer j = index.get(layer);
                if (j == null) {
                    throw notInModel(layer);
                }
                return j < 0 ? null : chain.getLayer(j);
            });
        } else {
            Map<Layer, Node> all = new java.util.IdentityHashMap<>();
            collect(layers, all);
            this.weights = new Dl4jWeights(layer -> {
                if (!all.containsKey(layer)) {
                    throw notInModel(layer);
                }
                String vertex = vertexOf.get(layer);
                return vertex == null ? null : graph.getLayer(vertex);
            });
        }
        KerasGradients.install(network(), compile == null ? null : compile.optimizer());
    }

    private static boolean hasBatchNormalization(LayerGraph layers) {
        for (Node node : layers.getNodes()) {
            if (node.getLayer() instanceof keras4j.layers.BatchNormalization
                    || node.getModel() != null && hasBatchNormalization(node.getModel().getGraph())) {
                return true;
            }
        }
        return false;
    }

    private static void collect(LayerGraph layers, Map<Layer, Node> into) {
        for (Node node : layers.getNodes()) {
            if (node.getLayer() != null) {
                into.put(node.getLayer(), node);
            } else {
                collect(node.getModel().getGraph(), into);
            }
        }
    }

    private static Keras4jException notInModel(Layer layer) {
        return new Keras4jException("Layer '" + layer.getName() + "' is not part of this model.");
    }

    /**
     * Builds a model's network with fresh weights drawn from the seed.
     *
     * @param layers  the model's graph
     * @param isChain true for a Sequential model (a MultiLayerNetwork)
     * @param compile the compile settings, or null for a network that only predicts
     * @param seed    the seed of the initial weights and of dropout
     * @return the session
     */
    public static Dl4jSession build(LayerGraph layers, boolean isChain, CompileSettings compile, long seed) {
        return create(layers, isChain, compile, seed, null, null, null);
    }

    /**
     * Wraps a network read from a model file, after checking that it is the network its metadata
     * describes.
     *
     * @param layers      the model's graph, as read from the file
     * @param isChain     true for a Sequential model
     * @param compile     the compile settings read from the file
     * @param seed        the saved seed
     * @param saved       the network read from the file
     * @param layersJson  keras4j.json's layers, for messages
     * @param compileJson keras4j.json's compile settings, for messages, or null when the saved
     *                    optimizer need not be the compiled one (weights only)
     * @return the session holding the saved network
     */
    public static Dl4jSession restore(LayerGraph layers, boolean isChain, CompileSettings compile, long seed,
                                      Object saved, ModelJson layersJson, ModelJson compileJson) {
        return create(layers, isChain, compile, seed, saved, layersJson, compileJson);
    }

    private static Dl4jSession create(LayerGraph layers, boolean isChain, CompileSettings compile, long seed,
                                      Object saved, ModelJson layersJson, ModelJson compileJson) {
        IUpdater updater = OptimizerLowering.of(compile == null ? Optimizer.get("adam") : compile.optimizer());
        if (isChain) {
            ChainLowering.Chain chainOf = ChainLowering.Chain.of(layers);
            List<Layer> order = chainOf.layers();
            List<int[]> shapes = chainOf.shapes();
            Loss loss = compile == null ? null : compile.losses().get(0);
            ChainLowering.Plan plan = ChainLowering.plan(order, shapes, loss, updater, seed, DataType.FLOAT, true);
            MultiLayerNetwork net;
            if (saved == null) {
                net = new MultiLayerNetwork(plan.configuration());
                net.init();
            } else {
                if (!(saved instanceof MultiLayerNetwork read)) {
                    throw layersJson.damaged("describe a Sequential model, but network.zip holds a "
                            + saved.getClass().getSimpleName());
                }
                ArchitectureCheck.check(layersJson, order, shapes, plan, read, compileJson);
                net = ChainLowering.upgrade(plan, read);
            }
            List<TrackedLoss> tracked = new ArrayList<>();
            if (loss != null) {
                org.deeplearning4j.nn.conf.layers.Layer out = net.getOutputLayer().conf().getLayer();
                tracked.add((TrackedLoss) (out instanceof BaseOutputLayer base ? base.getLossFn()
                        : ((LossLayer) out).getLossFn()));
            }
            return new Dl4jSession(net, null, layers, compile, tracked, null, plan.dl4jIndex(), order);
        }
        GraphLowering.Plan plan = GraphLowering.plan(layers, compile == null ? null : compile.losses(),
                compile == null ? null : compile.lossWeights(), updater, seed, DataType.FLOAT, true);
        ComputationGraph net;
        if (saved == null) {
            net = new ComputationGraph(plan.configuration());
            net.init();
        } else {
            if (!(saved instanceof ComputationGraph read)) {
                throw layersJson.damaged("describe a Functional model, but network.zip holds a "
                        + saved.getClass().getSimpleName());
            }
            ArchitectureCheck.checkGraph(layersJson, plan.configuration(), read, compileJson != null);
            net = GraphLowering.upgrade(plan, read);
        }
        List<TrackedLoss> tracked = new ArrayList<>();
        if (compile != null) {
            for (String output : net.getConfiguration().getNetworkOutputs()) {
                org.deeplearning4j.nn.conf.layers.Layer out = net.getLayer(output).conf().getLayer();
                tracked.add((TrackedLoss) (out instanceof BaseOutputLayer base ? base.getLossFn()
                        : ((LossLayer) out).getLossFn()));
            }
        }
        return new Dl4jSession(null, net, layers, compile, tracked, plan.vertexOf(), null, null);
    }

    @Override
    public Map<String, Double> trainOnBatch(MultiDataSet batch) {
        requireCompiled();
        long rows = batch.getFeatures(0).size(0);
        batch = takeSampleWeights(batch);
        try {
            if (chain != null) {
                int epochs = chain.getLayerWiseConfigurations().getEpochCount();
                installFastUpdaters(chain.getUpdater(true));
                chain.fit(new SingletonDataSetIterator(toDataSet(batch)));
                chain.getLayerWiseConfigurations().setEpochCount(epochs);   // fit(iterator) counts an epoch per call
                total.addLoss(chain.score(), rows);
            } else {
                int epochs = graph.getConfiguration().getEpochCount();
                installFastUpdaters(graph.getUpdater(true));
                graph.fit(new SingletonMultiDataSetIterator(batch));
                graph.getConfiguration().setEpochCount(epochs);
                total.addLoss(graph.score(), rows);
            }
        } finally {
            losses.forEach(loss -> loss.setSampleWeights(null));
        }
        return logs();
    }

    /** keras4j's faster kernels in place of DL4J's ({@link FastAdam}), once per updater DL4J creates. */
    private void installFastUpdaters(org.deeplearning4j.nn.api.Updater updater) {
        if (updater != fastUpdater) {
            FastAdam.install(updater);
            fastUpdater = updater;
        }
    }

    @Override
    public Map<String, Double> testOnBatch(MultiDataSet batch) {
        requireCompiled();
        long rows = batch.getFeatures(0).size(0);
        batch = takeSampleWeights(batch);
        try {
            double score = chain != null ? chain.score(toDataSet(batch), false) : graph.score(batch, false);
            total.addLoss(score, rows);
        } finally {
            losses.forEach(loss -> loss.setSampleWeights(null));
        }
        return logs();
    }

    /**
     * Moves per-sample label masks (sample or class weights: [batch, 1] beside a 2-D target) from
     * the batch to the outputs' losses, which weigh each sample's loss by them; DL4J would instead
     * multiply the output layer's pre-activations by them. Per-step masks of sequences stay.
     */
    private MultiDataSet takeSampleWeights(MultiDataSet batch) {
        INDArray[] masks = batch.getLabelsMaskArrays();
        if (masks == null) {
            return batch;
        }
        INDArray[] kept = masks.clone();
        boolean any = false;
        for (int i = 0; i < masks.length && i < losses.size(); i++) {
            INDArray mask = masks[i];
            if (mask != null && batch.getLabels(i).rank() == 2 && mask.rank() == 2 && mask.size(1) == 1) {
                losses.get(i).setSampleWeights(mask);
                kept[i] = null;
                any = true;
            }
        }
        if (!any) {
            return batch;
        }
        boolean none = java.util.Arrays.stream(kept).allMatch(java.util.Objects::isNull);
        return new org.nd4j.linalg.dataset.MultiDataSet(batch.getFeatures(), batch.getLabels(),
                batch.getFeaturesMaskArrays(), none ? null : kept);
    }

    /** @return the running means: the total loss, then each output's loss and metrics */
    @Override
    public Map<String, Double> logs() {
        requireCompiled();
        Map<String, Double> logs = new LinkedHashMap<>(total.results(""));
        for (int i = 0; i < outputs.size(); i++) {
            logs.putAll(outputs.get(i).results(outputNames.get(i) + "_"));
        }
        return logs;
    }

    private static DataSet toDataSet(MultiDataSet batch) {
        INDArray[] masks = batch.getLabelsMaskArrays();
        return new DataSet(batch.getFeatures(0), batch.getLabels(0), null, masks == null ? null : masks[0]);
    }

    private void requireCompiled() {
        if (!compiled) {
            throw new IllegalStateException("the session was built without a loss");
        }
    }

    @Override
    public void resetMetrics() {
        requireCompiled();
        total.reset();
        outputs.forEach(MetricTracker::reset);
    }

    @Override
    public double[] metricsState() {
        requireCompiled();
        List<double[]> parts = new ArrayList<>();
        parts.add(total.state());
        outputs.forEach(t -> parts.add(t.state()));
        return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Override
    public void restoreMetrics(double[] state) {
        requireCompiled();
        List<MetricTracker> all = new ArrayList<>();
        all.add(total);
        all.addAll(outputs);
        int expected = 0;
        int older = 0;
        for (MetricTracker t : all) {
            expected += t.state().length;
            older = older < 0 || t.olderStateLength() < 0 ? -1 : older + t.olderStateLength();
        }
        boolean olderForm = state.length != expected && state.length == older;   // an older keras4j's checkpoint
        if (state.length != expected && !olderForm) {
            throw new Keras4jException("The checkpoint was saved while training with other metrics (" + state.length
                    + " running sums) than the model is compiled with (" + expected + "); compile it with the "
                    + "metrics it was trained with to resume.");
        }
        int at = 0;
        for (MetricTracker t : all) {
            int n = olderForm ? t.olderStateLength() : t.state().length;
            t.restore(java.util.Arrays.copyOfRange(state, at, at + n));
            at += n;
        }
    }

    @Override
    public INDArray[] predictOnBatch(INDArray... inputs) {
        INDArray[] out;
        if (chain != null) {
            out = new INDArray[] {chain.output(inputs[0], false)};
        } else if (!batchNormalization) {
            out = graph.output(false, inputs);
        } else {
            // DL4J's graph output() runs a batch normalization in an input workspace it never opens; its
            // feed-forward (every activation, detached) doesn't.
            Map<String, INDArray> activations = graph.feedForward(inputs, false, true);
            String[] outputs = graph.getConfiguration().getNetworkOutputs().toArray(new String[0]);
            out = new INDArray[outputs.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = activations.get(outputs[i]);
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (ChainLowering.flattens(outputShapes.get(i))) {
                out[i] = out[i].reshape('c', Shapes.batched(out[i].size(0), outputShapes.get(i)));
            }
        }
        return out;
    }

    @Override
    public void epochDone() {
        if (chain != null) {
            chain.incrementEpochCount();
        } else {
            graph.incrementEpochCount();
        }
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (chain != null) {
            chain.setLearningRate(learningRate);
        } else {
            graph.setLearningRate(learningRate);
        }
        // DL4J's setLearningRate builds a new updater of its own: keras4j's clipping and decay go back on.
        KerasGradients.install(network(), compileSettings == null ? null : compileSettings.optimizer());
    }

    @Override
    public long iterations() {
        return chain != null ? chain.getLayerWiseConfigurations().getIterationCount()
                : graph.getConfiguration().getIterationCount();
    }

    @Override
    public boolean isCompiled() {
        return compiled;
    }

    @Override
    public WeightStore weights() {
        return weights;
    }

    @Override
    public INDArray params() {
        return (chain != null ? chain.params() : graph.params()).dup();
    }

    @Override
    public void setParams(INDArray params) {
        if (chain != null) {
            chain.setParams(params);
        } else {
            graph.setParams(params);
        }
    }

    @Override
    public boolean restoreTrainingState(Session saved) {
        Dl4jSession other = (Dl4jSession) saved;
        INDArray savedState = other.updaterState();
        INDArray state = updaterState();
        if (savedState != null && state != null && savedState.length() != state.length()) {
            return false;
        }
        setParams(other.chain != null ? other.chain.params() : other.graph.params());
        if (savedState != null && state != null) {
            state.assign(savedState);
        }
        if (chain != null) {
            chain.getLayerWiseConfigurations().setIterationCount(
                    other.chain.getLayerWiseConfigurations().getIterationCount());
            chain.getLayerWiseConfigurations().setEpochCount(other.chain.getLayerWiseConfigurations().getEpochCount());
        } else {
            graph.getConfiguration().setIterationCount(other.graph.getConfiguration().getIterationCount());
            graph.getConfiguration().setEpochCount(other.graph.getConfiguration().getEpochCount());
        }
        return true;
    }

    private INDArray updaterState() {
        if (chain != null) {
            return chain.getUpdater() == null ? null : chain.getUpdater().getStateViewArray();
        }
        return graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
    }

    @Override
    public void write(Path file, boolean includeOptimizer) throws IOException {
        ModelSerializer.writeModel(chain != null ? chain : graph, file.toFile(), includeOptimizer);
    }

    @Override
    public boolean flattensInput(int input) {
        return flatten[input];
    }

    @Override
    public Object network() {
        return chain != null ? chain : graph;
    }

    @Override
    public keras4j.backend.OptimizerSlots optimizerSlots() {
        if (compileSettings == null) {
            return null;
        }
        IUpdater config = OptimizerLowering.of(compileSettings.optimizer());
        if (chain != null) {
            return Dl4jOptimizerSlots.of((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) chain.getUpdater(true),
                    config, weights::layerOf, () -> chain.getLayerWiseConfigurations().getIterationCount(),
                    n -> chain.getLayerWiseConfigurations().setIterationCount((int) n));
        }
        return Dl4jOptimizerSlots.of(graph.getUpdater(true), config, weights::layerOf,
                () -> graph.getConfiguration().getIterationCount(),
                n -> graph.getConfiguration().setIterationCount((int) n));
    }
}

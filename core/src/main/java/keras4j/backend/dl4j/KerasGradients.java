package keras4j.backend.dl4j;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.optimizers.Optimizer;

/**
 * Keras's gradient clipping and decoupled weight decay on a DL4J network, as Keras's
 * {@code BaseOptimizer.apply} does them: the batch's averaged gradients of the trainable weights
 * (not BatchNormalization's moving statistics, not frozen layers) are clipped first
 * ({@code clipnorm}: each weight's to that L2 norm, {@code global_clipnorm}: all of them together,
 * {@code clipvalue}: each element), then every trainable weight {@code w} loses
 * {@code w * weight_decay * lr} besides the step. DL4J's own {@code GradientNormalization} clips per
 * layer, including the moving statistics' updates, and has no global form, so keras4j installs
 * its own updater, which does this and then DL4J's steps. Installed only when the optimizer
 * clips or decays.
 *
 * <pre>{@code
 * KerasGradients.install(network, new Adam().withGlobalClipnorm(1.0));
 * }</pre>
 */
final class KerasGradients {
    private final Double weightDecay;
    private final Double clipnorm;
    private final Double clipvalue;
    private final Double globalClipnorm;

    private KerasGradients(Optimizer optimizer) {
        this.weightDecay = optimizer.getWeightDecay();
        this.clipnorm = optimizer.getClipnorm();
        this.clipvalue = optimizer.getClipvalue();
        this.globalClipnorm = optimizer.getGlobalClipnorm();
    }

    /** @return whether the optimizer needs keras4j's updater */
    static boolean needed(Optimizer optimizer) {
        return optimizer != null && (optimizer.getWeightDecay() != null && optimizer.getWeightDecay() > 0
                || optimizer.getClipnorm() != null || optimizer.getClipvalue() != null
                || optimizer.getGlobalClipnorm() != null);
    }

    /**
     * Replaces the network's updater by one that clips and decays as the optimizer says, keeping
     * the updater's state array; nothing when the optimizer does neither.
     *
     * @param network   a MultiLayerNetwork or ComputationGraph
     * @param optimizer its compiled optimizer
     */
    static void install(Object network, Optimizer optimizer) {
        if (!needed(optimizer)) {
            return;
        }
        KerasGradients rules = new KerasGradients(optimizer);
        if (network instanceof MultiLayerNetwork chain) {
            INDArray state = chain.getUpdater(true).getStateViewArray();
            chain.setUpdater(new Chain(chain, state, rules));
        } else {
            ComputationGraph graph = (ComputationGraph) network;
            INDArray state = graph.getUpdater(true).getStateViewArray();
            graph.setUpdater(new Graph(graph, state, rules));
        }
    }

    /** @return the trainable weights' parameter states (not frozen, and their updater isn't DL4J's NoOp) */
    private static List<UpdaterBlock.ParamState> trainable(List<UpdaterBlock> blocks) {
        List<UpdaterBlock.ParamState> out = new ArrayList<>();
        for (UpdaterBlock block : blocks) {
            for (UpdaterBlock.ParamState state : block.getLayersAndVariablesInBlock()) {
                IUpdater updater = state.getLayer().getConfig().getUpdaterByParam(state.getParamName());
                if (!(updater instanceof NoOp) && !frozen(state.getLayer()) && state.getGradView() != null) {
                    out.add(state);
                }
            }
        }
        return out;
    }

    /** @return whether DL4J runs the layer frozen (its configuration still names the optimizer's updater) */
    private static boolean frozen(Trainable trainable) {
        Object layer = trainable instanceof GraphVertex vertex ? vertex.getLayer() : trainable;
        return layer instanceof FrozenLayerWithBackprop || layer instanceof FrozenLayer;
    }

    /** Keras's {@code _clip_gradients}, on the averaged gradients. */
    private void clip(List<UpdaterBlock> blocks) {
        List<UpdaterBlock.ParamState> weights = trainable(blocks);
        if (clipnorm != null) {
            double c = clipnorm;
            for (UpdaterBlock.ParamState state : weights) {
                INDArray g = state.getGradView();
                double norm = g.norm2Number().doubleValue();
                g.muli(c).divi(Math.max(norm, c));
            }
        } else if (globalClipnorm != null) {
            double squares = 0;
            for (UpdaterBlock.ParamState state : weights) {
                double norm = state.getGradView().norm2Number().doubleValue();
                squares += norm * norm;
            }
            double norm = Math.sqrt(squares);
            double scale = globalClipnorm * Math.min(1.0 / norm, 1.0 / globalClipnorm);
            for (UpdaterBlock.ParamState state : weights) {
                state.getGradView().muli(scale);
            }
        } else if (clipvalue != null) {
            for (UpdaterBlock.ParamState state : weights) {
                INDArray g = state.getGradView();
                Transforms.min(g, clipvalue, false);
                Transforms.max(g, -clipvalue, false);
            }
        }
    }

    /** Keras's {@code _apply_weight_decay}: {@code w = w - w * weight_decay * lr}, at this step's rate. */
    private void decay(List<UpdaterBlock> blocks, int iteration, int epoch) {
        if (weightDecay == null || weightDecay == 0) {
            return;
        }
        for (UpdaterBlock.ParamState state : trainable(blocks)) {
            double lr = state.getLayer().getConfig().getUpdaterByParam(state.getParamName())
                    .getLearningRate(iteration, epoch);
            INDArray w = state.getParamView();
            w.subi(w.mul(weightDecay).muli(lr));
        }
    }

    /** A MultiLayerNetwork's updater that clips and decays as Keras does. */
    private static final class Chain extends MultiLayerUpdater {
        private static final long serialVersionUID = 1L;
        private final transient KerasGradients rules;

        Chain(MultiLayerNetwork network, INDArray state, KerasGradients rules) {
            super(network, state);
            this.rules = rules;
        }

        @Override
        protected void divideByMinibatch(boolean isExternal, Gradient gradient, int batchSize) {
            super.divideByMinibatch(isExternal, gradient, batchSize);
            rules.clip(getUpdaterBlocks());
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                        LayerWorkspaceMgr workspaceMgr) {
            // DL4J subtracts the updates after this returns; the decay, of the weights before the step,
            // is Keras's w - w * wd * lr. After the updaters, so DL4J's L2 terms still see the weights as they were.
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            rules.decay(getUpdaterBlocks(), iteration, epoch);
        }
    }

    /** A ComputationGraph's updater that clips and decays as Keras does. */
    private static final class Graph extends ComputationGraphUpdater {
        private static final long serialVersionUID = 1L;
        private final transient KerasGradients rules;

        Graph(ComputationGraph graph, INDArray state, KerasGradients rules) {
            super(graph, state);
            this.rules = rules;
        }

        @Override
        protected void divideByMinibatch(boolean isExternal, Gradient gradient, int batchSize) {
            super.divideByMinibatch(isExternal, gradient, batchSize);
            rules.clip(getUpdaterBlocks());
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                        LayerWorkspaceMgr workspaceMgr) {
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            rules.decay(getUpdaterBlocks(), iteration, epoch);
        }
    }
}

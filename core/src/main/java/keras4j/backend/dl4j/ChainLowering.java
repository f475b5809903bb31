package keras4j.backend.dl4j;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.internal.LayerConfs;
import keras4j.internal.Shapes;
import keras4j.internal.TrackedLoss;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.Permute;
import keras4j.layers.RepeatVector;
import keras4j.layers.Reshape;
import keras4j.losses.Loss;

/**
 * Lowers a Sequential model's chain of layers, loss and optimizer to a DL4J
 * {@link MultiLayerConfiguration}. Images stay channels-last (DL4J's NHWC format), so x goes in
 * as the user gives it and Flatten keeps Keras's element order; the last layer and the loss become
 * DL4J's output layer. Without a loss (a model built but not compiled) the last layer is a plain
 * layer: the network predicts, and {@code compile} lowers it again with the loss.
 *
 * <pre>{@code
 * ChainLowering.Plan plan = ChainLowering.plan(layers, shapes, loss, updater, seed, DataType.FLOAT, true);
 * MultiLayerNetwork net = new MultiLayerNetwork(plan.configuration());
 * }</pre>
 */
public final class ChainLowering {
    /** DL4J's cache of forward results for backprop; {@code -Dkeras4j.cacheMode=NONE} turns it off. */
    static final CacheMode CACHE_MODE = CacheMode.valueOf(System.getProperty("keras4j.cacheMode", "DEVICE"));

    private ChainLowering() {
    }

    /**
     * The result of lowering.
     *
     * @param configuration   the DL4J network configuration
     * @param dl4jIndex       for each Keras layer (Input included), the DL4J layer holding it, or -1
     * @param flattenInput    whether x must be reshaped to one vector per sample before DL4J sees it
     * @param loss            the output layer's loss, or null without one
     */
    public record Plan(MultiLayerConfiguration configuration, int[] dl4jIndex, boolean flattenInput,
                       ILossFunction loss) {
    }

    /**
     * A Sequential model's chain as lowering takes it.
     *
     * @param layers the layers, Input first
     * @param shapes each layer's input shape (the Input's own shape for the Input)
     */
    public record Chain(List<Layer> layers, List<int[]> shapes) {
        /** @param graph a chain graph @return its layers and their input shapes */
        public static Chain of(LayerGraph graph) {
            List<Layer> layers = new java.util.ArrayList<>();
            List<int[]> shapes = new java.util.ArrayList<>();
            for (Node node : graph.getNodes()) {
                layers.add(node.getLayer());
                shapes.add(node.isInput() ? node.getOutput().getShape() : node.getInputs().get(0).getShape());
            }
            return new Chain(layers, shapes);
        }
    }

    /**
     * @param inputShape a model input's shape
     * @return whether an input of this shape goes to DL4J as one vector per sample (ranks other than 1 and 3)
     */
    public static boolean flattens(int[] inputShape) {
        return inputShape.length != 1 && inputShape.length != 3;
    }

    /** @return DL4J's type of a model input of this shape */
    static InputType inputType(int[] inputShape) {
        return inputShape.length == 3
                ? InputType.convolutional(inputShape[0], inputShape[1], inputShape[2], CNN2DFormat.NHWC)
                : InputType.feedForward(Shapes.size(inputShape));
    }

    /**
     * @param layers     the model's layers, Input first
     * @param shapes     each layer's input shape (index-aligned with {@code layers})
     * @param loss       the compiled loss, or null for a network that only predicts
     * @param updater    the DL4J updater
     * @param seed       the seed of initial weights and dropout
     * @param dataType   FLOAT for training, DOUBLE for gradient checks
     * @param trackLoss  whether to wrap the loss in a {@link TrackedLoss}
     * @return the plan
     */
    public static Plan plan(List<Layer> layers, List<int[]> shapes, Loss loss, IUpdater updater, long seed,
                            DataType dataType, boolean trackLoss) {
        int[] inputShape = ((Input) layers.get(0)).getShape();
        Layer last = layers.get(layers.size() - 1);
        int[] outputShape = last.computeOutputShape(shapes.get(shapes.size() - 1));
        ILossFunction lossFunction = null;
        if (loss != null) {
            LayerLowering.checkLossFitsOutput(loss, last.getName(), outputShape, LayerLowering.outputActivation(last));
            lossFunction = LossLowering.of(loss, outputShape[0]);
            if (trackLoss) {
                lossFunction = new TrackedLoss(lossFunction);
            }
        }

        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                // Convolutions keep their forward im2col and output for backprop instead of recomputing them.
                .cacheMode(CACHE_MODE)
                .list();
        int[] dl4jIndex = new int[layers.size()];
        dl4jIndex[0] = -1;
        InputPreProcessor pendingFlatten = null;   // the shape layers' before the next DL4J layer
        boolean masked = false;                    // whether the layer's input carries Keras's mask
        boolean pendingMoves = false;
        int next = 0;
        for (int i = 1; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int[] in = shapes.get(i);
            boolean isLast = i == layers.size() - 1;
            dl4jIndex[i] = -1;
            if (layer instanceof Flatten && in.length == 3 || layer instanceof Reshape || layer instanceof Permute
                    || layer instanceof RepeatVector || LayerLowering.resamples(layer)) {
                pendingFlatten = LayerLowering.then(pendingFlatten, LayerLowering.reshape(layer, in));
                // Only Permute, RepeatVector and a bilinear UpSampling2D change values: after the others DL4J's
                // output is the model's, reshaped.
                pendingMoves |= layer instanceof Permute || layer instanceof RepeatVector
                        || LayerLowering.resamples(layer);
            }
            if (LayerLowering.onSequence(layer)) {
                pendingFlatten = LayerLowering.then(pendingFlatten, LayerLowering.rowImageIn(layer, in));
            }
            org.deeplearning4j.nn.conf.layers.Layer lowered = isLast && lossFunction != null
                    ? LayerLowering.output(layer, lossFunction) : null;
            boolean scoresItself = lowered != null;
            if (lowered == null) {
                lowered = LayerLowering.hidden(layer, in, masked);
            }
            if (lowered != null) {
                lowered.setLayerName(layer.getName());
                list.layer(next, lowered);
                pendingFlatten = LayerLowering.then(pendingFlatten, LayerLowering.sequenceIn(layer, in));
                if (pendingFlatten != null) {
                    list.inputPreProcessor(next, pendingFlatten);
                    pendingFlatten = null;
                    pendingMoves = false;
                }
                dl4jIndex[i] = next++;
                if (LayerLowering.onSequence(layer)) {
                    pendingFlatten = LayerLowering.rowImageOut(layer, in);   // back to a sequence's DL4J form
                } else {
                    // A recurrent layer returning sequences gives DL4J's NCW form: back to a vector before what follows.
                    pendingFlatten = LayerLowering.sequenceOut(layer, in);
                    pendingMoves = pendingFlatten != null;
                }
            }
            masked = LayerLowering.masks(layer, masked);
            if (isLast && lossFunction != null && !scoresItself) {
                // The last Keras layer has no DL4J output form: the loss gets a layer of its own.
                list.layer(next, LayerLowering.lossLayer(lossFunction));
                if (pendingFlatten != null) {
                    list.inputPreProcessor(next, pendingFlatten);
                    pendingFlatten = null;
                    pendingMoves = false;
                }
                next++;
            }
        }
        if (next == 0 || pendingFlatten != null && pendingMoves) {
            // A model of only shape layers, or ending in a Permute or RepeatVector: an identity layer computes it.
            list.layer(next, LayerLowering.identity());
            if (pendingFlatten != null) {
                list.inputPreProcessor(next, pendingFlatten);
            }
        }
        list.setInputType(inputType(inputShape));
        return new Plan(list.build(), dl4jIndex, flattens(inputShape), lossFunction);
    }

    /**
     * A network read from a model file, in the form this version of keras4j builds: a file written
     * before a layer got a keras4j instantiation of its own (such as {@link keras4j.internal.NativeConv2D}
     * or {@link keras4j.internal.OutOfPlaceActivation}) holds DL4J's own layer configuration; it is
     * swapped for keras4j's, keeping every field (updater, learning rate, iteration count), the
     * weights and the optimizer state.
     *
     * @param plan  what this version lowers the model's architecture to
     * @param saved the network as read
     * @return {@code saved} if its layers are the plan's; else the upgraded network; null if the
     *         layers differ in more than keras4j's instantiations
     */
    public static MultiLayerNetwork upgrade(Plan plan, MultiLayerNetwork saved) {
        MultiLayerConfiguration conf = saved.getLayerWiseConfigurations();
        List<NeuralNetConfiguration> planned = plan.configuration().getConfs();
        if (planned.size() != conf.getConfs().size()) {
            return null;
        }
        boolean same = true;
        for (int i = 0; i < planned.size(); i++) {
            Boolean swap = swaps(planned.get(i), conf.getConf(i));
            if (swap == null) {
                return null;
            }
            same &= !swap;
        }
        if (same) {
            return saved;
        }
        MultiLayerConfiguration upgradedConf = conf.clone();
        for (int i = 0; i < planned.size(); i++) {
            swap(planned.get(i), upgradedConf.getConf(i));
        }
        MultiLayerNetwork upgraded = new MultiLayerNetwork(upgradedConf);
        upgraded.init(saved.params(), true);
        if (saved.getUpdater(false) != null && saved.getUpdater().getStateViewArray() != null) {
            upgraded.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        }
        return upgraded;
    }

    /**
     * @return false when a saved layer is the planned one's class, true when it is the DL4J class
     *         the planned keras4j class extends (to be swapped), null when it is another
     */
    static Boolean swaps(NeuralNetConfiguration planned, NeuralNetConfiguration saved) {
        Class<?> want = planned.getLayer().getClass();
        Class<?> have = saved.getLayer().getClass();
        return want == have ? Boolean.FALSE : want.getSuperclass() == have ? Boolean.TRUE : null;
    }

    /** Makes a saved layer configuration (a copy) an instance of the planned one's class, keeping its fields. */
    static void swap(NeuralNetConfiguration planned, NeuralNetConfiguration saved) {
        saved.setLayer(LayerConfs.as(saved.getLayer(), planned.getLayer().getClass()));
    }
}

package keras4j.internal;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import keras4j.Keras4jException;
import keras4j.initializers.Initializer;
import keras4j.layers.Activation;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Flatten;
import keras4j.layers.GlobalAveragePooling2D;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.MaxPooling2D;
import keras4j.layers.Pooling2D;
import keras4j.losses.Loss;
import keras4j.regularizers.Regularizer;

/**
 * Compiles a Keras-level layer list, loss and optimizer into a DL4J
 * {@link MultiLayerConfiguration}. Images stay channels-last (DL4J's NHWC format), so x goes in
 * as the user gives it and Flatten keeps Keras's element order; the last layer and the loss become
 * DL4J's output layer.
 *
 * <pre>{@code
 * Lowering.Plan plan = Lowering.plan(layers, shapes, loss, optimizer.toDl4j(), seed, DataType.FLOAT, true);
 * MultiLayerNetwork net = new MultiLayerNetwork(plan.configuration());
 * }</pre>
 */
public final class Lowering {
    /** DL4J's cache of forward results for backprop; {@code -Dkeras4j.cacheMode=NONE} turns it off. */
    static final CacheMode CACHE_MODE = CacheMode.valueOf(System.getProperty("keras4j.cacheMode", "DEVICE"));

    private Lowering() {
    }

    /**
     * The result of lowering.
     *
     * @param configuration   the DL4J network configuration
     * @param dl4jIndex       for each Keras layer (Input included), the DL4J layer holding it, or -1
     * @param flattenInput    whether x must be reshaped to one vector per sample before DL4J sees it
     * @param outputActivation the Keras name of the model's output activation
     * @param loss            the output layer's loss
     */
    public record Plan(MultiLayerConfiguration configuration, int[] dl4jIndex, boolean flattenInput,
                       String outputActivation, ILossFunction loss) {
    }

    /**
     * @param layers     the model's layers, Input first
     * @param shapes     each layer's input shape (index-aligned with {@code layers})
     * @param loss       the compiled loss
     * @param updater    the DL4J updater
     * @param seed       the seed of initial weights and dropout
     * @param dataType   FLOAT for training, DOUBLE for gradient checks
     * @param trackLoss  whether to wrap the loss in a {@link TrackedLoss}
     * @return the plan
     */
    public static Plan plan(List<Layer> layers, List<int[]> shapes, Loss loss, IUpdater updater, long seed,
                            DataType dataType, boolean trackLoss) {
        int[] inputShape = ((Input) layers.get(0)).getShape();
        boolean flattenInput = inputShape.length != 1 && inputShape.length != 3;
        InputType inputType = inputShape.length == 3
                ? InputType.convolutional(inputShape[0], inputShape[1], inputShape[2], CNN2DFormat.NHWC)
                : InputType.feedForward(Shapes.size(inputShape));

        Layer last = layers.get(layers.size() - 1);
        int[] outputShape = last.computeOutputShape(shapes.get(shapes.size() - 1));
        String outputActivation = outputActivation(last);
        checkLossFitsOutput(loss, last, outputShape, outputActivation);
        ILossFunction lossFunction = loss.toDl4j(outputShape[0]);
        if (trackLoss) {
            lossFunction = new TrackedLoss(lossFunction);
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
        CnnToFeedForwardPreProcessor pendingFlatten = null;
        int next = 0;
        for (int i = 1; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int[] in = shapes.get(i);
            boolean isLast = i == layers.size() - 1;
            org.deeplearning4j.nn.conf.layers.Layer lowered;
            if (layer instanceof Flatten) {
                dl4jIndex[i] = -1;
                if (in.length == 3) {
                    pendingFlatten = new CnnToFeedForwardPreProcessor(in[0], in[1], in[2], CNN2DFormat.NHWC);
                }
                if (!isLast) {
                    continue;
                }
                lowered = new LossLayer.Builder(lossFunction).activation(Activations.toDl4j("linear")).build();
            } else if (isLast && layer instanceof Dense dense) {
                lowered = configure(new OutputLayer.Builder(lossFunction).nOut(dense.getUnits()).hasBias(dense.isUseBias()),
                        dense.getActivation(), dense.getKernelInitializer(), dense.getKernelRegularizer()).build();
            } else if (isLast && layer instanceof Activation activation) {
                lowered = new LossLayer.Builder(lossFunction).activation(Activations.toDl4j(activation.getActivation()))
                        .build();
            } else {
                lowered = lower(layer);
            }
            lowered.setLayerName(layer.getName());
            list.layer(next, lowered);
            if (pendingFlatten != null) {
                list.inputPreProcessor(next, pendingFlatten);
                pendingFlatten = null;
            }
            dl4jIndex[i] = (layer instanceof Flatten) ? -1 : next;
            next++;
            if (isLast && !(layer instanceof Dense) && !(layer instanceof Activation) && !(layer instanceof Flatten)) {
                // The last Keras layer has no DL4J output form: the loss gets a layer of its own.
                list.layer(next++, new LossLayer.Builder(lossFunction).activation(Activations.toDl4j("linear")).build());
            }
        }
        list.setInputType(inputType);
        return new Plan(list.build(), dl4jIndex, flattenInput, outputActivation, lossFunction);
    }

    /**
     * A network read from a model file, in the form this version of keras4j builds: a file written
     * before a layer got a faster keras4j instantiation (such as {@link NativeConv2D}) holds DL4J's
     * own layer configuration; it is swapped for keras4j's, keeping every field (updater, learning
     * rate, iteration count), the weights and the optimizer state.
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
            Class<?> want = planned.get(i).getLayer().getClass();
            Class<?> have = conf.getConf(i).getLayer().getClass();
            if (want != have && want.getSuperclass() != have) {
                return null;
            }
            same &= want == have;
        }
        if (same) {
            return saved;
        }
        MultiLayerConfiguration upgradedConf = conf.clone();
        for (int i = 0; i < planned.size(); i++) {
            NeuralNetConfiguration layerConf = upgradedConf.getConf(i);
            layerConf.setLayer(LayerConfs.as(layerConf.getLayer(), planned.get(i).getLayer().getClass()));
        }
        MultiLayerNetwork upgraded = new MultiLayerNetwork(upgradedConf);
        upgraded.init(saved.params(), true);
        if (saved.getUpdater(false) != null && saved.getUpdater().getStateViewArray() != null) {
            upgraded.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        }
        return upgraded;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer lower(Layer layer) {
        if (layer instanceof Dense dense) {
            return FastDense.of(configure(new DenseLayer.Builder().nOut(dense.getUnits()).hasBias(dense.isUseBias()),
                    dense.getActivation(), dense.getKernelInitializer(), dense.getKernelRegularizer()).build());
        }
        if (layer instanceof Conv2D conv) {
            int[] k = conv.getKernelSize();
            int[] s = conv.getStrides();
            return NativeConv2D.of(configure(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1])
                            .nOut(conv.getFilters()).dataFormat(CNN2DFormat.NHWC)
                            .convolutionMode(mode(conv.getPadding())).hasBias(conv.isUseBias()),
                    conv.getActivation(), conv.getKernelInitializer(), conv.getKernelRegularizer()).build());
        }
        if (layer instanceof Pooling2D pool) {
            int[] k = pool.getPoolSize();
            int[] s = pool.getStrides();
            PoolingType type = pool instanceof MaxPooling2D ? PoolingType.MAX : PoolingType.AVG;
            return new SubsamplingLayer.Builder(type).kernelSize(k[0], k[1]).stride(s[0], s[1])
                    .convolutionMode(mode(pool.getPadding())).dataFormat(CNN2DFormat.NHWC)
                    .avgPoolIncludePadInDivisor(!(pool instanceof AveragePooling2D)).build();
        }
        if (layer instanceof GlobalAveragePooling2D) {
            return new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(true).build();
        }
        if (layer instanceof Dropout dropout) {
            // DL4J's argument is the probability of keeping an activation.
            return new DropoutLayer.Builder(1.0 - dropout.getRate()).build();
        }
        if (layer instanceof BatchNormalization bn) {
            return new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().decay(bn.getMomentum())
                    .eps(bn.getEpsilon()).useLogStd(false).dataFormat(CNN2DFormat.NHWC).build();
        }
        if (layer instanceof Activation activation) {
            return new ActivationLayer.Builder().activation(Activations.toDl4j(activation.getActivation())).build();
        }
        throw new IllegalStateException("no DL4J form for " + layer);
    }

    private static <T extends BaseLayer.Builder<T>> T configure(T builder, String activation, Initializer init,
                                                                Regularizer regularizer) {
        builder.activation(Activations.toDl4j(activation)).weightInit(weightInit(init));
        if (regularizer != null) {
            builder.l1(regularizer.getL1());
            // DL4J's L2 term is 0.5 * c * sum(w^2); Keras's is l2 * sum(w^2).
            builder.l2(2 * regularizer.getL2());
        }
        return builder;
    }

    private static ConvolutionMode mode(String padding) {
        return padding.equals("same") ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    /** @return DL4J's form of a Keras initializer */
    static IWeightInit weightInit(Initializer init) {
        switch (init.getName()) {
            case "glorot_uniform": return WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
            case "glorot_normal": return WeightInit.XAVIER.getWeightInitFunction();
            case "he_normal": return WeightInit.RELU.getWeightInitFunction();
            case "he_uniform": return WeightInit.RELU_UNIFORM.getWeightInitFunction();
            case "zeros": return WeightInit.ZERO.getWeightInitFunction();
            case "ones": return WeightInit.ONES.getWeightInitFunction();
            default: return new WeightInitDistribution(new NormalDistribution(init.getMean(), init.getStddev()));
        }
    }

    private static String outputActivation(Layer last) {
        if (last instanceof Dense dense) {
            return dense.getActivation();
        }
        if (last instanceof Activation activation) {
            return activation.getActivation();
        }
        if (last instanceof Conv2D conv) {
            return conv.getActivation();
        }
        return "linear";
    }

    /** Refuses a loss that can't be computed from the model's output, explaining the coherent pairs. */
    private static void checkLossFitsOutput(Loss loss, Layer last, int[] outputShape, String activation) {
        String where = "The model's output layer '" + last.getName() + "'";
        if (outputShape.length != 1) {
            throw new Keras4jException(where + " produces shape " + Shapes.withBatch(outputShape) + ", but the loss '"
                    + loss.getName() + "' needs a vector per sample. End the model with Flatten() (or "
                    + "GlobalAveragePooling2D()) and a Dense layer.");
        }
        int units = outputShape[0];
        String name = loss.getName();
        if (name.endsWith("categorical_crossentropy")) {
            if (!activation.equals("softmax")) {
                throw new Keras4jException(where + " has activation '" + activation + "', but " + name + " expects "
                        + "class probabilities that sum to 1. Use activation 'softmax' on the last layer"
                        + (activation.equals("sigmoid") ? ", or binary_crossentropy for independent yes/no outputs."
                        : " (keras4j does not support from_logits=True)."));
            }
            if (units < 2) {
                throw new Keras4jException(where + " has 1 unit with softmax, which always outputs 1.0, so " + name
                        + " can't learn anything. For two classes use Dense(1, \"sigmoid\") with binary_crossentropy,"
                        + " or Dense(2, \"softmax\") with " + name + ".");
            }
        } else if (name.equals("binary_crossentropy") && !activation.equals("sigmoid")) {
            throw new Keras4jException(where + " has activation '" + activation + "', but binary_crossentropy expects "
                    + "probabilities in [0, 1] per output. Use activation 'sigmoid' on the last layer"
                    + (activation.equals("softmax") ? " (or categorical_crossentropy with softmax for one class per "
                    + "sample)." : "."));
        }
    }
}

package keras4j.backend.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import keras4j.Keras4jException;
import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.internal.Activations;
import keras4j.internal.ActivityRegularization;
import keras4j.internal.ChannelDropout;
import keras4j.internal.RandomImageTransform;
import keras4j.internal.AxisSoftmax;
import keras4j.internal.KerasConstraint;
import keras4j.internal.KerasLayerNorm;
import keras4j.internal.KerasNormalization;
import keras4j.internal.KerasResize;
import keras4j.internal.KerasReLU;
import keras4j.internal.KerasWeightInit;
import keras4j.internal.BilinearUpSampling;
import keras4j.internal.CausalPadding;
import keras4j.internal.ContiguousCropping2D;
import keras4j.internal.FastDense;
import keras4j.internal.IdEmbedding;
import keras4j.internal.KerasBidirectional;
import keras4j.internal.KerasGRU;
import keras4j.internal.KerasLSTM;
import keras4j.internal.KerasSimpleRNN;
import keras4j.internal.MaskZeroEmbedding;
import keras4j.internal.StepMasking;
import keras4j.internal.StepSlice;
import keras4j.internal.FrozenBatchNormalization;
import keras4j.internal.NativeConv2D;
import keras4j.internal.OrderedDepthwiseConv2D;
import keras4j.internal.OrderedSeparableConv2D;
import keras4j.internal.OutOfPlaceActivation;
import keras4j.internal.OutOfPlaceDropout;
import keras4j.internal.OutOfPlacePReLU;
import keras4j.internal.Rescale;
import keras4j.internal.SampleRepeat;
import keras4j.internal.SampleReshape;
import keras4j.internal.SampleSequence;
import keras4j.internal.Shapes;
import keras4j.layers.Activation;
import keras4j.layers.AffineAugmentation;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BaseConv2D;
import keras4j.layers.Bidirectional;
import keras4j.layers.BatchNormalization;
import keras4j.layers.CenterCrop;
import keras4j.layers.Conv1D;
import keras4j.layers.Cropping1D;
import keras4j.layers.Cropping2D;
import keras4j.layers.Conv2D;
import keras4j.layers.Conv2DTranspose;
import keras4j.layers.DepthwiseConv2D;
import keras4j.layers.SeparableConv2D;
import keras4j.layers.SimpleRNN;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.ELU;
import keras4j.layers.GaussianDropout;
import keras4j.layers.GaussianNoise;
import keras4j.layers.RandomContrast;
import keras4j.layers.RandomFlip;
import keras4j.layers.RandomLayer;
import keras4j.layers.RandomRotation;
import keras4j.layers.RandomZoom;
import keras4j.layers.SpatialDropout1D;
import keras4j.layers.SpatialDropout2D;
import keras4j.layers.Embedding;
import keras4j.layers.GlobalAveragePooling1D;
import keras4j.layers.GlobalAveragePooling2D;
import keras4j.layers.GlobalMaxPooling1D;
import keras4j.layers.GlobalMaxPooling2D;
import keras4j.layers.GRU;
import keras4j.layers.Layer;
import keras4j.layers.LayerNormalization;
import keras4j.layers.LeakyReLU;
import keras4j.layers.Masking;
import keras4j.layers.MaxPooling1D;
import keras4j.layers.MaxPooling2D;
import keras4j.layers.Normalization;
import keras4j.layers.PReLU;
import keras4j.layers.Permute;
import keras4j.layers.Pooling1D;
import keras4j.layers.Pooling2D;
import keras4j.layers.ReLU;
import keras4j.layers.Rescaling;
import keras4j.layers.Resizing;
import keras4j.layers.LSTM;
import keras4j.layers.Recurrent;
import keras4j.layers.RepeatVector;
import keras4j.layers.Softmax;
import keras4j.layers.TimeDistributed;
import keras4j.layers.UpSampling1D;
import keras4j.layers.UpSampling2D;
import keras4j.layers.ZeroPadding1D;
import keras4j.layers.ZeroPadding2D;
import keras4j.losses.Loss;
import keras4j.regularizers.Regularizer;

/**
 * Each keras4j layer family's DL4J form, in one place: the DL4J layer configuration (hidden, and
 * as a model's output with its loss) and the layout of its weights, Keras's against DL4J's
 * (Conv2D kernels are [kh, kw, in, out] in Keras, [out, in, kh, kw] in DL4J). Images stay
 * channels-last (NHWC) all the way. A frozen layer ({@code trainable(false)}) runs DL4J's own
 * implementation wrapped in DL4J's {@code FrozenLayerWithBackprop} (no updates, no regularization,
 * inference mode); a frozen BatchNormalization is keras4j's {@link FrozenBatchNormalization}.
 * Activation and Dropout layers are keras4j's {@link OutOfPlaceActivation} and
 * {@link OutOfPlaceDropout}, which never change their input nor pass the caller's arrays on as
 * their output; so are the activation layers (ReLU, LeakyReLU, ELU, Softmax: an activation layer
 * with DL4J's function where it computes Keras's formula exactly, else keras4j's {@link KerasReLU}
 * or {@link AxisSoftmax}) and PReLU ({@link OutOfPlacePReLU}, DL4J's PReLU layer).
 *
 * <pre>{@code
 * org.deeplearning4j.nn.conf.layers.Layer dl4j = LayerLowering.hidden(new Dense(64, "relu"), new int[] {784});
 * }</pre>
 */
final class LayerLowering {
    private static final List<String> DENSE_KEYS = List.of("W", "b");
    private static final List<String> BN_KEYS = List.of("gamma", "beta", "mean", "var");
    private static final List<String> NORMALIZATION_KEYS = List.of("mean", "var", "count");
    private static final List<String> RNN_KEYS = List.of("W", "RW", "b");
    /** A SeparableConv2D's depthwise kernel, pointwise kernel and bias. */
    private static final List<String> SEPARABLE_KEYS = List.of("W", "pW", "b");
    /** For each of Keras's LSTM gates (i, f, c, o), its block in DL4J's order (c, f, o, i). */
    private static final int[] LSTM_GATES = {3, 1, 0, 2};

    private LayerLowering() {
    }

    /**
     * @param layer      a keras4j layer
     * @param inputShape the shape of its input (no batch axis)
     * @return the DL4J layer computing it inside a network (null for Flatten and merges)
     */
    static org.deeplearning4j.nn.conf.layers.Layer hidden(Layer layer, int[] inputShape) {
        return hidden(layer, inputShape, false);
    }

    /**
     * @param masked whether the layer's input carries Keras's mask ({@link #masks}): a recurrent
     *               layer then skips the masked steps, which come as steps of zeros (DL4J's
     *               {@code MaskZeroLayer} finds them; a layer returning its last output returns the
     *               last unmasked step's)
     * @see #hidden(Layer, int[])
     */
    static org.deeplearning4j.nn.conf.layers.Layer hidden(Layer layer, int[] inputShape, boolean masked) {
        return hidden(layer, inputShape, masked, false);
    }

    /**
     * @param initialState whether a recurrent layer gets the states to start from (Keras's
     *                     initial_state) after its sequence's features, repeated at every step
     *                     (GraphLowering's merge): LSTM's and GRU's DL4J layers then read them
     * @see #hidden(Layer, int[], boolean)
     */
    static org.deeplearning4j.nn.conf.layers.Layer hidden(Layer layer, int[] inputShape, boolean masked,
                                                          boolean initialState) {
        // Normalization's statistics are never trained: its DL4J layer is frozen (the gradient passes to its input).
        boolean frozen = (!layer.isTrainable() || layer instanceof Normalization) && hasWeights(layer);
        // A frozen layer runs DL4J's own implementation: keras4j's faster ones assume training mode.
        if (initialState && (masked || ((Recurrent) layer).getDropout() > 0)) {
            throw new Keras4jException("Layer '" + layer.getName() + "' (" + layer.getClassName() + ") gets an "
                    + "initial_state " + (masked ? "and a masked sequence" : "and has dropout") + "; keras4j can't do "
                    + "both yet. " + (masked ? "Remove the mask" : "Use dropout=0 (or a Dropout layer before it)")
                    + ", or start from zero states.");
        }
        org.deeplearning4j.nn.conf.layers.Layer dl4j = initialState
                ? lastUnlessSequences(sequences((Recurrent) layer, inputShape, false, true), (Recurrent) layer)
                : masked && layer instanceof Recurrent rnn
                ? masked(sequences(rnn, inputShape, true, false), rnn.isReturnSequences() || rnn.isReturnState())
                : masked && layer instanceof Bidirectional bi
                ? new MaskZeroLayer(bidirectional(bi, inputShape, true), 0.0)
                : plain(layer, inputShape, !frozen);
        if (!frozen) {
            return dl4j;
        }
        if (dl4j instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn) {
            // DL4J's own layer backpropagates only in training mode (through the batch's statistics).
            return FrozenBatchNormalization.of(bn);
        }
        return new FrozenLayerWithBackprop(dl4j);
    }

    /**
     * @param layer the layer producing a model output
     * @param loss  the output's loss
     * @return the layer as DL4J's output layer, computing the loss itself, or null when it has no such
     *         form (then a loss layer follows it)
     */
    static org.deeplearning4j.nn.conf.layers.Layer output(Layer layer, ILossFunction loss) {
        // An activity regularizer's gradient needs the loss's from above (DL4J's MSE rescales its activation's).
        if (layer.isTrainable() && layer instanceof Dense dense && dense.getActivityRegularizer() == null) {
            return configure(new OutputLayer.Builder(loss).nOut(dense.getUnits()).hasBias(dense.isUseBias()),
                    dense.getActivation(), weightInit(dense.getKernelInitializer()), kernel(dense)).build();
        }
        if (layer instanceof Activation activation) {
            return new LossLayer.Builder(loss).activation(Activations.toDl4j(activation.getActivation())).build();
        }
        if (layer instanceof Softmax) {
            return new LossLayer.Builder(loss).activation(Activations.toDl4j("softmax")).build();
        }
        return null;
    }

    /**
     * @param layer      a layer active only in training
     * @param inputShape its input shape
     * @return what DL4J's dropout layer applies while training: DL4J's Gaussian noises (out of
     *         place), keras4j's {@link ChannelDropout} (channels-last, where DL4J's spatial dropout
     *         is channels-first) and {@link RandomImageTransform} (the image augmentations)
     */
    private static IDropout noise(RandomLayer layer, int[] inputShape) {
        if (layer instanceof RandomFlip flip) {
            return RandomImageTransform.flip(flip.isHorizontal(), flip.isVertical());
        }
        if (layer instanceof AffineAugmentation affine) {
            String kind = affine instanceof RandomRotation ? "rotation" : affine instanceof RandomZoom ? "zoom"
                    : "translation";
            return RandomImageTransform.affine(kind, affine.factors(), affine.getFillMode(), affine.getInterpolation(),
                    affine.getFillValue());
        }
        if (layer instanceof RandomContrast contrast) {
            double[] f = contrast.getFactor();
            double[] range = contrast.getValueRange();
            return RandomImageTransform.contrast(f[0], f[1], range[0], range[1]);
        }
        if (layer instanceof GaussianNoise noise) {
            return new org.deeplearning4j.nn.conf.dropout.GaussianNoise(noise.getStddev());
        }
        if (layer instanceof GaussianDropout dropout) {
            return new org.deeplearning4j.nn.conf.dropout.GaussianDropout(dropout.getRate());
        }
        double rate = ((keras4j.layers.SpatialDropout) layer).getRate();
        return new ChannelDropout(rate, inputShape[inputShape.length - 1]);
    }

    /** @return a layer passing its input on (a copy): the DL4J network of a model with no DL4J layer of its own */
    static org.deeplearning4j.nn.conf.layers.Layer identity() {
        return OutOfPlaceActivation.of(new ActivationLayer.Builder().activation(Activations.toDl4j("linear")).build());
    }

    /** @return a loss layer that scores its input as it is (after a layer with no output form) */
    static org.deeplearning4j.nn.conf.layers.Layer lossLayer(ILossFunction loss) {
        return new LossLayer.Builder(loss).activation(Activations.toDl4j("linear")).build();
    }

    private static boolean hasWeights(Layer layer) {
        return layer instanceof Dense || layer instanceof BaseConv2D || layer instanceof BatchNormalization
                || layer instanceof PReLU || layer instanceof Recurrent || layer instanceof Embedding
                || layer instanceof Conv1D || layer instanceof LayerNormalization
                || layer instanceof Normalization n && n.getMean() == null
                || layer instanceof Bidirectional || layer instanceof TimeDistributed;
    }

    /**
     * @param inputShape the layer's input shape (no batch axis)
     * @param fast       whether to use keras4j's faster instantiations ({@link FastDense}, {@link NativeConv2D})
     */
    private static org.deeplearning4j.nn.conf.layers.Layer plain(Layer layer, int[] inputShape, boolean fast) {
        if (layer instanceof Dense dense) {
            DenseLayer conf = configure(new DenseLayer.Builder().nOut(dense.getUnits()).hasBias(dense.isUseBias()),
                    dense.getActivation(), weightInit(dense.getKernelInitializer()), kernel(dense)).build();
            return fast ? FastDense.of(conf) : conf;
        }
        if (layer instanceof Conv2D conv) {
            int[] k = conv.getKernelSize();
            int[] s = conv.getStrides();
            int[] d = conv.getDilationRate();
            ConvolutionLayer conf = configure(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1])
                            .dilation(d[0], d[1]).nOut(conv.getFilters()).dataFormat(CNN2DFormat.NHWC)
                            .convolutionMode(mode(conv.getPadding())).hasBias(conv.isUseBias()),
                    conv.getActivation(), convInit(conv), kernel(conv)).build();
            return fast ? NativeConv2D.of(conf) : conf;
        }
        if (layer instanceof Conv2DTranspose || layer instanceof DepthwiseConv2D || layer instanceof SeparableConv2D) {
            return otherConv2D((BaseConv2D<?>) layer);
        }
        if (layer instanceof Conv1D conv) {
            // A sequence (steps, channels) is a one-row image (1, steps, channels): see onSequence.
            ConvolutionLayer conf = configure(new ConvolutionLayer.Builder(1, conv.getKernelSize())
                            .stride(1, conv.getStrides()).dilation(1, conv.getDilationRate())
                            .nOut(conv.getFilters()).dataFormat(CNN2DFormat.NHWC)
                            .convolutionMode(mode(conv.getPadding())).hasBias(conv.isUseBias()),
                    conv.getActivation(), conv1dInit(conv), new Kernel(Initializer.get("zeros"),
                            conv.getKernelRegularizer(), null, null, null, null)).build();
            return fast ? NativeConv2D.of(conf) : conf;
        }
        if (layer instanceof Pooling1D pool) {
            PoolingType type = pool instanceof MaxPooling1D ? PoolingType.MAX : PoolingType.AVG;
            return new SubsamplingLayer.Builder(type).kernelSize(1, pool.getPoolSize()).stride(1, pool.getStrides())
                    .convolutionMode(mode(pool.getPadding())).dataFormat(CNN2DFormat.NHWC)
                    .avgPoolIncludePadInDivisor(pool instanceof MaxPooling1D).build();
        }
        if (layer instanceof GlobalMaxPooling1D || layer instanceof GlobalAveragePooling1D) {
            PoolingType type = layer instanceof GlobalMaxPooling1D ? PoolingType.MAX : PoolingType.AVG;
            return new GlobalPoolingLayer.Builder(type).collapseDimensions(true).build();
        }
        if (layer instanceof UpSampling2D up && !resamples(up)) {
            return new Upsampling2D.Builder().size(up.getSize()).dataFormat(CNN2DFormat.NHWC).build();
        }
        if (layer instanceof UpSampling1D up) {
            return new Upsampling2D.Builder().size(new int[] {1, up.getSize()}).dataFormat(CNN2DFormat.NHWC).build();
        }
        if (layer instanceof ZeroPadding2D pad) {
            return new ZeroPaddingLayer.Builder(pad.getPadding()).dataFormat(CNN2DFormat.NHWC).build();
        }
        if (layer instanceof ZeroPadding1D pad) {
            int[] p = pad.getPadding();
            return new ZeroPaddingLayer.Builder(0, 0, p[0], p[1]).dataFormat(CNN2DFormat.NHWC).build();
        }
        if (layer instanceof Cropping2D crop) {
            return ContiguousCropping2D.of(new org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D.Builder(
                    crop.getCropping()).dataFormat(CNN2DFormat.NHWC).build());
        }
        if (layer instanceof Cropping1D crop) {
            int[] c = crop.getCropping();
            return ContiguousCropping2D.of(new org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D.Builder(
                    0, 0, c[0], c[1]).dataFormat(CNN2DFormat.NHWC).build());
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
            return OutOfPlaceDropout.of(new DropoutLayer.Builder(1.0 - dropout.getRate()).build());
        }
        if (layer instanceof RandomLayer random) {
            return OutOfPlaceDropout.of(new DropoutLayer(noise(random, inputShape)));
        }
        if (layer instanceof BatchNormalization bn) {
            return new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().decay(bn.getMomentum())
                    .eps(bn.getEpsilon()).useLogStd(false).dataFormat(CNN2DFormat.NHWC).build();
        }
        if (layer instanceof GlobalMaxPooling2D) {
            return new GlobalPoolingLayer.Builder(PoolingType.MAX).collapseDimensions(true).build();
        }
        if (layer instanceof PReLU prelu) {
            int[] alpha = prelu.alphaShape(inputShape);
            long size = Shapes.size(alpha);
            // DL4J's parameter initializer sets the shared axes of its input shape to 1 in place: give it alpha's.
            PReLULayer.Builder builder = new PReLULayer.Builder().inputShape(longs(alpha)).nIn(size).nOut(size);
            builder.weightInit(weightInit(prelu.getAlphaInitializer()));
            if (prelu.getSharedAxes() != null) {
                builder.sharedAxes(longs(prelu.getSharedAxes()));
            }
            return OutOfPlacePReLU.of(builder.build());
        }
        if (layer instanceof Recurrent rnn) {
            return recurrent(rnn, inputShape);
        }
        if (layer instanceof Bidirectional bi) {
            return bidirectional(bi, inputShape, false);
        }
        if (layer instanceof TimeDistributed wrapper) {
            // DL4J's own dense layer (FastDense skips the input gradient of a network's first layer)
            Dense dense = wrapper.getLayer();
            DenseLayer conf = configure(new DenseLayer.Builder().nOut(dense.getUnits()).hasBias(dense.isUseBias()),
                    dense.getActivation(), weightInit(dense.getKernelInitializer()), kernel(dense)).build();
            return new org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed(conf, RNNFormat.NCW);
        }
        if (layer instanceof Masking masking) {
            return OutOfPlaceActivation.of(new ActivationLayer.Builder()
                    .activation(new StepMasking(inputShape[1], masking.getMaskValue())).build());
        }
        if (layer instanceof Embedding embedding) {
            // Keras's RandomUniform(-0.05, 0.05); DL4J's NCW output goes back to a vector ({@link #sequenceOut}).
            EmbeddingSequenceLayer conf = new EmbeddingSequenceLayer.Builder().nIn(embedding.getInputDim())
                    .nOut(embedding.getOutputDim()).inputLength(inputShape[0]).hasBias(false)
                    .weightInit(new WeightInitDistribution(new UniformDistribution(-0.05, 0.05))).build();
            return embedding.isMaskZero() ? MaskZeroEmbedding.of(conf) : IdEmbedding.of(conf);
        }
        if (layer instanceof LayerNormalization norm) {
            int[] block = norm.normalizedAxes(inputShape);
            long inner = Shapes.size(java.util.Arrays.copyOfRange(inputShape, block[1], inputShape.length));
            return new KerasLayerNorm(longs(norm.weightShape(inputShape)), Math.toIntExact(inner),
                    norm.getEpsilon(), norm.isCenter(), norm.isScale(), weightInit(norm.getGammaInitializer()),
                    weightInit(norm.getBetaInitializer()));
        }
        if (layer instanceof Resizing resizing) {
            return new KerasResize(resizing.getHeight(), resizing.getWidth(), resizing.window(inputShape),
                    resizing.getInterpolation().equals("nearest"));
        }
        if (layer instanceof CenterCrop crop) {
            int[] cut = crop.cropping(inputShape);
            return cut != null ? new org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D.Builder(cut)
                    .dataFormat(CNN2DFormat.NHWC).build()
                    : new KerasResize(crop.getHeight(), crop.getWidth(), crop.resizedWindow(inputShape), false);
        }
        if (layer instanceof Normalization norm) {
            int[] block = norm.keptAxes(inputShape);
            long inner = block[0] == block[1] ? 1
                    : Shapes.size(java.util.Arrays.copyOfRange(inputShape, block[1], inputShape.length));
            return new KerasNormalization(longs(norm.weightShape(inputShape)), Math.toIntExact(inner),
                    norm.isInvert(), norm.getMean(), norm.getVariance());
        }
        IActivation function = activationLayer(layer, inputShape);
        if (function != null) {
            return OutOfPlaceActivation.of(new ActivationLayer.Builder().activation(function).build());
        }
        return null;
    }

    /**
     * A Conv2DTranspose, DepthwiseConv2D or SeparableConv2D as DL4J's Deconvolution2D,
     * DepthwiseConvolution2D or SeparableConvolution2D, channels-last; the kernels are drawn with
     * Keras's fans ({@link KerasWeightInit}; DL4J's differ for these layers). The depthwise and
     * separable ones are keras4j's {@link OrderedDepthwiseConv2D} and {@link OrderedSeparableConv2D}
     * (DL4J's list their parameters out of their storage order, which misplaces regularization).
     */
    private static org.deeplearning4j.nn.conf.layers.Layer otherConv2D(BaseConv2D<?> conv) {
        int[] k = conv.getKernelSize();
        int[] s = conv.getStrides();
        if (conv instanceof Conv2DTranspose transpose) {
            return finish(new Deconvolution2D.Builder(k, s).nOut(transpose.getFilters())
                    .dataFormat(CNN2DFormat.NHWC), conv);
        }
        if (conv instanceof SeparableConv2D separable) {
            return OrderedSeparableConv2D.of((SeparableConvolution2D) finish(new SeparableConvolution2D.Builder(k, s)
                    .nOut(separable.getFilters()).depthMultiplier(separable.getDepthMultiplier())
                    .dataFormat(CNN2DFormat.NHWC), conv));
        }
        return OrderedDepthwiseConv2D.of((DepthwiseConvolution2D) finish(new DepthwiseConvolution2D.Builder(k, s)
                .depthMultiplier(((DepthwiseConv2D) conv).getDepthMultiplier()).dataFormat(CNN2DFormat.NHWC), conv));
    }

    private static <B extends ConvolutionLayer.BaseConvBuilder<B>> org.deeplearning4j.nn.conf.layers.Layer finish(
            B builder, BaseConv2D<?> conv) {
        int[] d = conv.getDilationRate();
        builder.dilation(d[0], d[1]).convolutionMode(mode(conv.getPadding())).hasBias(conv.isUseBias());
        Initializer init = conv.getKernelInitializer();
        IWeightInit weightInit = init.getName().equals("zeros") || init.getName().equals("ones") ? weightInit(init)
                : conv instanceof DepthwiseConv2D ? KerasWeightInit.inKerasLayout(init) : new KerasWeightInit(init);
        return configure(builder, conv.getActivation(), weightInit, kernel(conv)).build();
    }

    /**
     * A SimpleRNN or LSTM as DL4J's layer of the same formula (DL4J's LSTM applies the activation
     * to the candidate and to the cell state as Keras's does, the gate activation to i, f and o),
     * on DL4J's NCW sequences ({@link #sequenceIn}); DL4J's {@code LastTimeStep} keeps the last
     * step's output unless the layer returns sequences. A GRU is keras4j's {@link KerasGRU}.
     */
    private static org.deeplearning4j.nn.conf.layers.Layer recurrent(Recurrent rnn, int[] inputShape) {
        return lastUnlessSequences(sequences(rnn, inputShape, false, false), rnn);
    }

    /** @return the layer of every step's outputs, in DL4J's LastTimeStep unless the layer returns sequences or states */
    private static org.deeplearning4j.nn.conf.layers.Layer lastUnlessSequences(
            org.deeplearning4j.nn.conf.layers.Layer sequences, Recurrent rnn) {
        return rnn.isReturnSequences() || rnn.isReturnState() ? sequences : new LastTimeStep(sequences);
    }

    /**
     * DL4J's wrapper reads the sequence reversed with a second copy, and reverses its outputs back;
     * its wrapper of a last-step layer can't backpropagate: keras4j's {@link KerasBidirectional}
     * takes the sequences' last outputs.
     */
    private static org.deeplearning4j.nn.conf.layers.Layer bidirectional(Bidirectional bi, int[] inputShape,
                                                                         boolean masked) {
        org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode mode = bi.getMergeMode() == null
                ? org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.CONCAT : switch (bi.getMergeMode()) {
            case "sum" -> org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.ADD;
            case "mul" -> org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.MUL;
            case "ave" -> org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.AVERAGE;
            default -> org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.CONCAT;
        };
        Recurrent rnn = bi.getLayer();
        if (bi.getMergeMode() == null || rnn.isReturnState()) {
            // both directions' every step (and states), concatenated: the outputs are slices ({@link #outputSlices})
            return new org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional(
                    org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.CONCAT,
                    sequences(rnn, inputShape, masked, false));
        }
        return rnn.isReturnSequences() ? new org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional(mode,
                masked ? sequences(rnn, inputShape, true, false) : recurrent(rnn, inputShape))
                : new KerasBidirectional(sequences(rnn, inputShape, masked, false), bi.getMergeMode());
    }

    /** @return a recurrent layer skipping its input's steps of zeros; its last unmasked output unless sequences */
    private static org.deeplearning4j.nn.conf.layers.Layer masked(org.deeplearning4j.nn.conf.layers.Layer sequences,
                                                                  boolean returnSequences) {
        MaskZeroLayer masked = new MaskZeroLayer(sequences, 0.0);
        return returnSequences ? masked : new LastTimeStep(masked);
    }

    /**
     * Keras's mask (of {@link Masking} or {@code Embedding.maskZero}) goes on through Dropout and
     * recurrent layers returning sequences, and ends at one returning its last output; layers that
     * don't support masks in Keras drop it (Flatten, Reshape, RepeatVector, the 1-D convolutions,
     * poolings but the global average, paddings, croppings and up-samplings); keras4j can't carry it
     * through the others, which use it in Keras.
     *
     * @param layer       a layer
     * @param inputMasked whether its input carries a mask
     * @return whether its output carries one
     * @throws Keras4jException for a masked input to a layer that would use the mask in Keras
     */
    static boolean masks(Layer layer, boolean inputMasked) {
        if (layer instanceof Masking || layer instanceof Embedding embedding && embedding.isMaskZero()) {
            return true;
        }
        if (!inputMasked) {
            return false;
        }
        if (layer instanceof Recurrent rnn) {
            return rnn.isReturnSequences();
        }
        if (layer instanceof Bidirectional bi) {
            return bi.getLayer().isReturnSequences();
        }
        if (layer instanceof Dropout) {
            return true;
        }
        if (layer instanceof keras4j.layers.Flatten || layer instanceof keras4j.layers.Reshape
                || layer instanceof RepeatVector || onSequence(layer) && !(layer instanceof GlobalAveragePooling1D)) {
            return false;
        }
        throw new Keras4jException("Layer '" + layer.getName() + "' (" + layer.getClassName() + ") gets a masked "
                + "sequence (from Masking or Embedding(maskZero)), whose mask it would use in Keras; keras4j carries "
                + "masks only into recurrent layers (SimpleRNN, LSTM, GRU, Bidirectional), through Dropout. Put a "
                + "recurrent layer first, or remove the mask.");
    }

    /**
     * @param masked whether the input is masked: an LSTM is then keras4j's {@link KerasLSTM} (DL4J's
     *               restarts from zero states after a masked step, and its gradient through masked
     *               steps is wrong), as it is with returnState (DL4J's doesn't give its cell state)
     * @param initial whether the states to start from follow the features (an LSTM is then keras4j's too,
     *                as with recurrent dropout)
     * @return the DL4J layer of a SimpleRNN, LSTM or GRU, returning every step's output (and with
     *         returnState, LSTM's and GRU's states after every step: {@link #stateSlices})
     */
    private static org.deeplearning4j.nn.conf.layers.Layer sequences(Recurrent rnn, int[] inputShape,
                                                                     boolean masked, boolean initial) {
        // keras4j's own layers; a masked SimpleRNN alone stays DL4J's, as in the files that hold it
        boolean own = masked && !(rnn instanceof SimpleRNN) || rnn.isReturnState() || initial
                || rnn.getRecurrentDropout() > 0;
        BaseRecurrentLayer.Builder<?> builder = own && rnn instanceof LSTM lstm
                ? new KerasLSTM.Builder().gateActivation(Activations.toDl4j(lstm.getRecurrentActivation()))
                        .forgetGateBiasInit(lstm.isUnitForgetBias() ? 1.0 : 0.0).returnState(rnn.isReturnState())
                        .initialState(initial).recurrentDropout(rnn.getRecurrentDropout())
                : rnn instanceof GRU gru
                ? new KerasGRU.Builder().resetAfter(gru.isResetAfter()).useBias(gru.isUseBias())
                        .returnState(rnn.isReturnState()).initialState(initial)
                        .recurrentDropout(rnn.getRecurrentDropout())
                        .gateActivation(Activations.toDl4j(gru.getRecurrentActivation()))
                        .weightInitRecurrent(new KerasWeightInit(gru.getRecurrentInitializer()))
                : rnn instanceof LSTM lstm
                ? new org.deeplearning4j.nn.conf.layers.LSTM.Builder()
                        .gateActivationFunction(Activations.toDl4j(lstm.getRecurrentActivation()))
                        .forgetGateBiasInit(lstm.isUnitForgetBias() ? 1.0 : 0.0)
                : own ? new KerasSimpleRNN.Builder().returnState(rnn.isReturnState()).initialState(initial)
                        .recurrentDropout(rnn.getRecurrentDropout())
                : new SimpleRnn.Builder();
        builder.nIn(inputShape[1]).nOut(rnn.getUnits()).activation(Activations.toDl4j(rnn.getActivation()))
                .weightInit(weightInit(rnn.getKernelInitializer()));
        if (rnn.getDropout() > 0) {
            builder.dropOut(1.0 - rnn.getDropout());   // DL4J's argument is the probability of keeping an input
        }
        return builder.build();
    }

    /**
     * One output of a layer with several, from its DL4J layer's every step.
     *
     * @param name   the output's vertex, after the layer's: {@code state_h}, {@code backward_state_c}
     * @param slices its {@link StepSlice}: one, or a Bidirectional's two directions' to merge
     * @param merge  how two are merged: Keras's merge_mode ("concat", "sum", "mul", "ave"), else null
     */
    record OutputSlices(String name, List<InputPreProcessor> slices, String merge) {
    }

    /** @return whether a layer has several outputs, taken from its DL4J layer by {@link #outputSlices} */
    static boolean slicesOutputs(Layer layer) {
        return layer instanceof Recurrent rnn && rnn.isReturnState()
                || layer instanceof Bidirectional bi && (bi.getMergeMode() == null || bi.getLayer().isReturnState());
    }

    /**
     * The outputs of a recurrent layer with returnState, or of a Bidirectional with several, from
     * its DL4J layer's ({@link #sequences}; a Bidirectional's DL4J wrapper concatenates the forward
     * copy's and the backward one's, in time order): LSTM's and GRU's give their outputs and then
     * their states after every step (SimpleRNN's too, with keras4j's {@link KerasSimpleRNN}). A direction's final state is at its last step: the last for the forward
     * one, the first for the backward one.
     *
     * @param layer a layer for which {@link #slicesOutputs} holds
     * @param in    its input shape (timesteps, features)
     * @return each output's slices, in Keras's order: the output (or the two directions' outputs),
     *         then each final state (the forward layer's, then the backward one's)
     */
    static List<OutputSlices> outputSlices(Layer layer, int[] in) {
        Bidirectional bi = layer instanceof Bidirectional b ? b : null;
        Recurrent rnn = bi != null ? bi.getLayer() : (Recurrent) layer;
        int u = rnn.getUnits();
        int packed = rnn.isReturnState() ? rnn.countStates() : 0;
        int width = (1 + packed) * u;   // one direction's channels
        int channels = (bi != null ? 2 : 1) * width;
        int h = packed > 0 ? u : 0;   // where h stands: the final h is also the last (unmasked) output
        List<String> directions = bi != null ? List.of("", "backward_") : List.of("");
        List<OutputSlices> out = new ArrayList<>();
        List<InputPreProcessor> outputs = new ArrayList<>();
        for (int d = 0; d < directions.size(); d++) {
            int last = d == 0 ? in[0] - 1 : 0;
            outputs.add(rnn.isReturnSequences() ? new StepSlice(channels, in[0], StepSlice.EVERY_STEP, u, d * width)
                    : new StepSlice(channels, in[0], last, u, d * width + h));
        }
        if (bi == null) {
            out.add(new OutputSlices("output", outputs, null));
        } else if (bi.getMergeMode() == null) {
            out.add(new OutputSlices("forward_output", outputs.subList(0, 1), null));
            out.add(new OutputSlices("backward_output", outputs.subList(1, 2), null));
        } else if (bi.getMergeMode().equals("concat") && rnn.isReturnSequences()) {
            // each step's two outputs side by side: one slice of two ranges
            out.add(new OutputSlices("output", List.of(new StepSlice(channels, in[0], StepSlice.EVERY_STEP, u, 0,
                    width)), null));
        } else {
            out.add(new OutputSlices("output", outputs, bi.getMergeMode()));
        }
        for (int d = 0; rnn.isReturnState() && d < directions.size(); d++) {
            int last = d == 0 ? in[0] - 1 : 0;
            String prefix = bi == null ? "" : d == 0 ? "forward_" : "backward_";
            for (int k = 0; k < rnn.countStates(); k++) {
                out.add(new OutputSlices(prefix + (k == 0 ? "state_h" : "state_c"), List.of(new StepSlice(channels,
                        in[0], last, u, d * width + (k == 0 ? h : (1 + k) * u))), null));
            }
        }
        return out;
    }

    /** @return the preprocessor a recurrent layer's input needs (keras4j's vector to DL4J's NCW), else null */
    static InputPreProcessor sequenceIn(Layer layer, int[] in) {
        return layer instanceof Recurrent || layer instanceof Bidirectional || layer instanceof TimeDistributed
                ? new SampleSequence(in[0], in[1], true, layer instanceof Recurrent rnn && rnn.isGoBackwards()) : null;
    }

    /** @return the preprocessor a recurrent layer's or Embedding's sequence output needs (back to a vector), else null */
    static InputPreProcessor sequenceOut(Layer layer, int[] in) {
        if (layer instanceof Embedding embedding) {
            return new SampleSequence(in[0], embedding.getOutputDim(), false);
        }
        if (layer instanceof TimeDistributed wrapper) {
            return new SampleSequence(in[0], wrapper.computeOutputShape(in)[1], false);
        }
        if (layer instanceof Bidirectional bi && bi.getLayer().isReturnSequences() && !slicesOutputs(bi)) {
            return new SampleSequence(in[0], bi.computeOutputShape(in)[1], false);
        }
        return layer instanceof Recurrent rnn && rnn.isReturnSequences() && !rnn.isReturnState()
                ? new SampleSequence(in[0], rnn.getUnits(), false) : null;
    }

    /** @return the function of an activation layer (Activation, ReLU, LeakyReLU, ELU, Softmax, Rescaling), or null */
    private static IActivation activationLayer(Layer layer, int[] inputShape) {
        if (layer instanceof Activation activation) {
            return Activations.toDl4j(activation.getActivation(), inputShape);
        }
        if (layer instanceof ReLU relu) {
            Double max = relu.getMaxValue();
            double slope = relu.getNegativeSlope();
            if (relu.getThreshold() == 0 && slope == 0 && max == null) {
                return new ActivationReLU();
            }
            if (relu.getThreshold() == 0 && slope == 0 && max == 6) {
                return new ActivationReLU6();
            }
            if (relu.getThreshold() == 0 && max == null) {
                return new ActivationLReLU(slope);
            }
            return new KerasReLU(max, slope, relu.getThreshold());
        }
        if (layer instanceof Rescaling rescaling) {
            return new Rescale(rescaling.getScale(), rescaling.getOffset());
        }
        if (layer instanceof LeakyReLU leaky) {
            return new ActivationLReLU(leaky.getNegativeSlope());
        }
        if (layer instanceof ELU elu) {
            return new ActivationELU(elu.getAlpha());
        }
        if (layer instanceof Softmax softmax) {
            int axis = softmax.sampleAxis(inputShape);
            if (axis == inputShape.length - 1) {
                return Activations.toDl4j("softmax", inputShape);
            }
            long inner = Shapes.size(java.util.Arrays.copyOfRange(inputShape, axis + 1, inputShape.length));
            return new AxisSoftmax(inputShape[axis], Math.toIntExact(inner));
        }
        return null;
    }

    /**
     * @param layer a Flatten, Reshape, Permute or RepeatVector
     * @param in    its input shape
     * @return DL4J's preprocessor computing it, or null when DL4J's arrays need no change
     */
    static InputPreProcessor reshape(Layer layer, int[] in) {
        if (resamples(layer)) {
            return new BilinearUpSampling(in, ((UpSampling2D) layer).getSize());
        }
        int[] out = layer.computeOutputShape(in);
        if (layer instanceof RepeatVector repeat) {
            return new SampleRepeat(repeat.getN(), in[0]);
        }
        if (layer instanceof Permute permute) {
            int[] dims = java.util.Arrays.stream(permute.getDims()).map(d -> d - 1).toArray();
            return new SampleReshape(in, dl4jSample(out), dims);
        }
        return reshape(in, out);
    }

    /**
     * @param layer a keras4j layer
     * @return whether it is a bilinear UpSampling2D: a preprocessor ({@link BilinearUpSampling}), as
     *         Reshape and Permute are, computes it
     */
    static boolean resamples(Layer layer) {
        return layer instanceof UpSampling2D up && up.getInterpolation().equals("bilinear");
    }

    /**
     * @param layer a keras4j layer
     * @return whether DL4J computes it on its input sequence (steps, channels) as a one-row image
     *         (1, steps, channels): the 1-D convolution and pooling layers, between {@link #rowImageIn}
     *         and {@link #rowImageOut}
     */
    static boolean onSequence(Layer layer) {
        return layer instanceof Conv1D || layer instanceof Pooling1D || layer instanceof GlobalMaxPooling1D
                || layer instanceof GlobalAveragePooling1D || layer instanceof UpSampling1D
                || layer instanceof ZeroPadding1D || layer instanceof Cropping1D;
    }

    /**
     * @param layer an {@link #onSequence} layer
     * @param in    its input sequence's shape
     * @return the preprocessor from its DL4J form (one vector) to a one-row image, and for a causal
     *         Conv1D on to that image with Keras's zero steps before it ({@link CausalPadding})
     */
    static InputPreProcessor rowImageIn(Layer layer, int[] in) {
        InputPreProcessor image = new SampleReshape(new int[] {Math.toIntExact(Shapes.size(in))},
                new int[] {1, in[0], in[1]});
        return layer instanceof Conv1D conv && conv.getPadding().equals("causal") ? then(image,
                new CausalPadding(in[0], in[1], (conv.getKernelSize() - 1) * conv.getDilationRate())) : image;
    }

    /**
     * @param layer an {@link #onSequence} layer
     * @param in    its input shape
     * @return the preprocessor from its one-row image output back to a sequence's DL4J form, or null
     *         when its output is a vector already (global pooling)
     */
    static InputPreProcessor rowImageOut(Layer layer, int[] in) {
        int[] out = layer.computeOutputShape(in);
        return out.length == 2 ? new CnnToFeedForwardPreProcessor(1, out[0], out[1], CNN2DFormat.NHWC) : null;
    }

    /** @return a preprocessor applying {@code first}, then {@code second}; either may be null (none) */
    static InputPreProcessor then(InputPreProcessor first, InputPreProcessor second) {
        return first == null ? second : second == null ? first : new ComposableInputPreProcessor(first, second);
    }

    /**
     * @param from a sample shape (no batch axis)
     * @param to   the shape a Flatten or Reshape gives it
     * @return DL4J's preprocessor between the two forms, or null when both are one vector per
     *         sample in DL4J (every rank but images), whose values need no change
     */
    static InputPreProcessor reshape(int[] from, int[] to) {
        if (from.length != 3 && to.length != 3) {
            return null;
        }
        if (to.length != 3) {
            return new CnnToFeedForwardPreProcessor(from[0], from[1], from[2], CNN2DFormat.NHWC);
        }
        return new SampleReshape(dl4jSample(from), to);
    }

    private static int[] dl4jSample(int[] shape) {
        return shape.length == 3 ? shape : new int[] {Math.toIntExact(Shapes.size(shape))};
    }

    private static long[] longs(int[] values) {
        return java.util.Arrays.stream(values).asLongStream().toArray();
    }

    /** A Dense or Conv2D layer's bias initializer, regularizers and constraints. */
    private record Kernel(Initializer biasInit, Regularizer kernelReg, Regularizer biasReg, Regularizer activityReg,
                          Constraint kernelConstraint, Constraint biasConstraint) {
    }

    private static Kernel kernel(Dense d) {
        return new Kernel(d.getBiasInitializer(), d.getKernelRegularizer(), d.getBiasRegularizer(), d.getActivityRegularizer(),
                d.getKernelConstraint(), d.getBiasConstraint());
    }

    private static Kernel kernel(BaseConv2D<?> c) {
        return new Kernel(c.getBiasInitializer(), c.getKernelRegularizer(), c.getBiasRegularizer(), c.getActivityRegularizer(),
                c.getKernelConstraint(), c.getBiasConstraint());
    }

    /** @return a Conv2D kernel's initializer: DL4J's fan_out divides by the strides, Keras's doesn't */
    private static IWeightInit convInit(Conv2D conv) {
        Initializer init = conv.getKernelInitializer();
        boolean strided = conv.getStrides()[0] != 1 || conv.getStrides()[1] != 1;
        return strided && init.getName().equals("glorot_uniform") ? new KerasWeightInit(init) : weightInit(init);
    }

    /** @return a Conv1D kernel's initializer: DL4J's fan_out divides by the stride, Keras's doesn't */
    private static IWeightInit conv1dInit(Conv1D conv) {
        Initializer init = conv.getKernelInitializer();
        return conv.getStrides() != 1 && init.getName().equals("glorot_uniform") ? new KerasWeightInit(init)
                : weightInit(init);
    }

    private static <T extends BaseLayer.Builder<T>> T configure(T builder, String activation, IWeightInit init,
                                                                Kernel k) {
        IActivation function = Activations.toDl4j(activation);
        if (k.activityReg() != null) {
            function = new ActivityRegularization(function, k.activityReg().getL1(), k.activityReg().getL2());
        }
        builder.activation(function).weightInit(init).biasInit(k.biasInit().constantValue());
        if (k.kernelReg() != null) {
            builder.l1(k.kernelReg().getL1());
            // DL4J's L2 term is 0.5 * c * sum(w^2); Keras's is l2 * sum(w^2).
            builder.l2(2 * k.kernelReg().getL2());
        }
        if (k.biasReg() != null) {
            builder.l1Bias(k.biasReg().getL1());
            builder.l2Bias(2 * k.biasReg().getL2());
        }
        if (k.kernelConstraint() != null) {
            builder.constrainWeights(new KerasConstraint(k.kernelConstraint()));
        }
        if (k.biasConstraint() != null) {
            builder.constrainBias(new KerasConstraint(k.biasConstraint()));
        }
        return builder;
    }

    private static ConvolutionMode mode(String padding) {
        return padding.equals("same") ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    /**
     * @return DL4J's form of a Keras initializer: DL4J's own for zeros, ones and the unseeded uniform
     *         ones (the same formulas), else keras4j's {@link KerasWeightInit}
     */
    static IWeightInit weightInit(Initializer init) {
        if (init.getSeed() == null) {
            switch (init.getName()) {
                case "glorot_uniform": return WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
                case "he_uniform": return WeightInit.RELU_UNIFORM.getWeightInitFunction();
                case "zeros": return WeightInit.ZERO.getWeightInitFunction();
                case "ones": return WeightInit.ONES.getWeightInitFunction();
                default: break;
            }
        }
        return new KerasWeightInit(init);
    }

    // ------------------------------------------------------------------------------ weight layout

    /** @return the DL4J parameter keys of a layer's weights, in Keras's order */
    static List<String> weightKeys(Layer layer, Map<String, INDArray> params) {
        List<String> keys = new ArrayList<>();
        if (layer instanceof Bidirectional) {
            // DL4J's Bidirectional prefixes the forward layer's keys with f, the backward one's with b.
            for (String prefix : List.of("f", "b")) {
                for (String key : RNN_KEYS) {
                    if (params.containsKey(prefix + key)) {
                        keys.add(prefix + key);
                    }
                }
            }
            return keys;
        }
        boolean normalization = layer instanceof BatchNormalization || layer instanceof LayerNormalization;
        for (String key : normalization ? BN_KEYS : layer instanceof Recurrent ? RNN_KEYS
                : layer instanceof SeparableConv2D ? SEPARABLE_KEYS
                : layer instanceof Normalization ? NORMALIZATION_KEYS : DENSE_KEYS) {
            if (params.containsKey(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** @return a DL4J parameter in Keras's layout (a copy) */
    static INDArray toKeras(Layer layer, String key, INDArray param) {
        if (layer instanceof TimeDistributed wrapper) {
            return toKeras(wrapper.getLayer(), key, param);
        }
        if (layer instanceof Bidirectional bi) {
            return toKeras(bi.getLayer(), key.substring(1), param);
        }
        if (layer instanceof LSTM) {
            return gates(param.reshape(param.length() / param.size(-1), param.size(-1)), LSTM_GATES,
                    key.equals("b"));
        }
        if (layer instanceof BaseConv2D && !(layer instanceof DepthwiseConv2D) && param.rank() == 4) {
            // [out, in, kh, kw] to [kh, kw, in, out]; a Conv2DTranspose's [in, filters, kh, kw] to [kh, kw, filters,
            // in]; a SeparableConv2D's [mult, in, kh, kw] to [kh, kw, in, mult] and [filters, in * mult, 1, 1] to
            // [1, 1, in * mult, filters]. A DepthwiseConv2D's [kh, kw, in, mult] is Keras's already.
            return param.permute(2, 3, 1, 0).dup('c');
        }
        if (layer instanceof Conv1D && key.equals("W")) {
            // [filters, in, 1, k] to [k, in, filters]
            return param.permute(3, 1, 0, 2).dup('c').reshape(param.size(3), param.size(1), param.size(0));
        }
        if (layer instanceof Normalization norm && (key.equals("count") || norm.getAxis().length == 0)) {
            return org.nd4j.linalg.factory.Nd4j.scalar(param.dataType(), param.getDouble(0));   // Keras's is a scalar
        }
        if (key.equals("W") || key.equals("RW") || layer instanceof LayerNormalization
                || layer instanceof Normalization || layer instanceof GRU gru && gru.isResetAfter()) {
            // LayerNormalization's and Normalization's weights have their axes' shape; a GRU's bias with
            // resetAfter is [2, 3 * units]
            return param.dup('c');
        }
        return param.reshape(param.length()).dup('c');
    }

    /** @return Keras's weights in DL4J's layout (to be reshaped to the parameter's shape) */
    static INDArray fromKeras(Layer layer, INDArray weights) {
        if (layer instanceof TimeDistributed wrapper) {
            return fromKeras(wrapper.getLayer(), weights);
        }
        if (layer instanceof Bidirectional bi) {
            return fromKeras(bi.getLayer(), weights);
        }
        if (layer instanceof LSTM) {
            int[] inverse = new int[LSTM_GATES.length];
            for (int k = 0; k < LSTM_GATES.length; k++) {
                inverse[LSTM_GATES[k]] = k;
            }
            boolean vector = weights.rank() == 1;
            return gates(vector ? weights.reshape(1, weights.length()) : weights, inverse, vector);
        }
        if (layer instanceof BaseConv2D && !(layer instanceof DepthwiseConv2D) && weights.rank() == 4) {
            return weights.permute(3, 2, 0, 1).dup('c');
        }
        if (layer instanceof Conv1D && weights.rank() == 3) {
            return weights.permute(2, 1, 0).dup('c');   // [k, in, filters] to [filters, in, k] (= [filters, in, 1, k])
        }
        return weights;
    }

    /**
     * @param matrix  [rows, 4 * units], blocks of units columns
     * @param order   for each block of the result, the block of {@code matrix} it is
     * @param vector  whether to return a vector (a bias)
     * @return the reordered copy
     */
    private static INDArray gates(INDArray matrix, int[] order, boolean vector) {
        long units = matrix.size(1) / order.length;
        INDArray out = matrix.ulike().dup('c');
        for (int k = 0; k < order.length; k++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(k * units, (k + 1) * units))
                    .assign(matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(order[k] * units,
                            (order[k] + 1) * units)));
        }
        return vector ? out.reshape(out.length()).dup('c') : out;
    }

    // ----------------------------------------------------------------------------- output checks

    /** @return the Keras name of the activation a layer ends with ("linear" for none) */
    static String outputActivation(Layer last) {
        if (last instanceof Dense dense) {
            return dense.getActivation();
        }
        if (last instanceof Activation activation) {
            return activation.getActivation();
        }
        if (last instanceof BaseConv2D<?> conv) {
            return conv.getActivation();
        }
        if (last instanceof Conv1D conv) {
            return conv.getActivation();
        }
        if (last instanceof Softmax) {
            return "softmax";   // a model output is a vector: its only axis is the last
        }
        return "linear";
    }

    /** Refuses a loss that can't be computed from an output, explaining the coherent pairs. */
    static void checkLossFitsOutput(Loss loss, String layerName, int[] outputShape, String activation) {
        String where = "The model's output layer '" + layerName + "'";
        if (outputShape.length != 1) {
            throw new Keras4jException(where + " produces shape " + Shapes.withBatch(outputShape) + ", but the loss '"
                    + loss.getName() + "' needs a vector per sample. End the model with Flatten() (or "
                    + "GlobalAveragePooling2D()) and a Dense layer.");
        }
        int units = outputShape[0];
        String name = loss.getName();
        if (loss.isFromLogits()) {
            if (activation.equals("softmax") || activation.equals("sigmoid")) {
                throw new Keras4jException(where + " has activation '" + activation + "', but " + name + " with "
                        + "from_logits=True applies the " + (name.startsWith("binary") ? "sigmoid" : "softmax")
                        + " itself and expects raw scores (logits). Remove the activation (use 'linear'), or "
                        + "use from_logits=False.");
            }
            if (!name.startsWith("binary") && units < 2) {
                throw new Keras4jException(where + " has 1 unit, but " + name + " needs a score per class (at least"
                        + " 2). For two classes use Dense(1) with BinaryCrossentropy(from_logits=True).");
            }
        } else if (name.endsWith("categorical_crossentropy")) {
            if (!activation.equals("softmax")) {
                throw new Keras4jException(where + " has activation '" + activation + "', but " + name + " expects "
                        + "class probabilities that sum to 1. Use activation 'softmax' on the last layer"
                        + (activation.equals("sigmoid") ? ", or binary_crossentropy for independent yes/no outputs."
                        : ", or from_logits=True if it gives raw scores (logits)."));
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

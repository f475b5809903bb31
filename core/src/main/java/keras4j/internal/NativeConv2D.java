package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's convolution layer configuration, instantiated as a layer that runs libnd4j's native
 * {@code conv2d} / {@code conv2d_bp} operations instead of DL4J's im2col and GEMM. With the oneDNN
 * build of ND4J (see {@link NativeBackend}) those operations run on oneDNN, in the layer's own
 * channels-last layout with no transposes; elsewhere they run libnd4j's portable code. Either way
 * the values are DL4J's: same weights layout ({@code [filters, channels, kh, kw]}), same padding, same
 * gradients. Cases this class doesn't cover (weight noise, dilation, causal padding) fall back to
 * DL4J's own code.
 *
 * <pre>{@code
 * ConvolutionLayer conf = new ConvolutionLayer.Builder(3, 3).nOut(32).dataFormat(CNN2DFormat.NHWC).build();
 * list.layer(NativeConv2D.of(conf));
 * }</pre>
 */
public final class NativeConv2D extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public NativeConv2D() {
    }

    /**
     * @param conf a built DL4J convolution layer configuration
     * @return the same configuration, instantiating the native-op layer
     */
    public static NativeConv2D of(ConvolutionLayer conf) {
        return LayerConfs.copy(conf, new NativeConv2D(), ConvolutionLayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
        private static final long serialVersionUID = 1L;
        private transient INDArray cachedZ;
        private transient INDArray cachedInput;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean nativeOpsApply() {
            ConvolutionMode mode = layerConf().getConvolutionMode();
            int[] dilation = layerConf().getDilation();
            return input != null && input.rank() == 4 && weightNoiseParams.isEmpty()
                    && dilation[0] == 1 && dilation[1] == 1
                    && layerConf().getWeightNoise() == null
                    && (mode == ConvolutionMode.Same || mode == ConvolutionMode.Truncate);
        }

        /** libnd4j's integer arguments: kernel, strides, padding, dilation (1), same mode, NHWC, weight layout. */
        private int[] intArgs() {
            ConvolutionLayer c = layerConf();
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
            int[] p = same ? new int[] {0, 0} : c.getPadding();
            boolean nhwc = c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
            return new int[] {k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, same ? 1 : 0, nhwc ? 1 : 0, 1};
        }

        /** The pre-activation {@code input * W + b}, in the ACTIVATIONS workspace. */
        private INDArray convolve(LayerWorkspaceMgr workspaceMgr) {
            INDArray weights = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            validateInputDepth(weights.size(1));
            INDArray in = input.castTo(dataType);
            ConvolutionLayer c = layerConf();
            boolean nhwc = c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
            int[] out = ConvolutionUtils.getOutputSize(in, c.getKernelSize(), c.getStride(),
                    c.getConvolutionMode() == ConvolutionMode.Same ? null : c.getPadding(), c.getConvolutionMode(),
                    c.getDilation(), c.getCnn2dDataFormat());
            long filters = weights.size(0);
            long[] shape = nhwc ? new long[] {in.size(0), out[0], out[1], filters}
                    : new long[] {in.size(0), filters, out[0], out[1]};
            INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
            INDArray[] inputs = hasBias()
                    ? new INDArray[] {in, weights, vector(getParam(ConvolutionParamInitializer.BIAS_KEY))}
                    : new INDArray[] {in, weights};
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(z)
                    .addIntegerArguments(intArgs()).build());
            return z;
        }

        /** DL4J keeps biases as {@code [1, filters]}; libnd4j takes {@code [filters]} (a view, same buffer). */
        private static INDArray vector(INDArray bias) {
            return bias.reshape(bias.length());
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (!nativeOpsApply()) {
                return super.activate(training, workspaceMgr);
            }
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray z = convolve(workspaceMgr);
            cachedZ = training ? workspaceMgr.dup(ArrayType.ACTIVATIONS, z) : null;
            cachedInput = training ? input : null;
            return FastActivation.forward(z, layerConf().getActivationFn(), training);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            INDArray z = cachedZ;
            boolean cached = z != null && cachedInput == input;
            cachedZ = null;
            cachedInput = null;
            if (!nativeOpsApply()) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            if (!cached) {
                z = convolve(workspaceMgr);
            }
            INDArray delta = FastActivation.backprop(z, epsilon.castTo(dataType), layerConf().getActivationFn());
            INDArray in = input.castTo(dataType);
            INDArray weights = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(),
                    'c');
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
            Gradient gradient = new DefaultGradient();
            if (hasBias()) {
                INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
                op.addInputs(in, weights, vector(getParam(ConvolutionParamInitializer.BIAS_KEY)), delta)
                        .addOutputs(epsilonNext, weightGrad, vector(biasGrad));
                gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
            } else {
                op.addInputs(in, weights, delta).addOutputs(epsilonNext, weightGrad);
            }
            Nd4j.exec(op.addIntegerArguments(intArgs()).build());
            gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
            return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
        }

        @Override
        public void clear() {
            super.clear();
            cachedZ = null;
            cachedInput = null;
        }
    }
}

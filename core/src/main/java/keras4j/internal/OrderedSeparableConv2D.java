package keras4j.internal;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.SeparableConvolution2DLayer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's separable convolution configuration, with its parameters listed in the order they lie in
 * the layer's parameter array (bias, depthwise kernel, pointwise kernel), as
 * {@link OrderedDepthwiseConv2D} does for the depthwise one: DL4J's own order misplaces the
 * regularization its updater applies. The layer computes as DL4J's, but returns its output and
 * its input's gradient as contiguous channels-last arrays: DL4J's are transposed views of NCHW
 * arrays, from which the next layers' native ops (depthwise, transposed and oneDNN convolutions)
 * compute wrong values. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * SeparableConvolution2D conf = new SeparableConvolution2D.Builder(3, 3).nOut(16).build();
 * list.layer(OrderedSeparableConv2D.of(conf));
 * }</pre>
 */
public final class OrderedSeparableConv2D extends SeparableConvolution2D {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public OrderedSeparableConv2D() {
    }

    /**
     * @param conf a built DL4J separable convolution configuration
     * @return the same configuration, listing its parameters in their storage order
     */
    public static OrderedSeparableConv2D of(SeparableConvolution2D conf) {
        return LayerConfs.copy(conf, new OrderedSeparableConv2D(), SeparableConvolution2D.class);
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** DL4J's separable layer, returning contiguous arrays. Not thread-safe, like every DL4J layer. */
    static final class Impl extends SeparableConvolution2DLayer {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return OrderedDepthwiseConv2D.contiguous(super.activate(training, workspaceMgr), ArrayType.ACTIVATIONS,
                    workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            Pair<Gradient, INDArray> out = super.backpropGradient(epsilon, workspaceMgr);
            return new Pair<>(out.getFirst(), OrderedDepthwiseConv2D.contiguous(out.getSecond(),
                    ArrayType.ACTIVATION_GRAD, workspaceMgr));
        }
    }

    @Override
    public OrderedSeparableConv2D clone() {
        return (OrderedSeparableConv2D) super.clone();
    }

    /** DL4J's parameters, listed bias first. */
    private static final class Params extends SeparableConvolutionParamInitializer {
        static final Params INSTANCE = new Params();

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            return OrderedDepthwiseConv2D.biasFirst(conf, super.init(conf, paramsView, initializeParams));
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return OrderedDepthwiseConv2D.biasFirst(null, super.getGradientsFromFlattened(conf, gradientView));
        }
    }
}

package keras4j.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * DL4J's depthwise convolution configuration, with its parameters listed in the order they lie in
 * the layer's parameter array (bias first). DL4J's own lists the kernel first while storing the
 * bias first, so its updater, which slices the array in the listed order, applies the kernel's
 * regularization to the bias's values and part of the kernel's (and the bias's to the rest). The
 * layer computes as DL4J's, on a contiguous copy of an input or gradient that is a strided view
 * (DL4J's depthwise op computes wrong values from one with one kernel per channel). keras4j writes this class's name
 * into saved model files: it keeps it.
 *
 * <pre>{@code
 * DepthwiseConvolution2D conf = new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2).build();
 * list.layer(OrderedDepthwiseConv2D.of(conf));
 * }</pre>
 */
public final class OrderedDepthwiseConv2D extends DepthwiseConvolution2D {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public OrderedDepthwiseConv2D() {
    }

    /**
     * @param conf a built DL4J depthwise convolution configuration
     * @return the same configuration, listing its parameters in their storage order
     */
    public static OrderedDepthwiseConv2D of(DepthwiseConvolution2D conf) {
        return LayerConfs.copy(conf, new OrderedDepthwiseConv2D(), DepthwiseConvolution2D.class);
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

    /** DL4J's depthwise layer, given contiguous arrays. Not thread-safe, like every DL4J layer. */
    static final class Impl extends DepthwiseConvolution2DLayer {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
            super.setInput(contiguous(input, ArrayType.INPUT, workspaceMgr), workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return super.backpropGradient(contiguous(epsilon, ArrayType.BP_WORKING_MEM, workspaceMgr), workspaceMgr);
        }
    }

    /** @return {@code array}, or a c-ordered copy of it in {@code type}'s workspace when it is a strided view */
    static INDArray contiguous(INDArray array, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        return array == null || Shape.hasDefaultStridesForShape(array) ? array : workspaceMgr.dup(type, array, 'c');
    }

    @Override
    public OrderedDepthwiseConv2D clone() {
        return (OrderedDepthwiseConv2D) super.clone();
    }

    /** DL4J's parameters, listed bias first. */
    private static final class Params extends DepthwiseConvolutionParamInitializer {
        static final Params INSTANCE = new Params();

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            return biasFirst(conf, super.init(conf, paramsView, initializeParams));
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return biasFirst(null, super.getGradientsFromFlattened(conf, gradientView));
        }
    }

    /**
     * @param conf   the layer's configuration, whose variables are relisted in the same order (null: none)
     * @param params DL4J's parameters (or their gradients), kernel first
     * @return the same, the bias ("b") first and the others in their order, as they are stored
     */
    static Map<String, INDArray> biasFirst(NeuralNetConfiguration conf, Map<String, INDArray> params) {
        Map<String, INDArray> ordered = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        if (params.containsKey("b")) {
            ordered.put("b", params.get("b"));
        }
        params.forEach((key, value) -> {
            if (!key.equals("b")) {
                ordered.put(key, value);
            }
        });
        if (conf != null) {
            conf.clearVariables();
            ordered.keySet().forEach(conf::addVariable);
        }
        return ordered;
    }
}

package keras4j.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's depthwise convolution configuration, with its parameters listed in the order they lie in
 * the layer's parameter array (bias first). DL4J's own lists the kernel first while storing the
 * bias first, so its updater, which slices the array in the listed order, applies the kernel's
 * regularization to the bias's values and part of the kernel's (and the bias's to the rest). The
 * layer computes as DL4J's. keras4j writes this class's name into saved model files: it keeps it.
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

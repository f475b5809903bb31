package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.layers.convolution.Cropping2DLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's cropping configuration (keras4j's Cropping2D and Cropping1D), instantiated as a layer that
 * returns its output as a contiguous array. DL4J's returns a strided view of its input, from which
 * libnd4j's native convolutions (keras4j's {@link NativeConv2D}, DL4J's transposed and depthwise
 * ones) compute wrong values. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * Cropping2D conf = new Cropping2D.Builder(1, 1, 0, 0).dataFormat(CNN2DFormat.NHWC).build();
 * list.layer(ContiguousCropping2D.of(conf));
 * }</pre>
 */
public final class ContiguousCropping2D extends Cropping2D {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public ContiguousCropping2D() {
    }

    /**
     * @param conf a built DL4J cropping configuration
     * @return the same configuration, instantiating the contiguous-output layer
     */
    public static ContiguousCropping2D of(Cropping2D conf) {
        return LayerConfs.copy(conf, new ContiguousCropping2D(), Cropping2D.class);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        Impl layer = new Impl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** DL4J's cropping layer, returning a contiguous copy. Not thread-safe, like every DL4J layer. */
    static final class Impl extends Cropping2DLayer {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return OrderedDepthwiseConv2D.contiguous(super.activate(training, workspaceMgr), ArrayType.ACTIVATIONS,
                    workspaceMgr);
        }
    }
}

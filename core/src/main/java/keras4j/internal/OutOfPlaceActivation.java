package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's activation layer configuration, instantiated as a layer that never changes its input.
 * DL4J's own layer applies its function in place at inference, on the array it is given: when that
 * array lives outside DL4J's workspaces (the caller's x right after the Input, or a Functional
 * model's output that this layer also reads) predict changed it. This layer applies the function
 * to a copy in its own activations workspace, at inference as DL4J's does in training; that copy
 * is the one DL4J makes anyway when moving a layer's output into the next layer's workspace, so it
 * costs nothing more. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * ActivationLayer conf = new ActivationLayer.Builder().activation(Activation.RELU).build();
 * list.layer(OutOfPlaceActivation.of(conf));
 * }</pre>
 */
public final class OutOfPlaceActivation extends ActivationLayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public OutOfPlaceActivation() {
    }

    /**
     * @param conf a built DL4J activation layer configuration
     * @return the same configuration, instantiating the layer that leaves its input alone
     */
    public static OutOfPlaceActivation of(ActivationLayer conf) {
        return LayerConfs.copy(conf, new OutOfPlaceActivation(), ActivationLayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.ActivationLayer {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, input, input.ordering());
            return layerConf().getActivationFn().getActivation(out, training);
        }
    }
}

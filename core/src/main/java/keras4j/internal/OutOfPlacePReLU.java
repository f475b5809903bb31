package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationPReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's PReLU layer configuration, instantiated as a layer that never changes its input: DL4J's own
 * applies its function in place at inference, on the caller's x when it follows the Input. This
 * layer applies it to a copy in its own activations workspace, at inference as DL4J's does in
 * training; training is DL4J's. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * PReLULayer conf = new PReLULayer.Builder().inputShape(8, 8, 3).sharedAxes(1, 2).build();
 * list.layer(OutOfPlacePReLU.of(conf));
 * }</pre>
 */
public final class OutOfPlacePReLU extends PReLULayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public OutOfPlacePReLU() {
    }

    /**
     * @param conf a built DL4J PReLU layer configuration
     * @return the same configuration, instantiating the layer that leaves its input alone
     */
    public static OutOfPlacePReLU of(PReLULayer conf) {
        return LayerConfs.copy(conf, new OutOfPlacePReLU(), PReLULayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.feedforward.PReLU {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, input, input.ordering());
            return new ActivationPReLU(getParam("W"), layerConf().getSharedAxes()).getActivation(out, training);
        }
    }
}

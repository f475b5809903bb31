package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dropout layer configuration, instantiated as a layer that at inference never hands on as
 * its output an array DL4J's workspaces don't hold. DL4J's own layer returns its input: right after
 * the Input that is the caller's x, so a Sequential model whose second layer passed it on failed
 * DL4J's workspace check ("array is defined in incorrect workspace"), and predict of a Dropout
 * after the Input returned the caller's x itself. This layer copies such an input into its
 * activations workspace; an input DL4J holds goes on as DL4J's layer hands it on (no extra copy),
 * and training is DL4J's. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * DropoutLayer conf = new DropoutLayer.Builder(0.75).build();
 * list.layer(OutOfPlaceDropout.of(conf));
 * }</pre>
 */
public final class OutOfPlaceDropout extends DropoutLayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public OutOfPlaceDropout() {
    }

    /**
     * @param conf a built DL4J dropout layer configuration
     * @return the same configuration, instantiating the layer that copies a detached input at inference
     */
    public static OutOfPlaceDropout of(DropoutLayer conf) {
        return LayerConfs.copy(conf, new OutOfPlaceDropout(), DropoutLayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.DropoutLayer {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (training || input.isAttached()) {
                return super.activate(training, workspaceMgr);
            }
            INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, input, input.ordering());
            if (maskArray != null) {
                out.muliColumnVector(maskArray);
            }
            return out;
        }
    }
}

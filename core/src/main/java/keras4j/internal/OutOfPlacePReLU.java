package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationPReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DL4J's PReLU layer configuration, instantiated as a layer that never changes its input and
 * backpropagates with any shared axes. DL4J's own applies its function in place at inference, on
 * the caller's x when it follows the Input: this layer applies it to a copy in its own activations
 * workspace, at inference as DL4J's does in training. DL4J's backprop op ({@code prelu_bp}) refuses
 * two shared axes (one alpha per channel of an image, Keras's {@code shared_axes=[1, 2]}): this layer
 * computes the gradients itself, {@code dx = eps * (x < 0 ? alpha : 1)} and {@code dalpha} the sum of
 * {@code eps * min(x, 0)} over the batch and the shared axes. keras4j writes this class's name into
 * saved model files: it keeps it.
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

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            INDArray alpha = getParam("W");
            // alpha with a leading batch axis of 1, so that it broadcasts against [batch, sample...]
            long[] shape = new long[alpha.rank() + 1];
            shape[0] = 1;
            System.arraycopy(alpha.shape(), 0, shape, 1, alpha.rank());
            INDArray a = alpha.dup('c').reshape('c', shape);
            INDArray negative = x.lt(0).castTo(dataType);
            INDArray delta = epsilon.mul(negative.mul(a.sub(1.0)).addi(1.0));
            INDArray perValue = epsilon.mul(Transforms.min(x, 0.0, true));
            int[] summed = java.util.stream.IntStream.range(0, shape.length).filter(i -> shape[i] == 1).toArray();
            INDArray alphaGrad = perValue.sum(true, summed);
            INDArray view = gradientViews.get("W");
            view.assign(alphaGrad.reshape(view.shape()));
            Gradient gradient = new DefaultGradient();
            gradient.setGradientFor("W", view, 'f');
            delta = backpropDropOutIfPresent(workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta));
            return new Pair<>(gradient, delta);
        }
    }
}

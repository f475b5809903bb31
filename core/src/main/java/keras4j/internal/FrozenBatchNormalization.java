package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A frozen {@code BatchNormalization}, as Keras runs one ({@code trainable = False}): always in
 * inference mode, normalizing with its moving mean and variance, which never change, and passing
 * gradients on to the layers before it as the constant per-channel scale it is
 * ({@code gamma / sqrt(var + eps)}). DL4J's own layer backpropagates only in training mode (through
 * the batch's statistics), and DL4J's {@code FrozenLayerWithBackprop} around it fails, so keras4j
 * instantiates DL4J's configuration as this layer. Its parameters are DL4J's (gamma, beta, mean,
 * var), with no updater. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * BatchNormalization conf = new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).build();
 * list.layer(FrozenBatchNormalization.of(conf));
 * }</pre>
 */
public final class FrozenBatchNormalization extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public FrozenBatchNormalization() {
    }

    /**
     * @param conf a built DL4J batch-normalization configuration
     * @return the same configuration, frozen: no updater, instantiating the inference-mode layer
     */
    public static FrozenBatchNormalization of(BatchNormalization conf) {
        FrozenBatchNormalization frozen = LayerConfs.copy(conf, new FrozenBatchNormalization(),
                BatchNormalization.class);
        frozen.setIUpdater(new NoOp());
        frozen.setBiasUpdater(new NoOp());
        return frozen;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return super.activate(false, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            BatchNormalization c = layerConf();
            int channels = epsilon.rank() == 2 || c.getCnn2DFormat() == CNN2DFormat.NCHW ? 1 : epsilon.rank() - 1;
            INDArray gamma = c.isLockGammaBeta()
                    ? Nd4j.valueArrayOf(new long[] {c.getNOut()}, c.getGamma(), dataType)
                    : getParam(BatchNormalizationParamInitializer.GAMMA).reshape(c.getNOut());
            INDArray variance = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(c.getNOut());
            INDArray scale = gamma.div(Transforms.sqrt(variance.add(c.getEps()), false));
            INDArray in = epsilon.castTo(dataType);
            INDArray next = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(in, scale, next, channels));
            Gradient gradient = new DefaultGradient();
            for (String key : new String[] {BatchNormalizationParamInitializer.GAMMA,
                    BatchNormalizationParamInitializer.BETA, BatchNormalizationParamInitializer.GLOBAL_MEAN,
                    BatchNormalizationParamInitializer.GLOBAL_VAR}) {
                INDArray view = gradientViews.get(key);
                if (view != null) {
                    view.assign(0);
                    gradient.setGradientFor(key, view);
                }
            }
            return new Pair<>(gradient, next);
        }
    }
}

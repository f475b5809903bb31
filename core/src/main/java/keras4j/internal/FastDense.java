package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer configuration, instantiated as a layer that does less work per training step
 * and computes the same values: DL4J's {@code DenseLayer} recomputes {@code input · W + b} in
 * backprop and always computes the gradient with respect to its input; this one keeps the
 * pre-activation from the forward pass, skips the input gradient in the network's first layer,
 * which DL4J throws away, and runs ReLU's backprop and tanh as {@link FastActivation}. Its forward
 * product is one BLAS GEMM; for ReLU and tanh into a row-major result, the layout of the gradient
 * the next layer sends back, so that their backprop reads both in one vectorised pass. Every other
 * case (masks, layer norm, weight noise, a forward pass from another path) falls back to DL4J's own
 * code.
 *
 * <pre>{@code
 * DenseLayer conf = new DenseLayer.Builder().nOut(1000).activation(Activation.RELU).build();
 * list.layer(FastDense.of(conf));
 * }</pre>
 *
 * <p>Consequence: {@code backpropGradient} of a first layer returns no input gradient, so
 * {@code MultiLayerNetwork.backpropGradient} (the input-gradient API) is not supported on networks
 * that start with this layer.
 */
public final class FastDense extends DenseLayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public FastDense() {
    }

    /**
     * @param conf a built DL4J dense layer configuration
     * @return the same configuration, instantiating the faster layer
     */
    public static FastDense of(DenseLayer conf) {
        return LayerConfs.copy(conf, new FastDense(), DenseLayer.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer {
        private static final long serialVersionUID = 1L;
        private transient INDArray preOutput;
        private transient INDArray preOutputInput;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                                LayerWorkspaceMgr workspaceMgr) {
            INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
            if (hasLayerNorm() || input == null || input.rank() != 2 || input.size(1) != w.size(0)) {
                return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
            }
            applyDropOutIfNecessary(training, workspaceMgr);
            // One GEMM at BLAS speed (DL4J's mmul takes ~2x longer). For ReLU and tanh, row-major as the
            // epsilon DL4J's layers return (the transpose of a column-major product): with a column-major z,
            // ReLU's backprop had to walk one of the two across its rows, ~10x slower than one pass over
            // both. Other activations keep the column-major product, the one older files were trained with:
            // the layouts round differently, and a few steps of Adam on a small set make that 2e-4 apart.
            char order = FastActivation.computes(layerConf().getActivationFn()) ? 'c' : 'f';
            INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
                    new long[] {input.size(0), w.size(1)}, order);
            Nd4j.gemm(input.castTo(w.dataType()), w, z, false, false, 1.0, 0.0);
            if (hasBias()) {
                z.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr));
            }
            if (maskArray != null) {
                applyMask(z);
            }
            return new Pair<>(z, z);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray z = preOutput(training, workspaceMgr);
            boolean cache = training && maskArray == null && !hasLayerNorm() && weightNoiseParams.isEmpty();
            preOutput = cache ? workspaceMgr.dup(ArrayType.ACTIVATIONS, z) : null;
            preOutputInput = cache ? input : null;
            INDArray out = FastActivation.forward(z, layerConf().getActivationFn(), training);
            if (maskArray != null) {
                applyMask(out);
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            INDArray z = preOutput;
            preOutput = null;
            if (z == null || preOutputInput != input || maskArray != null) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            preOutputInput = null;
            INDArray delta = FastActivation.backprop(z, epsilon, layerConf().getActivationFn());
            Gradient gradient = new DefaultGradient();
            if (hasBias()) {
                INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
                delta.sum(biasGrad, 0);
                gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
            }
            INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
            Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
            gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
            INDArray epsilonNext = null;
            if (getIndex() > 0) {
                INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
                epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                        new long[] {w.size(0), delta.size(0)}, 'f');
                epsilonNext = w.mmuli(delta.transpose(), epsilonNext).transpose();
            }
            return new Pair<>(gradient, epsilonNext);
        }

        @Override
        public void clear() {
            super.clear();
            preOutput = null;
            preOutputInput = null;
        }
    }
}

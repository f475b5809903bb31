package keras4j.internal;

import java.nio.FloatBuffer;
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
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer configuration, instantiated as a layer that does less work per training step
 * and computes the same values: DL4J's {@code DenseLayer} recomputes {@code input · W + b} in
 * backprop and always computes the gradient with respect to its input; this one keeps the
 * pre-activation from the forward pass and skips the input gradient in the network's first layer,
 * which DL4J throws away. Its forward product is one BLAS GEMM into a column-major result. Every other case (masks, layer norm, weight noise, a forward pass from
 * another path) falls back to DL4J's own code.
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
            // ND4J's GEMM into a column-major result runs at BLAS speed; DL4J's row-major mmul takes ~2x longer.
            INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
                    new long[] {input.size(0), w.size(1)}, 'f');
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
            INDArray out = layerConf().getActivationFn().getActivation(z, training);
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
            INDArray delta = reluBackprop(z, epsilon);
            if (delta == null) {
                delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
            }
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

        private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

        /** @return this thread's scratch array {@code which}, at least {@code length} long */
        private static float[] scratch(int which, int length) {
            float[][] arrays = SCRATCH.get();
            if (arrays[which].length < length) {
                arrays[which] = new float[length];
            }
            return arrays[which];
        }

        /**
         * A plain ReLU's backprop, {@code z > 0 ? epsilon : 0}, written into {@code z} (this layer's
         * own copy): DL4J's computes the same through libnd4j's generic element lambda, which with
         * the column-major pre-activation and a row-major epsilon looks up both offsets per element
         * (a tenth of an MNIST MLP's training step).
         *
         * @return the gradient with respect to {@code z}, or null for any other activation or array
         */
        private INDArray reluBackprop(INDArray z, INDArray epsilon) {
            if (!(layerConf().getActivationFn() instanceof ActivationReLU relu) || relu.getMax() != null
                    || relu.getThreshold() != null || relu.getNegativeSlope() != null || z.rank() != 2
                    || !java.util.Arrays.equals(z.shape(), epsilon.shape())) {
                return null;
            }
            FloatBuffer zs = FloatView.of(z);
            FloatBuffer es = FloatView.of(epsilon);
            if (zs == null || es == null) {
                return null;
            }
            int rows = (int) z.size(0);
            int cols = (int) z.size(1);
            int zr = z.stride(0);
            int zc = z.stride(1);
            int er = epsilon.stride(0);
            int ec = epsilon.stride(1);
            // on the heap, where the JIT compiles tight loops; one bulk copy each way
            float[] zh = scratch(0, zs.limit());
            float[] eh = scratch(1, es.limit());
            zs.get(0, zh, 0, zs.limit());
            es.get(0, eh, 0, es.limit());
            if (zr == er && zc == ec) {
                for (int i = 0; i < zs.limit(); i++) {
                    zh[i] = zh[i] > 0 ? eh[i] : 0f;
                }
            } else {
                for (int c = 0; c < cols; c++) {
                    for (int r = 0; r < rows; r++) {
                        int at = r * zr + c * zc;
                        zh[at] = zh[at] > 0 ? eh[r * er + c * ec] : 0f;
                    }
                }
            }
            zs.put(0, zh, 0, zs.limit());
            return z;
        }
    }
}

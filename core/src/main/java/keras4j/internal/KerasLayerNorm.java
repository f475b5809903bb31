package keras4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's layer normalization as a DL4J layer (DL4J 1.0.0-M2.1 has none; ND4J's
 * {@code layer_norm} op standardizes without Keras's epsilon, and DL4J's SameDiff layers pass
 * back twice the gradient in 1.0.0-M2.1). The sample's values, in row-major order, are seen as
 * {@code [outer, size, inner]} with {@code size} the product of the normalized axes and
 * {@code inner} that of the axes after them: each run of {@code size} values {@code inner} apart
 * becomes {@code (x - mean) / sqrt(variance + epsilon)}, times gamma plus beta (parameters of the
 * normalized axes' shape, trained with the model's optimizer). keras4j writes this class's name
 * into saved model files: it keeps it.
 *
 * <pre>{@code
 * KerasLayerNorm conf = new KerasLayerNorm(new long[] {8}, 1, 1e-3, true, true, gammaInit, betaInit);
 * }</pre>
 */
public final class KerasLayerNorm extends ShapeKeepingLayer {
    private static final long serialVersionUID = 1L;
    private static final String GAMMA = "gamma";
    private static final String BETA = "beta";

    /** gamma's and beta's shape (the normalized axes'), the product of the axes after them; JSON fields. */
    private long[] shape;
    private int inner;
    private double epsilon;
    private boolean center;
    private boolean scale;
    private IWeightInit gammaInit;
    private IWeightInit betaInit;

    /** For DL4J's JSON mapper. */
    public KerasLayerNorm() {
    }

    /**
     * @param shape     the normalized axes' sizes (gamma's and beta's shape)
     * @param inner     the product of the sample's axes after them
     * @param epsilon   added to the variance
     * @param center    whether beta is added
     * @param scale     whether gamma multiplies
     * @param gammaInit gamma's initialization
     * @param betaInit  beta's initialization
     */
    public KerasLayerNorm(long[] shape, int inner, double epsilon, boolean center, boolean scale,
                          IWeightInit gammaInit, IWeightInit betaInit) {
        this.shape = shape.clone();
        this.inner = inner;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
        this.gammaInit = gammaInit;
        this.betaInit = betaInit;
    }

    /** @return gamma's and beta's shape, the normalized axes' sizes */
    public long[] getShape() {
        return shape.clone();
    }

    /** @return the product of the sample's axes after the normalized ones */
    public int getInner() {
        return inner;
    }

    /** @return the epsilon added to the variance */
    public double getEpsilon() {
        return epsilon;
    }

    /** @return whether beta is added */
    public boolean isCenter() {
        return center;
    }

    /** @return whether gamma multiplies */
    public boolean isScale() {
        return scale;
    }

    /** @return gamma's initialization */
    public IWeightInit getGammaInit() {
        return gammaInit;
    }

    /** @return beta's initialization */
    public IWeightInit getBetaInit() {
        return betaInit;
    }

    /** @return the product of the normalized axes' sizes */
    long size() {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        return size;
    }

    @Override
    Layer implementation(NeuralNetConfiguration conf, DataType networkDataType) {
        return new Impl(conf, networkDataType);
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    /** gamma, then beta, each of the configuration's shape, where present. */
    static final class Params implements ParamInitializer {
        static final Params INSTANCE = new Params();

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            KerasLayerNorm norm = (KerasLayerNorm) layer;
            return paramKeys(layer).size() * norm.size();
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            KerasLayerNorm norm = (KerasLayerNorm) layer;
            List<String> keys = new ArrayList<>();
            if (norm.scale) {
                keys.add(GAMMA);
            }
            if (norm.center) {
                keys.add(BETA);
            }
            return keys;
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return ((KerasLayerNorm) layer).scale ? List.of(GAMMA) : List.of();
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return ((KerasLayerNorm) layer).center ? List.of(BETA) : List.of();
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return GAMMA.equals(key);
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return BETA.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            KerasLayerNorm norm = (KerasLayerNorm) conf.getLayer();
            Map<String, INDArray> params = views(norm, paramsView);
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                conf.addVariable(e.getKey());
                if (initializeParams) {
                    double fan = norm.size();
                    (e.getKey().equals(GAMMA) ? norm.gammaInit : norm.betaInit).init(fan, fan, norm.shape, 'c',
                            e.getValue());
                }
            }
            return params;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return views((KerasLayerNorm) conf.getLayer(), gradientView);
        }

        private Map<String, INDArray> views(KerasLayerNorm norm, INDArray flat) {
            Map<String, INDArray> views = new LinkedHashMap<>();
            if (flat == null) {
                return views;   // neither gamma nor beta
            }
            INDArray row = flat.reshape(flat.length());
            long from = 0;
            for (String key : paramKeys(norm)) {
                views.put(key, row.get(NDArrayIndex.interval(from, from + norm.size())).reshape('c', norm.shape));
                from += norm.size();
            }
            return views;
        }
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.BaseLayer<KerasLayerNorm> {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public boolean hasBias() {
            return layerConf().center;
        }

        /** @return the input normalized ({@code xhat}) and {@code 1 / sqrt(variance + epsilon)}, as [n, size, inner] */
        private INDArray[] normalized() {
            KerasLayerNorm c = layerConf();
            INDArray x = input.dup('c');
            x = x.reshape('c', x.length() / (c.size() * c.inner), c.size(), c.inner);
            INDArray centered = x.subi(x.mean(true, 1));
            INDArray inv = Transforms.pow(centered.mul(centered).mean(true, 1).addi(c.epsilon), -0.5, false);
            return new INDArray[] {centered.muli(inv), inv};
        }

        private INDArray broadcast(String key) {
            return params.get(key).reshape('c', 1, layerConf().size(), 1);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            INDArray y = normalized()[0];
            if (layerConf().scale) {
                y.muli(broadcast(GAMMA));
            }
            if (layerConf().center) {
                y.addi(broadcast(BETA));
            }
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, y.reshape('c', input.shape()));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            KerasLayerNorm c = layerConf();
            INDArray[] norm = normalized();
            INDArray xhat = norm[0];
            INDArray g = epsilon.dup('c').reshape('c', xhat.shape());
            Gradient gradient = new DefaultGradient();
            if (c.scale) {
                INDArray view = gradientViews.get(GAMMA);
                view.assign(g.mul(xhat).sum(0, 2).reshape('c', view.shape()));
                gradient.gradientForVariable().put(GAMMA, view);
            }
            if (c.center) {
                INDArray view = gradientViews.get(BETA);
                view.assign(g.sum(0, 2).reshape('c', view.shape()));
                gradient.gradientForVariable().put(BETA, view);
            }
            if (c.scale) {
                g.muli(broadcast(GAMMA));
            }
            // dx = inv * (g - mean(g) - xhat * mean(g * xhat)), each mean along the normalized run
            INDArray mean = g.mean(true, 1);
            INDArray meanTimesXhat = g.mul(xhat).mean(true, 1);
            INDArray dx = g.subi(mean).subi(xhat.muli(meanTimesXhat)).muli(norm[1]);
            return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx.reshape('c', input.shape())));
        }
    }
}

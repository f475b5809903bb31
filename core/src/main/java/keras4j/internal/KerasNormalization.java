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
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code Normalization} as a DL4J layer: the sample's values, in row-major order, seen as
 * {@code [outer, size, inner]} with {@code size} the product of the kept axes and {@code inner}
 * that of the axes after them; each position of the kept axes has its mean and variance, and
 * {@code (x - mean) / max(sqrt(variance), 1e-7)} (or, inverted, {@code mean + x * max(...)}) is
 * computed the same in training and at inference. The mean and variance are either the
 * configuration's (given) or parameters {@code mean}, {@code var} and {@code count} (adapted; keras4j
 * wraps the layer in DL4J's {@code FrozenLayerWithBackprop}, so they are never trained). The
 * gradient passes to the input. keras4j writes this class's name into saved model files: it keeps
 * it.
 *
 * <pre>{@code
 * KerasNormalization conf = new KerasNormalization(new long[] {8}, 1, false, null, null);   // adapted
 * }</pre>
 */
public final class KerasNormalization extends ShapeKeepingLayer {
    private static final long serialVersionUID = 1L;
    private static final double MIN_STD = 1e-7;   // Keras's backend.epsilon()
    private static final List<String> KEYS = List.of("mean", "var", "count");

    /** The kept axes' sizes, the product of the axes after them, the inverse, given statistics; JSON fields. */
    private long[] shape;
    private int inner;
    private boolean invert;
    private double[] mean;
    private double[] variance;

    /** For DL4J's JSON mapper. */
    public KerasNormalization() {
    }

    /**
     * @param shape    the kept axes' sizes (the mean's shape; empty for one mean)
     * @param inner    the product of the sample's axes after them (1 when none is kept)
     * @param invert   whether to compute the inverse
     * @param mean     the given means (one, or one per position), or null for parameters
     * @param variance the given variances, or null
     */
    public KerasNormalization(long[] shape, int inner, boolean invert, double[] mean, double[] variance) {
        this.shape = shape.clone();
        this.inner = inner;
        this.invert = invert;
        this.mean = mean == null ? null : mean.clone();
        this.variance = variance == null ? null : variance.clone();
    }

    /** @return the kept axes' sizes */
    public long[] getShape() {
        return shape.clone();
    }

    /** @return the product of the sample's axes after the kept ones */
    public int getInner() {
        return inner;
    }

    /** @return whether the layer computes the inverse */
    public boolean isInvert() {
        return invert;
    }

    /** @return the given means, or null */
    public double[] getMean() {
        return mean == null ? null : mean.clone();
    }

    /** @return the given variances, or null */
    public double[] getVariance() {
        return variance == null ? null : variance.clone();
    }

    long size() {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        return size;
    }

    /** @return the DL4J shape of the mean and variance parameters (a scalar's is [1]) */
    private long[] paramShape() {
        return shape.length == 0 ? new long[] {1} : shape;
    }

    @Override
    Layer implementation(NeuralNetConfiguration conf, DataType networkDataType) {
        return new Impl(conf, networkDataType);
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    /** mean and var (the kept axes' shape; zeros and ones, as Keras's) and count ([1], 0), unless given. */
    static final class Params implements ParamInitializer {
        static final Params INSTANCE = new Params();

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            KerasNormalization norm = (KerasNormalization) layer;
            return norm.mean != null ? 0 : 2 * norm.size() + 1;
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return ((KerasNormalization) layer).mean != null ? List.of() : KEYS;
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return paramKeys(layer);
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of();
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return KEYS.contains(key);
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return false;
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            Map<String, INDArray> params = views((KerasNormalization) conf.getLayer(), paramsView);
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                conf.addVariable(e.getKey());
                if (initializeParams) {
                    e.getValue().assign(e.getKey().equals("var") ? 1 : 0);
                }
            }
            return params;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return views((KerasNormalization) conf.getLayer(), gradientView);
        }

        private Map<String, INDArray> views(KerasNormalization norm, INDArray flat) {
            Map<String, INDArray> views = new LinkedHashMap<>();
            if (flat == null || norm.mean != null) {
                return views;
            }
            INDArray row = flat.reshape(flat.length());
            long size = norm.size();
            views.put("mean", row.get(NDArrayIndex.interval(0, size)).reshape('c', norm.paramShape()));
            views.put("var", row.get(NDArrayIndex.interval(size, 2 * size)).reshape('c', norm.paramShape()));
            views.put("count", row.get(NDArrayIndex.interval(2 * size, 2 * size + 1)).reshape(1));
            return views;
        }
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.BaseLayer<KerasNormalization> {
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
            return false;
        }

        /** @return one of the statistics, shaped [1, size, 1] to broadcast over the runs */
        private INDArray statistic(String key, double[] given) {
            KerasNormalization c = layerConf();
            INDArray values = given != null ? Nd4j.createFromArray(given).castTo(input.dataType())
                    : params.get(key).castTo(input.dataType());
            if (values.length() == 1 && c.size() != 1) {
                values = Nd4j.valueArrayOf(new long[] {c.size()}, values.getDouble(0), input.dataType());
            }
            return values.reshape('c', 1, c.size(), 1);
        }

        /** @return max(sqrt(variance), 1e-7), [1, size, 1] */
        private INDArray std() {
            return Transforms.max(Transforms.sqrt(statistic("var", layerConf().variance), true), MIN_STD, false);
        }

        private INDArray runs(INDArray array) {
            KerasNormalization c = layerConf();
            INDArray x = array.dup('c');
            return x.reshape('c', x.length() / (c.size() * c.inner), c.size(), c.inner);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            INDArray x = runs(input);
            INDArray mean = statistic("mean", layerConf().mean);
            INDArray y = layerConf().invert ? x.muli(std()).addi(mean) : x.subi(mean).divi(std());
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, y.reshape('c', input.shape()));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray g = runs(epsilon);
            INDArray dx = layerConf().invert ? g.muli(std()) : g.divi(std());
            Gradient gradient = new DefaultGradient();
            for (String key : new ArrayList<>(gradientViews == null ? List.<String>of() : gradientViews.keySet())) {
                INDArray view = gradientViews.get(key);
                view.assign(0);   // the statistics are not trained
                gradient.gradientForVariable().put(key, view);
            }
            return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx.reshape('c', input.shape())));
        }
    }
}

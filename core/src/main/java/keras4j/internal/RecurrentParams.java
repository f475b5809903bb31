package keras4j.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameters of keras4j's recurrent layers ({@link KerasGRU}, {@link KerasLSTM}), in this
 * order in the layer's view: {@code W} [in, gates * units], {@code RW} [units, gates * units]
 * (both column-major, as DL4J's) and {@code b} [rows, gates * units] (none without a bias).
 *
 * <pre>{@code
 * Map<String, INDArray> params = RecurrentParams.INSTANCE.init(conf, view, true);
 * }</pre>
 */
final class RecurrentParams implements ParamInitializer {
    static final RecurrentParams INSTANCE = new RecurrentParams();
    static final String W = "W";
    static final String RW = "RW";
    static final String B = "b";

    /** What a layer's parameters look like. */
    interface Shape {
        /** @return how many blocks of units columns the kernels have */
        int gates();

        /** @return the bias's rows (0 without a bias) */
        int biasRows();

        /** @param bias the bias [rows, gates * units], set to its initial values */
        void initBias(INDArray bias);
    }

    private RecurrentParams() {
    }

    /**
     * @param type   a recurrent layer's output type, its outputs alone
     * @param states how many state blocks follow the outputs (Keras's return_state)
     * @return the type with those blocks: {@code (1 + states) * units} values per step
     */
    static InputType withStates(InputType type, int states) {
        if (states == 0) {
            return type;
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) type;
        return InputType.recurrent((1 + states) * r.getSize(), r.getTimeSeriesLength(), r.getFormat());
    }

    /**
     * @param next  the gradient of the state after step {@code t} from the later steps, or null
     * @param eps   the gradient of the layer's output [batch, (1 + states) * units, timesteps] (NCW)
     * @param block which state block: 1 for h, 2 for LSTM's c
     * @param units the units
     * @param t     the step
     * @return {@code next} plus the gradient the state after step {@code t} gets as an output
     */
    static INDArray plusState(INDArray next, INDArray eps, int block, long units, long t) {
        INDArray own = eps.get(all(), interval(block * units, (block + 1) * units), point(t));
        return next == null ? own.dup() : next.addi(own);
    }

    private static Shape shape(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return (Shape) layer;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
        BaseRecurrentLayer c = (BaseRecurrentLayer) layer;
        return shape(layer).gates() * c.getNOut() * (c.getNIn() + c.getNOut() + shape(layer).biasRows());
    }

    @Override
    public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
        List<String> keys = new ArrayList<>(weightKeys(layer));
        keys.addAll(biasKeys(layer));
        return keys;
    }

    @Override
    public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return List.of(W, RW);
    }

    @Override
    public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return shape(layer).biasRows() > 0 ? List.of(B) : List.of();
    }

    @Override
    public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
        return W.equals(key) || RW.equals(key);
    }

    @Override
    public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
        return B.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        BaseRecurrentLayer c = (BaseRecurrentLayer) conf.getLayer();
        long in = c.getNIn();
        long cols = shape(c).gates() * c.getNOut();
        Map<String, INDArray> m = subsets(paramsView, c);
        if (initializeParams) {
            INDArray flat = paramsView.reshape(paramsView.length());
            c.getWeightInitFn().init(in, cols, new long[] {in, cols}, 'f', flat.get(interval(0, in * cols)));
            IWeightInit recurrent = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent()
                    : c.getWeightInitFn();
            recurrent.init(c.getNOut(), cols, new long[] {c.getNOut(), cols}, 'f',
                    flat.get(interval(in * cols, (in + c.getNOut()) * cols)));
            if (m.containsKey(B)) {
                shape(c).initBias(m.get(B));
            }
        }
        for (String key : m.keySet()) {
            conf.addVariable(key);
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return subsets(gradientView, (BaseRecurrentLayer) conf.getLayer());
    }

    private static Map<String, INDArray> subsets(INDArray view, BaseRecurrentLayer c) {
        long in = c.getNIn();
        long units = c.getNOut();
        long cols = shape(c).gates() * units;
        int rows = shape(c).biasRows();
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(W, flat.get(interval(0, in * cols)).reshape('f', in, cols));
        m.put(RW, flat.get(interval(in * cols, (in + units) * cols)).reshape('f', units, cols));
        if (rows > 0) {
            long start = (in + units) * cols;
            m.put(B, flat.get(interval(start, start + rows * cols)).reshape('c', rows, cols));
        }
        return m;
    }
}

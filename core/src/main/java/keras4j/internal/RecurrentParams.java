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
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * @param type    a recurrent layer's input type
     * @param initial how many states to start from follow the features (Keras's initial_state)
     * @param units   the units
     * @return the type of the sequence's own features, DL4J's nIn
     */
    static InputType withoutInitialStates(InputType type, int initial, long units) {
        if (initial == 0 || !(type instanceof InputType.InputTypeRecurrent r)) {
            return type;
        }
        return InputType.recurrent(r.getSize() - initial * units, r.getTimeSeriesLength(), r.getFormat());
    }

    /**
     * @param x       the layer's input [batch, channels, timesteps] (NCW)
     * @param nIn     the sequence's features, the first channels
     * @param units   the units
     * @param index   which state: 0 for h, 1 for LSTM's c
     * @param initial how many states to start from follow the features (Keras's initial_state), or 0
     * @return the state the first step starts from [batch, units]: read at the input's first step,
     *         where the graph repeated it ({@code SampleRepeat}), or zeros
     */
    static INDArray initialState(INDArray x, long nIn, long units, int index, int initial) {
        if (initial == 0) {
            return Nd4j.zeros(x.dataType(), x.size(0), units);
        }
        return x.get(all(), interval(nIn + index * units, nIn + (index + 1) * units), point(0)).dup();
    }

    /** @return the sequence's own features of the input, without the initial states after them */
    static INDArray features(INDArray x, long nIn) {
        return x.size(1) == nIn ? x : x.get(all(), interval(0, nIn), all());
    }

    /**
     * @param epsOut the gradient of the layer's input [batch, channels, timesteps]
     * @param grad   the gradient of the state the first step started from [batch, units]
     * @param nIn    the sequence's features
     * @param index  which state: 0 for h, 1 for LSTM's c
     */
    static void initialGradient(INDArray epsOut, INDArray grad, long nIn, int index) {
        long units = grad.size(1);
        epsOut.get(all(), interval(nIn + index * units, nIn + (index + 1) * units), point(0)).assign(grad);
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

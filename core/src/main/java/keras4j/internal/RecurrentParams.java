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
import org.nd4j.linalg.api.buffer.DataType;
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

    /**
     * Keras's {@code recurrent_dropout} in one layer's training pass: each gate's block of the
     * recurrent kernel takes the previous state times its own mask (0, or 1 / (1 - rate) to keep the
     * expected value), drawn once per batch and used at every step (Keras's implementation 1). The
     * masks drawn by a forward pass are reused by its backprop's, which runs the steps again.
     */
    static final class RecurrentDropout {
        private INDArray[] masks;

        /**
         * Draws the masks of a new forward pass, or none outside training.
         *
         * @param training whether the pass trains
         * @param rate     the fraction of the state's values dropped; 0 for none
         * @param batch    the batch size
         * @param units    the units
         * @param gates    how many blocks the recurrent kernel has
         * @param type     the masks' data type
         */
        void draw(boolean training, double rate, long batch, long units, int gates, DataType type) {
            masks = null;
            if (training && rate > 0) {
                masks = new INDArray[gates];
                for (int g = 0; g < gates; g++) {
                    // detached from DL4J's workspaces: the backprop pass reads them after the forward pass's closed
                    masks[g] = Nd4j.rand(type, batch, units).gte(rate).castTo(type).divi(1 - rate).detach();
                }
            }
        }

        /** @return whether masks were drawn for the batch of {@code batch} samples */
        boolean drawn(long batch) {
            return masks != null && masks[0].size(0) == batch;
        }

        /** @param gate a block of the recurrent kernel @return the state as that block sees it */
        INDArray state(INDArray h, int gate) {
            return masks == null ? h : h.mul(masks[gate]);
        }

        /**
         * @param h    the previous state [batch, units]
         * @param rw   blocks of the recurrent kernel [units, k * units], from block {@code from}
         * @param from the first block's index
         * @return each block's state (masked) times its block: {@code h · rw} without masks
         */
        INDArray product(INDArray h, INDArray rw, int from) {
            if (masks == null) {
                return h.mmul(rw);
            }
            long u = h.size(1);
            INDArray out = Nd4j.create(h.dataType(), h.size(0), rw.size(1));
            for (int b = 0; b < rw.size(1) / u; b++) {
                out.get(all(), interval(b * u, (b + 1) * u)).assign(state(h, from + b)
                        .mmul(rw.get(all(), interval(b * u, (b + 1) * u))));
            }
            return out;
        }

        /**
         * The backward pass of {@link #product}: adds each block's kernel gradient to {@code gRW}.
         *
         * @param dA  the gradient of the product [batch, k * units]
         * @param gRW the blocks' kernel gradient, added to
         * @return the gradient of {@code h}
         */
        INDArray backprop(INDArray h, INDArray rw, int from, INDArray dA, INDArray gRW) {
            if (masks == null) {
                gRW.addi(h.transpose().mmul(dA));
                return dA.mmul(rw.transpose());
            }
            long u = h.size(1);
            INDArray dh = Nd4j.zeros(h.dataType(), h.size(0), u);
            for (int b = 0; b < rw.size(1) / u; b++) {
                INDArray block = dA.get(all(), interval(b * u, (b + 1) * u));
                gRW.get(all(), interval(b * u, (b + 1) * u)).addi(state(h, from + b).transpose().mmul(block));
                dh.addi(block.mmul(rw.get(all(), interval(b * u, (b + 1) * u)).transpose()).muli(masks[from + b]));
            }
            return dh;
        }
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

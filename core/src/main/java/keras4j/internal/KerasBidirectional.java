package keras4j.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's bidirectional wrapper, outputting each direction's last output merged, Keras's
 * {@code Bidirectional} of a layer with {@code return_sequences=False}: the forward layer's
 * output at the last step and the backward layer's after it has read the whole sequence
 * backwards (its output at the first step, once DL4J has put its outputs back in time order),
 * concatenated, summed, multiplied or averaged. DL4J's own wrapper of a last-step layer can't
 * backpropagate (it slices its gradient as a sequence). The wrapped layer returns sequences; its
 * two copies' outputs are concatenated, then merged here. With a mask (a {@code MaskZeroLayer}
 * around it), the last output is the last unmasked step's, and the backward one's the first's. keras4j writes this class's name into
 * saved model files: it keeps it.
 *
 * <pre>{@code
 * Layer lstm = new LSTM.Builder().nIn(3).nOut(8).build();   // returning sequences
 * list.layer(new KerasBidirectional(lstm, "concat"));       // [batch, 3, steps] -> [batch, 16]
 * }</pre>
 */
public final class KerasBidirectional extends Bidirectional {
    private static final long serialVersionUID = 1L;

    /** How the last outputs are merged: concat, sum, mul or ave; the JSON field of the saved network. */
    private String lastStepMerge;

    /** For DL4J's JSON mapper. */
    public KerasBidirectional() {
    }

    /**
     * @param sequences a recurrent layer configuration returning sequences
     * @param merge     Keras's merge_mode: "concat", "sum", "mul" or "ave"
     */
    public KerasBidirectional(org.deeplearning4j.nn.conf.layers.Layer sequences, String merge) {
        super(Mode.CONCAT, sequences);
        this.lastStepMerge = merge;
    }

    /** @return how the two last outputs are merged: concat, sum, mul or ave */
    public String getLastStepMerge() {
        return lastStepMerge;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeRecurrent both = (InputType.InputTypeRecurrent) super.getOutputType(layerIndex,
                inputType);
        return InputType.feedForward(lastStepMerge.equals("concat") ? both.getSize() : both.getSize() / 2);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                      Collection<TrainingListener> trainingListeners, int layerIndex,
                                                      INDArray layerParamsView, boolean initializeParams,
                                                      DataType networkDataType) {
        // As DL4J's Bidirectional: each copy gets half of the parameters.
        NeuralNetConfiguration forward = conf.clone();
        NeuralNetConfiguration backward = conf.clone();
        forward.setLayer(getFwd());
        backward.setLayer(getBwd());
        INDArray flat = layerParamsView.reshape(layerParamsView.length());
        long n = layerParamsView.length() / 2;
        org.deeplearning4j.nn.api.Layer f = getFwd().instantiate(forward, trainingListeners, layerIndex,
                flat.get(interval(0, n)), initializeParams, networkDataType);
        org.deeplearning4j.nn.api.Layer b = getBwd().instantiate(backward, trainingListeners, layerIndex,
                flat.get(interval(n, 2 * n)), initializeParams, networkDataType);
        Impl layer = new Impl(conf, f, b, layerParamsView, lastStepMerge);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasBidirectional other && super.equals(o)
                && Objects.equals(lastStepMerge, other.lastStepMerge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), lastStepMerge);
    }

    /** The layer: DL4J's, its concatenated sequences' last outputs merged. Not thread-safe, like every DL4J layer. */
    static final class Impl extends BidirectionalLayer {
        private static final long serialVersionUID = 1L;
        private final String merge;
        private transient INDArray forwardLast;
        private transient INDArray backwardLast;
        private long steps;
        private long[] last;
        private long[] first;

        Impl(NeuralNetConfiguration conf, org.deeplearning4j.nn.api.Layer fwd, org.deeplearning4j.nn.api.Layer bwd,
             INDArray paramsView, String merge) {
            super(conf, fwd, bwd, paramsView);
            this.merge = merge;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray both = super.activate(training, workspaceMgr);   // [batch, 2 * units, steps]
            long units = both.size(1) / 2;
            steps = both.size(2);
            ends(both.size(0));
            INDArray f = pick(both, 0, units, last);
            INDArray b = pick(both, units, 2 * units, first);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, both.dataType(),
                    new long[] {both.size(0), merge.equals("concat") ? 2 * units : units}, 'c');
            switch (merge) {
                case "concat" -> {
                    out.get(all(), interval(0, units)).assign(f);
                    out.get(all(), interval(units, 2 * units)).assign(b);
                }
                case "sum" -> out.assign(f.add(b));
                case "mul" -> out.assign(f.mul(b));
                default -> out.assign(f.add(b).muli(0.5));
            }
            forwardLast = merge.equals("mul") ? f.detach() : null;
            backwardLast = merge.equals("mul") ? b.detach() : null;
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            long units = merge.equals("concat") ? epsilon.size(1) / 2 : epsilon.size(1);
            INDArray both = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
                    new long[] {epsilon.size(0), 2 * units, steps}, 'f');
            INDArray f;
            INDArray b;
            switch (merge) {
                case "concat" -> {
                    f = epsilon.get(all(), interval(0, units));
                    b = epsilon.get(all(), interval(units, 2 * units));
                }
                case "sum" -> {
                    f = epsilon;
                    b = epsilon;
                }
                case "mul" -> {
                    f = epsilon.mul(backwardLast);
                    b = epsilon.mul(forwardLast);
                }
                default -> {
                    f = epsilon.mul(0.5);
                    b = f;
                }
            }
            for (int i = 0; i < epsilon.size(0); i++) {
                both.get(point(i), interval(0, units), point(last[i])).assign(f.getRow(i));
                both.get(point(i), interval(units, 2 * units), point(first[i])).assign(b.getRow(i));
            }
            return super.backpropGradient(both, workspaceMgr);
        }

        /**
         * Sets each sample's last unmasked step (the forward layer's last output) and first one
         * (the backward layer's last, once back in time order): the sequence's ends without a mask.
         */
        private void ends(long batch) {
            INDArray mask = getMaskArray();
            last = new long[(int) batch];
            first = new long[(int) batch];
            for (int i = 0; i < batch; i++) {
                last[i] = steps - 1;
                first[i] = 0;
                if (mask != null) {
                    while (last[i] > 0 && mask.getDouble(i, last[i]) == 0) {
                        last[i]--;
                    }
                    while (first[i] < steps - 1 && mask.getDouble(i, first[i]) == 0) {
                        first[i]++;
                    }
                }
            }
        }

        /** @return [batch, units]: each sample's channels [from, to) at its own step */
        private static INDArray pick(INDArray both, long from, long to, long[] at) {
            INDArray out = both.get(all(), interval(from, to), point(0)).dup();
            for (int i = 0; i < at.length; i++) {
                out.getRow(i).assign(both.get(point(i), interval(from, to), point(at[i])));
            }
            return out;
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                              int minibatchSize) {
            super.feedForwardMaskArray(maskArray, currentMaskState, minibatchSize);
            return new Pair<>(null, currentMaskState);   // one output per sample: no mask after
        }
    }
}

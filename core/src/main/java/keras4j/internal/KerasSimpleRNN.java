package keras4j.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's SimpleRNN with Keras's masking and states, as a DL4J recurrent layer: per step, from a
 * zero state (or Keras's initial_state), {@code h = act(x·W + h·RW + b)}; a masked step keeps the
 * previous state and outputs zeros (DL4J's {@code SimpleRnn} restarts from a zero state after one).
 * keras4j lowers a SimpleRNN to this layer when its input is masked, or with {@code returnState},
 * an initial state or recurrent dropout ({@link KerasRecurrent}); else to DL4J's own. The
 * parameters are DL4J's SimpleRnn's (W [in, u], RW [u, u], b [1, u]), so keras4j reads and writes
 * them as a SimpleRNN's. keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * KerasSimpleRNN conf = new KerasSimpleRNN.Builder().nIn(3).nOut(8).activation(Activation.TANH).build();
 * }</pre>
 */
public final class KerasSimpleRNN extends KerasRecurrent {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public KerasSimpleRNN() {
    }

    private KerasSimpleRNN(Builder builder) {
        super(builder, 1);
    }

    @Override
    Impl impl(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public int biasRows() {
        return 1;
    }

    @Override
    public void initBias(INDArray bias) {
        bias.assign(getBiasInit());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasSimpleRNN && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /** Builds a {@link KerasSimpleRNN}: DL4J's recurrent layer settings and Keras's states. */
    @SuppressWarnings("unchecked")   // build() overrides DL4J's generic one
    public static final class Builder extends KerasRecurrent.Builder<Builder> {
        @Override
        public KerasSimpleRNN build() {
            return new KerasSimpleRNN(this);
        }
    }

    /** One step's values, kept for backprop: its input, the state before it, the pre-activation, the mask. */
    private record Step(INDArray x, INDArray h, INDArray pre, INDArray mask) {
    }

    /** The layer itself. */
    static final class Impl extends KerasRecurrent.Impl<KerasSimpleRNN> {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return forward(training, null, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                              LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            KerasSimpleRNN conf = layerConf();
            long u = conf.getNOut();
            List<Step> steps = new ArrayList<>();
            keepRecurrentDropout();
            forward(true, steps, workspaceMgr);   // the masks of the pass that computed the loss
            INDArray w = getParamWithNoise(RecurrentParams.W, true, workspaceMgr);
            INDArray rw = getParamWithNoise(RecurrentParams.RW, true, workspaceMgr);
            INDArray gW = gradientViews.get(RecurrentParams.W);
            INDArray gRW = gradientViews.get(RecurrentParams.RW);
            INDArray gB = gradientViews.get(RecurrentParams.B);
            gradientsFlattened.assign(0);
            IActivation act = conf.getActivationFn();
            INDArray eps = permuteIfNWC(epsilon).castTo(w.dataType());
            INDArray epsOut = inputGradient(steps.size(), workspaceMgr);
            INDArray dhNext = null;
            for (int t = steps.size() - 1; t >= 0; t--) {
                Step s = steps.get(t);
                if (conf.getStates() > 0) {   // the state after this step is an output too
                    dhNext = RecurrentParams.plusState(dhNext, eps, 1, u, t);
                }
                INDArray dh = eps.get(all(), interval(0, u), point(t)).dup();
                if (s.mask() != null) {
                    dh.muliColumnVector(s.mask());   // a masked step's output is zero
                }
                if (dhNext != null) {
                    dh.addi(dhNext);
                }
                // a masked step passes its state's gradient straight on
                INDArray dCell = s.mask() == null ? dh : dh.mulColumnVector(s.mask());
                INDArray dPre = act.backprop(s.pre().dup(), dCell.dup()).getFirst();
                gW.addi(s.x().transpose().mmul(dPre));
                gB.addi(dPre.sum(true, 0));
                epsOut.get(all(), interval(0, w.size(0)), point(t)).assign(dPre.mmul(w.transpose()));
                dhNext = recurrentDropout.backprop(s.h(), rw, 0, dPre, gRW);
                if (s.mask() != null) {
                    dhNext.addi(dh.sub(dCell));
                }
            }
            return backpropDone(epsOut, dhNext);
        }

        /** @param kept receives every step's values (for backprop), or null */
        private INDArray forward(boolean training, List<Step> kept, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            KerasSimpleRNN conf = layerConf();
            INDArray w = getParamWithNoise(RecurrentParams.W, training, workspaceMgr);
            INDArray rw = getParamWithNoise(RecurrentParams.RW, training, workspaceMgr);
            INDArray bias = getParamWithNoise(RecurrentParams.B, training, workspaceMgr);
            INDArray x = permuteIfNWC(input.castTo(w.dataType()));
            long u = conf.getNOut();
            INDArray h = RecurrentParams.initialState(x, w.size(0), u, 0, conf.getInitialStates());
            x = RecurrentParams.features(x, w.size(0));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
                    new long[] {x.size(0), (1 + conf.getStates()) * u, x.size(2)}, 'f');
            INDArray mask = maskArray == null ? null : maskArray.castTo(w.dataType());
            IActivation act = conf.getActivationFn();
            for (long t = 0; t < x.size(2); t++) {
                INDArray xt = x.get(all(), all(), point(t)).dup();
                INDArray pre = xt.mmul(w).addi(recurrentDropout.product(h, rw, 0)).addiRowVector(bias);
                INDArray next = act.getActivation(pre.dup(), training);
                INDArray m = mask == null ? null : mask.getColumn(t, true);
                out.get(all(), interval(0, u), point(t)).assign(m == null ? next : next.mulColumnVector(m));
                if (kept != null) {
                    kept.add(new Step(xt, h, pre, m));
                }
                h = m == null ? next : next.subi(h).muliColumnVector(m).addi(h);   // a masked step keeps the state
                if (conf.getStates() > 0) {
                    out.get(all(), interval(u, 2 * u), point(t)).assign(h);
                }
            }
            return permuteIfNWC(out);
        }
    }
}

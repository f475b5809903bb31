package keras4j.internal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's LSTM with Keras's masking, as a DL4J recurrent layer: a masked step keeps the previous
 * state (h and c) and outputs zeros; DL4J's own LSTM restarts from a zero state after a masked
 * step, and its backprop through masked steps is wrong (its gradient check fails with masks
 * anywhere but at the end of the sequences). keras4j lowers an LSTM to this layer when its input
 * is masked; per step, from zero states, with {@code rec} the gate activation and {@code act}
 * the activation:
 * <pre>
 * i = rec(a_i)  f = rec(a_f)  o = rec(a_o)  g = act(a_g)   with a = x·W + h·RW + b
 * c = f * c + i * g      h = o * act(c)
 * </pre>
 * The parameters are DL4J's LSTM's (W [in, 4u], RW [u, 4u], b [1, 4u], blocks g, f, o, i), so
 * keras4j reads and writes them as an LSTM's. keras4j lowers an LSTM with {@code returnState}
 * (Keras's return_state) to this layer too: h and c then follow the outputs at every step, for
 * keras4j's {@link StepSlice}s to take the final ones. keras4j writes this class's name into
 * saved model files: it keeps it.
 *
 * <pre>{@code
 * KerasLSTM conf = new KerasLSTM.Builder().nIn(3).nOut(8).activation(Activation.TANH)
 *         .gateActivation(Activation.SIGMOID.getActivationFunction()).forgetGateBiasInit(1).build();
 * }</pre>
 */
public final class KerasLSTM extends KerasRecurrent {
    private static final long serialVersionUID = 1L;
    /** DL4J's LSTM's blocks of the kernels' columns. */
    private static final int G = 0;
    private static final int F = 1;
    private static final int O = 2;
    private static final int I = 3;

    /** Keras's settings; JSON fields of the saved network. */
    private IActivation gateActivationFn;
    private double forgetGateBiasInit;

    /** For DL4J's JSON mapper. */
    public KerasLSTM() {
    }

    private KerasLSTM(Builder builder) {
        super(builder, 2);
        this.gateActivationFn = builder.gateActivationFn;
        this.forgetGateBiasInit = builder.forgetGateBiasInit;
    }

    /** @return the input, forget and output gates' activation */
    public IActivation getGateActivationFn() {
        return gateActivationFn;
    }

    /** @return the forget gate's initial bias */
    public double getForgetGateBiasInit() {
        return forgetGateBiasInit;
    }

    @Override
    Impl impl(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public int biasRows() {
        return 1;
    }

    @Override
    public void initBias(INDArray bias) {
        bias.assign(getBiasInit());
        bias.get(all(), interval(F * getNOut(), (F + 1) * getNOut())).assign(forgetGateBiasInit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasLSTM other && super.equals(o) && Objects.equals(gateActivationFn,
                other.gateActivationFn) && Double.compare(forgetGateBiasInit, other.forgetGateBiasInit) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), gateActivationFn, forgetGateBiasInit);
    }

    /** Builds a {@link KerasLSTM}: DL4J's recurrent layer settings and the gates'. */
    @SuppressWarnings("unchecked")   // build() overrides DL4J's generic one
    public static final class Builder extends KerasRecurrent.Builder<Builder> {
        private IActivation gateActivationFn;
        private double forgetGateBiasInit = 1.0;

        /** @param activation the gates' activation (Keras's recurrent_activation) @return this builder */
        public Builder gateActivation(IActivation activation) {
            this.gateActivationFn = activation;
            return this;
        }

        /** @param bias the forget gate's initial bias (Keras's unit_forget_bias: 1) @return this builder */
        public Builder forgetGateBiasInit(double bias) {
            this.forgetGateBiasInit = bias;
            return this;
        }

        @Override
        public KerasLSTM build() {
            return new KerasLSTM(this);
        }
    }

    /** One step's values, kept for backprop. */
    private record Step(INDArray x, INDArray h, INDArray c, INDArray pre, INDArray g, INDArray f, INDArray o,
                        INDArray i, INDArray cell, INDArray actCell, INDArray mask) {
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends KerasRecurrent.Impl<KerasLSTM> {
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
            KerasLSTM conf = layerConf();
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
            IActivation gate = conf.gateActivationFn;
            INDArray eps = permuteIfNWC(epsilon).castTo(w.dataType());
            INDArray epsOut = inputGradient(steps.size(), workspaceMgr);
            INDArray dhNext = null;
            INDArray dcNext = null;
            for (int t = steps.size() - 1; t >= 0; t--) {
                Step s = steps.get(t);
                if (conf.getStates() > 0) {   // the states after this step are outputs too
                    dhNext = RecurrentParams.plusState(dhNext, eps, 1, u, t);
                    dcNext = RecurrentParams.plusState(dcNext, eps, 2, u, t);
                }
                INDArray dh = eps.get(all(), interval(0, u), point(t)).dup();
                if (s.mask() != null) {
                    dh.muliColumnVector(s.mask());   // a masked step's output is zero
                }
                if (dhNext != null) {
                    dh.addi(dhNext);
                }
                INDArray dc = dcNext != null ? dcNext : Nd4j.zeros(dh.dataType(), dh.shape());
                // a masked step passes its state's gradients straight on
                INDArray dhCell = s.mask() == null ? dh : dh.mulColumnVector(s.mask());
                INDArray dcCell = s.mask() == null ? dc.dup() : dc.mulColumnVector(s.mask());
                INDArray dhKept = s.mask() == null ? null : dh.sub(dhCell);
                INDArray dcKept = s.mask() == null ? null : dc.sub(dcCell);
                INDArray dO = dhCell.mul(s.actCell());
                dcCell.addi(act.backprop(s.cell().dup(), dhCell.mul(s.o())).getFirst());
                INDArray dA = Nd4j.create(dh.dataType(), dh.size(0), 4 * u);
                block(dA, G, u).assign(act.backprop(block(s.pre(), G, u).dup(), dcCell.mul(s.i())).getFirst());
                block(dA, F, u).assign(gate.backprop(block(s.pre(), F, u).dup(), dcCell.mul(s.c())).getFirst());
                block(dA, O, u).assign(gate.backprop(block(s.pre(), O, u).dup(), dO).getFirst());
                block(dA, I, u).assign(gate.backprop(block(s.pre(), I, u).dup(), dcCell.mul(s.g())).getFirst());
                gW.addi(s.x().transpose().mmul(dA));
                gB.addi(dA.sum(true, 0));
                epsOut.get(all(), interval(0, w.size(0)), point(t)).assign(dA.mmul(w.transpose()));
                dhNext = recurrentDropout.backprop(s.h(), rw, 0, dA, gRW);
                dcNext = dcCell.mul(s.f());
                if (dhKept != null) {
                    dhNext.addi(dhKept);
                    dcNext.addi(dcKept);
                }
            }
            return backpropDone(epsOut, dhNext, dcNext);
        }

        private static INDArray block(INDArray columns, int gate, long units) {
            return columns.get(all(), interval(gate * units, (gate + 1) * units));
        }

        /** @param kept receives every step's values (for backprop), or null */
        private INDArray forward(boolean training, List<Step> kept, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            KerasLSTM conf = layerConf();
            INDArray w = getParamWithNoise(RecurrentParams.W, training, workspaceMgr);
            INDArray rw = getParamWithNoise(RecurrentParams.RW, training, workspaceMgr);
            INDArray bias = getParamWithNoise(RecurrentParams.B, training, workspaceMgr);
            INDArray x = permuteIfNWC(input.castTo(w.dataType()));
            long batch = x.size(0);
            long u = conf.getNOut();
            INDArray h = RecurrentParams.initialState(x, w.size(0), u, 0, conf.getInitialStates());
            INDArray c = RecurrentParams.initialState(x, w.size(0), u, 1, conf.getInitialStates());
            x = RecurrentParams.features(x, w.size(0));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
                    new long[] {batch, (1 + conf.getStates()) * u, x.size(2)}, 'f');
            INDArray mask = maskArray == null ? null : maskArray.castTo(w.dataType());
            IActivation act = conf.getActivationFn();
            IActivation gate = conf.gateActivationFn;
            for (long t = 0; t < x.size(2); t++) {
                INDArray xt = x.get(all(), all(), point(t)).dup();
                INDArray pre = xt.mmul(w).addi(recurrentDropout.product(h, rw, 0)).addiRowVector(bias);
                INDArray g = act.getActivation(block(pre, G, u).dup(), training);
                INDArray f = gate.getActivation(block(pre, F, u).dup(), training);
                INDArray o = gate.getActivation(block(pre, O, u).dup(), training);
                INDArray i = gate.getActivation(block(pre, I, u).dup(), training);
                INDArray cell = f.mul(c).addi(i.mul(g));
                INDArray actCell = act.getActivation(cell.dup(), training);
                INDArray next = o.mul(actCell);
                INDArray m = mask == null ? null : mask.getColumn(t, true);
                out.get(all(), interval(0, u), point(t)).assign(m == null ? next : next.mulColumnVector(m));
                if (kept != null) {
                    kept.add(new Step(xt, h, c, pre, g, f, o, i, cell, actCell, m));
                }
                // a masked step keeps the state
                h = m == null ? next : next.subi(h).muliColumnVector(m).addi(h);
                c = m == null ? cell : cell.sub(c).muliColumnVector(m).addi(c);
                if (conf.getStates() > 0) {
                    out.get(all(), interval(u, 2 * u), point(t)).assign(h);
                    out.get(all(), interval(2 * u, 3 * u), point(t)).assign(c);
                }
            }
            return permuteIfNWC(out);
        }
    }
}

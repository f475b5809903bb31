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
 * Keras's gated recurrent unit as a DL4J recurrent layer (DL4J 1.0.0-M2.1 has none), on DL4J's
 * sequences {@code [batch, features, timesteps]}, from a zero state. Per step, with {@code rec}
 * the gate activation and {@code act} the activation, and Keras's blocks z, r, h of the kernels'
 * {@code 3 * units} columns:
 * <pre>
 * z = rec(x·W_z + b_z + h·U_z + c_z)      r = rec(x·W_r + b_r + h·U_r + c_r)
 * hh = act(x·W_h + b_h + r * (h·U_h + c_h))       (resetAfter, Keras's default)
 * hh = act(x·W_h + b_h + (r * h)·U_h)              (resetAfter false; no c)
 * h = z * h + (1 - z) * hh
 * </pre>
 * Parameters: {@code W} [features, 3 * units], {@code RW} [units, 3 * units] and {@code b}
 * [2, 3 * units] (rows b and c) with resetAfter, else [1, 3 * units]; none without bias. With a
 * mask, a masked step keeps the previous state (Keras's rule) and outputs zeros (as DL4J's
 * recurrent layers do, so a following {@code MaskZeroLayer} sees the mask again). With
 * {@code returnState} (Keras's return_state) h follows the outputs at every step, for keras4j's
 * {@link StepSlice}s to take the final one. keras4j writes this class's name into saved model
 * files: it keeps it.
 *
 * <pre>{@code
 * KerasGRU conf = new KerasGRU.Builder().resetAfter(true).nIn(3).nOut(8)
 *         .activation(Activation.TANH).gateActivation(Activation.SIGMOID.getActivationFunction()).build();
 * }</pre>
 */
public final class KerasGRU extends KerasRecurrent {
    private static final long serialVersionUID = 1L;
    private static final String W = RecurrentParams.W;
    private static final String RW = RecurrentParams.RW;
    private static final String B = RecurrentParams.B;

    /** Keras's settings; JSON fields of the saved network. */
    private boolean resetAfter = true;
    private boolean useBias = true;
    private IActivation gateActivationFn;

    /** For DL4J's JSON mapper. */
    public KerasGRU() {
    }

    private KerasGRU(Builder builder) {
        super(builder, 1);
        this.resetAfter = builder.resetAfter;
        this.useBias = builder.useBias;
        this.gateActivationFn = builder.gateActivationFn;
    }

    /** @return whether the reset gate multiplies the recurrent product (Keras's default), not the state */
    public boolean isResetAfter() {
        return resetAfter;
    }

    /** @return whether the layer has biases */
    public boolean isUseBias() {
        return useBias;
    }

    /** @return the update and reset gates' activation */
    public IActivation getGateActivationFn() {
        return gateActivationFn;
    }

    @Override
    Impl impl(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public void initBias(INDArray bias) {
        bias.assign(getBiasInit());
    }

    @Override
    public int biasRows() {
        return useBias ? resetAfter ? 2 : 1 : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasGRU other && super.equals(o) && resetAfter == other.resetAfter
                && useBias == other.useBias && Objects.equals(gateActivationFn, other.gateActivationFn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), resetAfter, useBias, gateActivationFn);
    }

    /** Builds a {@link KerasGRU}: DL4J's recurrent layer settings and Keras's GRU ones. */
    @SuppressWarnings("unchecked")   // build() overrides DL4J's generic one
    public static final class Builder extends KerasRecurrent.Builder<Builder> {
        private boolean resetAfter = true;
        private boolean useBias = true;
        private IActivation gateActivationFn;

        /** @param resetAfter Keras's reset_after (default true) @return this builder */
        public Builder resetAfter(boolean resetAfter) {
            this.resetAfter = resetAfter;
            return this;
        }

        /** @param useBias whether the layer has biases (default true) @return this builder */
        public Builder useBias(boolean useBias) {
            this.useBias = useBias;
            return this;
        }

        /** @param activation the gates' activation (Keras's recurrent_activation) @return this builder */
        public Builder gateActivation(IActivation activation) {
            this.gateActivationFn = activation;
            return this;
        }

        @Override
        public KerasGRU build() {
            return new KerasGRU(this);
        }
    }

    /** One step's values, kept for backprop: the state before it, pre-activations, gates and the state after. */
    private record Step(INDArray x, INDArray h, INDArray preZ, INDArray preR, INDArray preH, INDArray z, INDArray r,
                        INDArray hh, INDArray inner, INDArray mask, INDArray next) {
    }

    /** A forward pass: the output [batch, units, timesteps] and, for backprop, the input and every step. */
    private record Run(INDArray out, INDArray input, List<Step> steps) {
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends KerasRecurrent.Impl<KerasGRU> {
        private static final long serialVersionUID = 1L;
        private static final String STATE = "h";

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return forward(training, null, false, workspaceMgr).out();
        }

        @Override
        public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            INDArray out = forward(false, stateMap.get(STATE), false, workspaceMgr).out();
            stateMap.put(STATE, last(out));
            return out;
        }

        @Override
        public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                    LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            INDArray out = forward(training, tBpttStateMap.get(STATE), false, workspaceMgr).out();
            if (storeLastForTBPTT) {
                tBpttStateMap.put(STATE, last(out));
            }
            return out;
        }

        /** @return the state after the last step (with states, the block after the outputs) */
        private INDArray last(INDArray out) {
            INDArray ncw = permuteIfNWC(out);
            long u = layerConf().getNOut();
            long from = layerConf().getStates() * u;
            return ncw.get(all(), interval(from, from + u), point(ncw.size(2) - 1)).detach();
        }

        @Override
        public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                              LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            KerasGRU c = layerConf();
            long u = c.getNOut();
            keepRecurrentDropout();
            Run run = forward(true, null, true, workspaceMgr);   // the masks of the pass that computed the loss
            INDArray w = getParamWithNoise(W, true, workspaceMgr);
            INDArray rw = getParamWithNoise(RW, true, workspaceMgr);
            INDArray gW = gradientViews.get(W);
            INDArray gRW = gradientViews.get(RW);
            INDArray gB = c.useBias ? gradientViews.get(B) : null;
            gradientsFlattened.assign(0);
            IActivation act = c.getActivationFn();
            IActivation gate = c.gateActivationFn;
            INDArray eps = permuteIfNWC(epsilon).castTo(w.dataType());
            INDArray input = run.input();
            INDArray epsOut = inputGradient(input.size(2), workspaceMgr);
            long steps = run.steps().size();
            long end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
            INDArray dhNext = null;
            for (long t = steps - 1; t >= end; t--) {
                Step s = run.steps().get((int) t);
                if (c.getStates() > 0) {   // the state after this step is an output too
                    dhNext = RecurrentParams.plusState(dhNext, eps, 1, u, t);
                }
                INDArray dh = eps.get(all(), interval(0, u), point(t)).dup();
                if (s.mask() != null) {
                    dh.muliColumnVector(s.mask());   // a masked step's output is zero
                }
                if (dhNext != null) {
                    dh.addi(dhNext);
                }
                INDArray dCell = s.mask() == null ? dh : dh.mulColumnVector(s.mask());
                INDArray dhPrev = s.mask() == null ? dh.mul(s.z()) : dh.sub(dCell).addi(dCell.mul(s.z()));
                INDArray dz = dCell.mul(s.h().sub(s.hh()));
                INDArray dPreH = act.backprop(s.preH().dup(), dCell.mul(s.z().rsub(1))).getFirst();
                INDArray dr;
                INDArray dInner;
                if (c.resetAfter) {
                    dr = dPreH.mul(s.inner());
                    dInner = dPreH.mul(s.r());
                } else {
                    INDArray uH = rw.get(all(), interval(2 * u, 3 * u));
                    INDArray dRh = dPreH.mmul(uH.transpose());
                    gRW.get(all(), interval(2 * u, 3 * u)).addi(s.inner().transpose().mmul(dPreH));
                    dr = dRh.mul(recurrentDropout.state(s.h(), 2));
                    dhPrev.addi(recurrentDropout.state(dRh.muli(s.r()), 2));
                    dInner = null;
                }
                INDArray dPreZ = gate.backprop(s.preZ().dup(), dz).getFirst();
                INDArray dPreR = gate.backprop(s.preR().dup(), dr).getFirst();
                INDArray dMx = Nd4j.hstack(dPreZ, dPreR, dPreH);
                gW.addi(s.x().transpose().mmul(dMx));
                epsOut.get(all(), interval(0, w.size(0)), point(t)).assign(dMx.mmul(w.transpose()));
                INDArray dMh = dInner != null ? Nd4j.hstack(dPreZ, dPreR, dInner) : Nd4j.hstack(dPreZ, dPreR);
                INDArray uZr = c.resetAfter ? rw : rw.get(all(), interval(0, 2 * u));
                dhPrev.addi(recurrentDropout.backprop(s.h(), uZr, 0, dMh,
                        c.resetAfter ? gRW : gRW.get(all(), interval(0, 2 * u))));
                if (gB != null) {
                    gB.getRow(0).addi(dMx.sum(0));
                    if (c.resetAfter) {
                        gB.getRow(1).addi(dMh.sum(0));
                    }
                }
                dhNext = dhPrev;
            }
            return backpropDone(epsOut, dhNext);
        }

        /**
         * @param h0    the state before the first step, or null for zeros
         * @param cache whether to keep every step's values (for backprop)
         */
        private Run forward(boolean training, INDArray h0, boolean cache, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            KerasGRU c = layerConf();
            INDArray w = getParamWithNoise(W, training, workspaceMgr);
            INDArray rw = getParamWithNoise(RW, training, workspaceMgr);
            INDArray bias = c.useBias ? getParamWithNoise(B, training, workspaceMgr) : null;
            INDArray x = permuteIfNWC(input.castTo(w.dataType()));
            long batch = x.size(0);
            long steps = x.size(2);
            long u = c.getNOut();
            if (c.getInitialStates() > 0) {
                h0 = RecurrentParams.initialState(x, w.size(0), u, 0, c.getInitialStates());
                x = RecurrentParams.features(x, w.size(0));
            }
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
                    new long[] {batch, (1 + c.getStates()) * u, steps}, 'f');
            INDArray mask = maskArray == null ? null : maskArray.castTo(w.dataType());
            INDArray h = h0 != null ? h0.castTo(w.dataType()) : Nd4j.zeros(w.dataType(), batch, u);
            List<Step> kept = cache ? new ArrayList<>() : null;
            IActivation act = c.getActivationFn();
            IActivation gate = c.gateActivationFn;
            for (long t = 0; t < steps; t++) {
                INDArray xt = x.get(all(), all(), point(t)).dup();
                INDArray mx = xt.mmul(w);
                INDArray mh = recurrentDropout.product(h, c.resetAfter ? rw : rw.get(all(), interval(0, 2 * u)), 0);
                if (bias != null) {
                    mx.addiRowVector(bias.getRow(0));
                    if (c.resetAfter) {
                        mh.addiRowVector(bias.getRow(1));
                    }
                }
                INDArray preZ = mx.get(all(), interval(0, u)).add(mh.get(all(), interval(0, u)));
                INDArray preR = mx.get(all(), interval(u, 2 * u)).add(mh.get(all(), interval(u, 2 * u)));
                INDArray z = gate.getActivation(preZ.dup(), training);
                INDArray r = gate.getActivation(preR.dup(), training);
                INDArray inner = c.resetAfter ? mh.get(all(), interval(2 * u, 3 * u)).dup()
                        : r.mul(recurrentDropout.state(h, 2));
                INDArray preH = mx.get(all(), interval(2 * u, 3 * u)).add(c.resetAfter ? inner.mul(r)
                        : inner.mmul(rw.get(all(), interval(2 * u, 3 * u))));
                INDArray hh = act.getActivation(preH.dup(), training);
                INDArray next = z.mul(h).addi(z.rsub(1).muli(hh));
                INDArray m = mask == null ? null : mask.getColumn(t, true);
                if (m != null) {
                    next = next.subi(h).muliColumnVector(m).addi(h);   // a masked step keeps the state
                }
                out.get(all(), interval(0, u), point(t)).assign(m == null ? next : next.mulColumnVector(m));
                if (c.getStates() > 0) {
                    out.get(all(), interval(u, 2 * u), point(t)).assign(next);
                }
                if (kept != null) {
                    kept.add(new Step(xt, h, preZ, preR, preH, z, r, hh, inner, m, next));
                }
                h = next;
            }
            return new Run(permuteIfNWC(out), x, kept);
        }
    }
}

package keras4j.internal;

import java.util.Collection;
import java.util.List;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What keras4j's own recurrent layers ({@link KerasSimpleRNN}, {@link KerasLSTM}, {@link
 * KerasGRU}) share: their parameters ({@link RecurrentParams}) and Keras's states. With {@code
 * return_state}, their states follow the outputs at every step, {@code [batch, (1 + states) *
 * units, timesteps]}, for {@link StepSlice}s to take the final ones; with {@code initial_state},
 * the states to start from follow the input's features, repeated at every step and read at the
 * first, {@code [batch, features + states * units, timesteps]}. Each is a count of state blocks
 * (LSTM's 2, h and c; GRU's 1), saved as JSON fields of the network; files from before them read
 * as 0. Keras's {@code recurrent_dropout} is theirs too.
 *
 * <pre>{@code
 * KerasLSTM conf = new KerasLSTM.Builder().nIn(3).nOut(8).returnState(true).initialState(true).build();
 * conf.getStates();   // 2: h and c follow the outputs
 * }</pre>
 */
public abstract class KerasRecurrent extends BaseRecurrentLayer implements RecurrentParams.Shape {
    private static final long serialVersionUID = 1L;

    /** The state blocks after the outputs, and after the input's features; JSON fields of the saved network. */
    private int states;
    private int initialStates;
    /** Keras's recurrent_dropout: the fraction of the state dropped before the recurrent kernel in training. */
    private double recurrentDropout;

    /** For DL4J's JSON mapper. */
    KerasRecurrent() {
    }

    /**
     * @param builder the settings
     * @param count   how many states the layer carries from step to step
     */
    KerasRecurrent(Builder<?> builder, int count) {
        super(builder);
        this.states = builder.returnState ? count : 0;
        this.initialStates = builder.initialState ? count : 0;
        this.recurrentDropout = builder.recurrentDropout;
    }

    /** @return the fraction of the state dropped before the recurrent kernel in training (Keras's recurrent_dropout) */
    public double getRecurrentDropout() {
        return recurrentDropout;
    }

    /** @return how many state blocks follow the outputs at every step (Keras's return_state), else 0 */
    public int getStates() {
        return states;
    }

    /** @return how many state blocks to start from follow the input's features (Keras's initial_state), else 0 */
    public int getInitialStates() {
        return initialStates;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                      Collection<TrainingListener> trainingListeners, int layerIndex,
                                                      INDArray layerParamsView, boolean initializeParams,
                                                      DataType networkDataType) {
        LayerValidation.assertNInNOutSet(getClass().getSimpleName(), getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerConfs.bind(impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** @return the layer itself, for DL4J's network */
    abstract Impl<?> impl(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public ParamInitializer initializer() {
        return RecurrentParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return null;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return RecurrentParams.withStates(super.getOutputType(layerIndex, inputType), states);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(RecurrentParams.withoutInitialStates(inputType, initialStates, getNOut()), override);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasRecurrent other && super.equals(o) && states == other.states
                && initialStates == other.initialStates
                && Double.compare(recurrentDropout, other.recurrentDropout) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * super.hashCode() + states) + initialStates) + Double.hashCode(recurrentDropout);
    }

    /**
     * What the layers themselves share: whole sequences only (DL4J's step-by-step and truncated
     * backprop calls are refused unless a layer has them), backprop through every step, and the
     * recurrent dropout's masks of a training pass. Not thread-safe, like every DL4J layer.
     *
     * @param <C> the layer's configuration
     */
    abstract static class Impl<C extends KerasRecurrent>
            extends org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer<C> {
        private static final long serialVersionUID = 1L;
        /** The recurrent dropout of the current training pass, reused by its backprop. */
        final transient RecurrentParams.RecurrentDropout recurrentDropout = new RecurrentParams.RecurrentDropout();

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            drawRecurrentDropout(training);
            return forward(training, workspaceMgr);
        }

        /** @return the layer's output for its input, every step's (and the states after them) */
        abstract INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr);

        @Override
        public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
            throw new UnsupportedOperationException("keras4j's " + getClass().getEnclosingClass().getSimpleName()
                    + " runs whole sequences");
        }

        @Override
        public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                    LayerWorkspaceMgr workspaceMgr) {
            throw new UnsupportedOperationException("keras4j's " + getClass().getEnclosingClass().getSimpleName()
                    + " runs whole sequences");
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
        }

        /** Draws the masks of a new forward pass (none outside training, or without recurrent dropout). */
        final void drawRecurrentDropout(boolean training) {
            recurrentDropout.draw(training, layerConf().getRecurrentDropout(), input.size(0), layerConf().getNOut(),
                    layerConf().gates(), getParam(RecurrentParams.W).dataType());
        }

        /** Before a backprop pass, which runs the steps again: the masks of the forward pass that computed the loss. */
        final void keepRecurrentDropout() {
            if (!recurrentDropout.drawn(input.size(0))) {
                drawRecurrentDropout(true);
            }
        }

        /**
         * @param steps the sequence's steps
         * @return the input's gradient, zeros, [batch, features (and initial states), steps]
         */
        final INDArray inputGradient(long steps, LayerWorkspaceMgr workspaceMgr) {
            INDArray w = getParam(RecurrentParams.W);
            return workspaceMgr.create(ArrayType.ACTIVATION_GRAD, w.dataType(), new long[] {input.size(0),
                    w.size(0) + (long) layerConf().getInitialStates() * layerConf().getNOut(), steps}, 'f');
        }

        /**
         * Ends a backprop pass: the states the first step started from get their gradients (with
         * Keras's initial_state), and the parameters' gradients (in {@code gradientViews}) and the
         * input's go to DL4J.
         *
         * @param epsOut  the input's gradient ({@link #inputGradient})
         * @param initial the gradients of the states before the first step (h, then LSTM's c)
         */
        final Pair<Gradient, INDArray> backpropDone(INDArray epsOut, INDArray... initial) {
            long nIn = getParam(RecurrentParams.W).size(0);
            for (int k = 0; layerConf().getInitialStates() > 0 && k < initial.length; k++) {
                RecurrentParams.initialGradient(epsOut, initial[k], nIn, k);
            }
            weightNoiseParams.clear();
            Gradient gradient = new DefaultGradient(gradientsFlattened);
            for (String key : List.of(RecurrentParams.W, RecurrentParams.RW, RecurrentParams.B)) {
                if (gradientViews.containsKey(key)) {
                    gradient.gradientForVariable().put(key, gradientViews.get(key));
                }
            }
            return new Pair<>(gradient, permuteIfNWC(backpropDropOutIfPresent(epsOut)));
        }
    }

    /**
     * The state settings of a {@link KerasRecurrent}'s builder.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")   // returns the concrete builder, as DL4J's builders do
    public abstract static class Builder<T extends Builder<T>> extends BaseRecurrentLayer.Builder<T> {
        private boolean returnState;
        private boolean initialState;
        private double recurrentDropout;

        /**
         * @param rate the fraction of the state dropped before the recurrent kernel in training, each
         *             gate its own mask for the whole batch (Keras's recurrent_dropout)
         * @return this builder
         */
        public T recurrentDropout(double rate) {
            this.recurrentDropout = rate;
            return (T) this;
        }

        /**
         * @param returnState whether the states follow the outputs at every step (Keras's return_state)
         * @return this builder
         */
        public T returnState(boolean returnState) {
            this.returnState = returnState;
            return (T) this;
        }

        /**
         * @param initialState whether the states to start from follow the input's features (Keras's
         *                     initial_state)
         * @return this builder
         */
        public T initialState(boolean initialState) {
            this.initialState = initialState;
            return (T) this;
        }
    }
}

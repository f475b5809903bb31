package keras4j.internal;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;

/**
 * What keras4j's own recurrent layers ({@link KerasLSTM}, {@link KerasGRU}) add to DL4J's recurrent
 * layer settings for Keras's states. With {@code return_state}, their states follow the outputs at
 * every step, {@code [batch, (1 + states) * units, timesteps]}, for {@link StepSlice}s to take the
 * final ones; with {@code initial_state}, the states to start from follow the input's features,
 * repeated at every step and read at the first, {@code [batch, features + states * units,
 * timesteps]}. Each is a count of state blocks (LSTM's 2, h and c; GRU's 1), saved as JSON fields of
 * the network; files from before them read as 0. Keras's {@code recurrent_dropout} is theirs too.
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
                && initialStates == other.initialStates && Double.compare(recurrentDropout, other.recurrentDropout) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * super.hashCode() + states) + initialStates) + Double.hashCode(recurrentDropout);
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

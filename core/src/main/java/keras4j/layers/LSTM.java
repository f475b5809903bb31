package keras4j.layers;

import java.util.Map;

import keras4j.internal.Activations;

/**
 * Keras's long short-term memory layer (Hochreiter 1997), from zero states:
 * <pre>
 * i = rec(x·W_i + h·U_i + b_i)   f = rec(x·W_f + h·U_f + b_f)
 * c = f * c + i * act(x·W_c + h·U_c + b_c)   o = rec(x·W_o + h·U_o + b_o)   h = o * act(c)
 * </pre>
 * with {@code act} the activation (tanh) and {@code rec} the recurrent activation (sigmoid).
 * Weights in Keras's layout and gate order i, f, c, o: kernel [features, 4 * units],
 * recurrent_kernel [units, 4 * units], bias [4 * units]; {@code unitForgetBias} (default true)
 * starts the forget gate's bias at 1.
 *
 * <pre>{@code
 * Sequential.of(new Input(20, 3), new LSTM(32), new Dense(1));            // (20, 3) -> (32) -> (1)
 * new LSTM(32).returnSequences(true).recurrentActivation("hard_sigmoid"); // (20, 3) -> (20, 32)
 * }</pre>
 *
 * <p>Keras's sequence-to-sequence model: an encoder's final states start a decoder.
 * <pre>{@code
 * KerasTensor source = Input.tensor(20, 3), target = Input.tensor(15, 4);
 * List<KerasTensor> encoder = new LSTM(64).returnState(true).applyAll(source);     // output, h, c
 * KerasTensor decoded = new LSTM(64).returnSequences(true).apply(target, encoder.get(1), encoder.get(2));
 * KerasTensor words = new TimeDistributed(new Dense(4, "softmax")).apply(decoded);
 * Functional model = new Functional(List.of(source, target), List.of(words));
 * }</pre>
 */
public final class LSTM extends Recurrent {
    private String recurrentActivation = "sigmoid";
    private boolean unitForgetBias = true;

    /** @param units the size of the output (and states), &gt; 0 */
    public LSTM(int units) {
        super("LSTM", units);
    }

    @Override
    public LSTM name(String name) {
        setName(name);
        return this;
    }

    @Override
    public LSTM returnSequences(boolean returnSequences) {
        super.returnSequences(returnSequences);
        return this;
    }

    @Override
    public LSTM returnState(boolean returnState) {
        super.returnState(returnState);
        return this;
    }

    @Override
    public LSTM goBackwards(boolean goBackwards) {
        super.goBackwards(goBackwards);
        return this;
    }

    @Override
    public LSTM recurrentDropout(double rate) {
        super.recurrentDropout(rate);
        return this;
    }

    @Override
    public LSTM activation(String activation) {
        super.activation(activation);
        return this;
    }

    /** @param activation the gates' activation, a Keras name (default "sigmoid") @return this layer */
    public LSTM recurrentActivation(String activation) {
        checkNotCompiled();
        this.recurrentActivation = Activations.check(activation == null ? "linear" : activation);
        return this;
    }

    /** @param unitForgetBias whether the forget gate's bias starts at 1 (default true) @return this layer */
    public LSTM unitForgetBias(boolean unitForgetBias) {
        checkNotCompiled();
        this.unitForgetBias = unitForgetBias;
        return this;
    }

    /** @return the gates' activation */
    public String getRecurrentActivation() {
        return recurrentActivation;
    }

    /** @return whether the forget gate's bias starts at 1 */
    public boolean isUnitForgetBias() {
        return unitForgetBias;
    }

    @Override
    public String defaultName() {
        return "lstm";
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        super.addConfig(config);
        config.put("recurrent_activation", recurrentActivation);
        config.put("unit_forget_bias", unitForgetBias);
    }

    static LSTM fromConfig(Map<String, Object> config) {
        LSTM lstm = read(new LSTM(SimpleRNN.units("LSTM", config)), config);
        if (config.get("recurrent_activation") != null) {
            lstm.recurrentActivation((String) config.get("recurrent_activation"));
        }
        lstm.unitForgetBias(!Boolean.FALSE.equals(config.get("unit_forget_bias")));
        return lstm;
    }
}

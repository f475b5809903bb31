package keras4j.layers;

import java.util.Map;

import keras4j.initializers.Initializer;
import keras4j.internal.Activations;

/**
 * Keras's gated recurrent unit (Cho et al. 2014), from a zero state, with Keras's gate order z
 * (update), r (reset), h (candidate):
 * <pre>
 * z = rec(x·W_z + h·U_z + b_z)   r = rec(x·W_r + h·U_r + b_r)
 * hh = act(x·W_h + r * (h·U_h + c_h) + b_h)    (resetAfter, the default)
 * hh = act(x·W_h + (r * h)·U_h + b_h)           (resetAfter(false))
 * h = z * h + (1 - z) * hh
 * </pre>
 * with {@code act} the activation (tanh) and {@code rec} the recurrent activation (sigmoid).
 * Weights in Keras's layout: kernel [features, 3 * units], recurrent_kernel [units, 3 * units],
 * bias [2, 3 * units] with resetAfter (rows: the input's bias b, the recurrent one c), else
 * [3 * units]; no bias with {@code useBias(false)}. The recurrent kernel starts orthogonal, as
 * in Keras.
 *
 * <pre>{@code
 * Sequential.of(new Input(20, 3), new GRU(32), new Dense(1));        // (20, 3) -> (32) -> (1)
 * new GRU(32).returnSequences(true).resetAfter(false);              // (20, 3) -> (20, 32)
 * }</pre>
 */
public final class GRU extends Recurrent {
    private String recurrentActivation = "sigmoid";
    private boolean useBias = true;
    private boolean resetAfter = true;
    private Initializer recurrentInitializer = Initializer.orthogonal(1.0);

    /** @param units the size of the output (and state), &gt; 0 */
    public GRU(int units) {
        super("GRU", units);
    }

    @Override
    public GRU name(String name) {
        setName(name);
        return this;
    }

    @Override
    public GRU returnSequences(boolean returnSequences) {
        super.returnSequences(returnSequences);
        return this;
    }

    @Override
    public GRU returnState(boolean returnState) {
        super.returnState(returnState);
        return this;
    }

    @Override
    public GRU goBackwards(boolean goBackwards) {
        super.goBackwards(goBackwards);
        return this;
    }

    @Override
    public GRU recurrentDropout(double rate) {
        super.recurrentDropout(rate);
        return this;
    }

    @Override
    public GRU activation(String activation) {
        super.activation(activation);
        return this;
    }

    @Override
    public GRU dropout(double rate) {
        super.dropout(rate);
        return this;
    }

    /** @param activation the gates' activation, a Keras name (default "sigmoid") @return this layer */
    public GRU recurrentActivation(String activation) {
        checkNotCompiled();
        this.recurrentActivation = Activations.check(activation == null ? "linear" : activation);
        return this;
    }

    /** @param useBias whether the layer has biases (default true) @return this layer */
    public GRU useBias(boolean useBias) {
        checkNotCompiled();
        this.useBias = useBias;
        return this;
    }

    /**
     * @param resetAfter true (the default, cuDNN's convention): the reset gate multiplies the
     *                   recurrent product, which has a bias of its own; false: it multiplies the
     *                   state before the product
     * @return this layer
     */
    public GRU resetAfter(boolean resetAfter) {
        checkNotCompiled();
        this.resetAfter = resetAfter;
        return this;
    }

    /** @param initializer a Keras initializer name for the recurrent kernel (default "orthogonal") @return this layer */
    public GRU recurrentInitializer(String initializer) {
        checkNotCompiled();
        this.recurrentInitializer = Initializer.get(initializer);
        return this;
    }

    /** @return the gates' activation */
    public String getRecurrentActivation() {
        return recurrentActivation;
    }

    /** @return whether the layer has biases */
    public boolean isUseBias() {
        return useBias;
    }

    /** @return whether the reset gate is applied after the recurrent product */
    public boolean isResetAfter() {
        return resetAfter;
    }

    /** @return the recurrent kernel's initializer */
    public Initializer getRecurrentInitializer() {
        return recurrentInitializer;
    }

    @Override
    public String defaultName() {
        return "gru";
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    public long countParams(int[] inputShape) {
        computeOutputShape(inputShape);
        long units = getUnits();
        return 3 * units * (inputShape[1] + units + (useBias ? resetAfter ? 2 : 1 : 0));
    }

    @Override
    void addConfig(Map<String, Object> config) {
        super.addConfig(config);
        config.put("recurrent_activation", recurrentActivation);
        config.put("use_bias", useBias);
        config.put("recurrent_initializer", recurrentInitializer.getConfig());
        config.put("reset_after", resetAfter);
    }

    @SuppressWarnings("unchecked")
    static GRU fromConfig(Map<String, Object> config) {
        GRU gru = read(new GRU(SimpleRNN.units("GRU", config)), config);
        if (config.get("recurrent_activation") != null) {
            gru.recurrentActivation((String) config.get("recurrent_activation"));
        }
        gru.useBias(!Boolean.FALSE.equals(config.get("use_bias")));
        gru.resetAfter(!Boolean.FALSE.equals(config.get("reset_after")));
        if (config.get("recurrent_initializer") instanceof Map<?, ?> init) {
            gru.recurrentInitializer = Initializer.fromConfig((Map<String, Object>) init);
        }
        return gru;
    }
}

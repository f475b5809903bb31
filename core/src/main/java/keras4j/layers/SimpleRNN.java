package keras4j.layers;

import java.util.Map;

/**
 * Keras's fully connected recurrent layer: {@code h_t = activation(x_t · kernel + h_(t-1) ·
 * recurrent_kernel + bias)}, from {@code h_0 = 0}. Weights: kernel [features, units],
 * recurrent_kernel [units, units], bias [units].
 *
 * <pre>{@code
 * Sequential.of(new Input(10, 1), new SimpleRNN(8), new Dense(1));   // (10, 1) -> (8) -> (1)
 * new SimpleRNN(8).returnSequences(true);                            // (10, 1) -> (10, 8)
 * }</pre>
 */
public final class SimpleRNN extends Recurrent {
    /** @param units the size of the output (and state), &gt; 0 */
    public SimpleRNN(int units) {
        super("SimpleRNN", units);
    }

    @Override
    public SimpleRNN name(String name) {
        setName(name);
        return this;
    }

    @Override
    public SimpleRNN returnSequences(boolean returnSequences) {
        super.returnSequences(returnSequences);
        return this;
    }

    @Override
    public SimpleRNN returnState(boolean returnState) {
        super.returnState(returnState);
        return this;
    }

    @Override
    public SimpleRNN goBackwards(boolean goBackwards) {
        super.goBackwards(goBackwards);
        return this;
    }

    @Override
    public SimpleRNN activation(String activation) {
        super.activation(activation);
        return this;
    }

    @Override
    public String defaultName() {
        return "simple_rnn";
    }

    @Override
    int gates() {
        return 1;
    }

    static SimpleRNN fromConfig(Map<String, Object> config) {
        return read(new SimpleRNN(units("SimpleRNN", config)), config);
    }

    static int units(String layerClass, Map<String, Object> config) {
        Object units = config.get("units");
        require(units instanceof Integer || units instanceof Long, layerClass, "Received an invalid value for "
                + "argument `units`, expected a positive integer, got " + units + ".");
        return ((Number) units).intValue();
    }
}

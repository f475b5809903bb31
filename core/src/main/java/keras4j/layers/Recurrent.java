package keras4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;
import keras4j.initializers.Initializer;
import keras4j.internal.Activations;

/**
 * What Keras's recurrent layers ({@link SimpleRNN}, {@link LSTM}, {@link GRU}) share: {@code units}, the
 * {@code activation} (tanh), {@code returnSequences} (false: the last step's output only), the
 * input {@code dropout} and the kernels' initializer. The input is a sequence per sample,
 * {@code (timesteps, features)}, channels-last as in Keras; the output is {@code (units)}, or
 * {@code (timesteps, units)} with {@code returnSequences(true)}; with {@code returnState(true)} the
 * final states follow it ({@link #applyAll}).
 *
 * <pre>{@code
 * Sequential.of(new Input(20, 3), new LSTM(32).returnSequences(true), new SimpleRNN(16), new Dense(1));
 * }</pre>
 *
 * <p>SimpleRNN's and LSTM's recurrent kernel is drawn with the kernel's initializer (GRU's with
 * Keras's default for it, {@code orthogonal}). {@code dropout} drops input values per time step
 * (Keras drops the same input features at every step of a sequence).
 */
public abstract sealed class Recurrent extends Layer permits SimpleRNN, LSTM, GRU {
    private final int units;
    private String activation = "tanh";
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private double dropout;
    private double recurrentDropout;
    private Initializer kernelInitializer = Initializer.glorotUniform();

    Recurrent(String layerClass, int units) {
        require(units > 0, layerClass, "Received an invalid value for argument `units`, expected a positive integer, "
                + "got " + units + ".");
        this.units = units;
    }

    /** @param activation a Keras activation name (default "tanh") @return this layer */
    public Recurrent activation(String activation) {
        checkNotCompiled();
        this.activation = Activations.check(activation == null ? "linear" : activation);
        return this;
    }

    /**
     * @param returnSequences true to output every time step's output, (timesteps, units); false
     *                        (the default) for the last one's, (units)
     * @return this layer
     */
    public Recurrent returnSequences(boolean returnSequences) {
        checkNotCompiled();
        this.returnSequences = returnSequences;
        return this;
    }

    /**
     * @param returnState true to return the final states too, Keras's {@code return_state}: the layer
     *                    then has several outputs, taken with {@link #applyAll} in a Functional model
     *                    (the output, then LSTM's h and c, or GRU's and SimpleRNN's h, each
     *                    {@code (units)}); false (the default) for the output only
     * @return this layer
     */
    public Recurrent returnState(boolean returnState) {
        checkNotCompiled();
        this.returnState = returnState;
        return this;
    }

    /**
     * @param goBackwards true to read the sequence from its last step to its first, Keras's
     *                    {@code go_backwards}; with {@code returnSequences} the outputs come in that
     *                    reversed order, as Keras's
     * @return this layer
     */
    public Recurrent goBackwards(boolean goBackwards) {
        checkNotCompiled();
        this.goBackwards = goBackwards;
        return this;
    }

    /** @param rate the fraction of input values dropped in training, in [0, 1) @return this layer */
    public Recurrent dropout(double rate) {
        require(rate >= 0 && rate < 1, getClassName(), "dropout must be in [0, 1); received dropout=" + rate + ".");
        checkNotCompiled();
        this.dropout = rate;
        return this;
    }

    /**
     * @param rate the fraction of the state's values dropped before the recurrent kernel in training,
     *             in [0, 1), Keras's {@code recurrent_dropout}: each gate its own mask, the same at
     *             every step of a batch
     * @return this layer
     */
    public Recurrent recurrentDropout(double rate) {
        require(rate >= 0 && rate < 1, getClassName(), "recurrent_dropout must be in [0, 1); received "
                + "recurrent_dropout=" + rate + ".");
        checkNotCompiled();
        this.recurrentDropout = rate;
        return this;
    }

    /** @return the fraction of the state dropped before the recurrent kernel in training */
    public double getRecurrentDropout() {
        return recurrentDropout;
    }

    /** @param initializer a Keras initializer name, for the kernel and the recurrent kernel @return this layer */
    public Recurrent kernelInitializer(String initializer) {
        checkNotCompiled();
        this.kernelInitializer = Initializer.get(initializer);
        return this;
    }

    /** @return the number of units (the output's size per time step) */
    public int getUnits() {
        return units;
    }

    /** @return the activation's Keras name */
    public String getActivation() {
        return activation;
    }

    /** @return whether every time step's output is returned */
    public boolean isReturnSequences() {
        return returnSequences;
    }

    /** @return whether the final states are returned after the output */
    public boolean isReturnState() {
        return returnState;
    }

    /** @return whether the sequence is read from its last step to its first */
    public boolean isGoBackwards() {
        return goBackwards;
    }

    /** @return how many states the layer carries from step to step: LSTM's 2 (h and c), else 1 */
    public int countStates() {
        return this instanceof LSTM ? 2 : 1;
    }

    /** @return the input dropout rate */
    public double getDropout() {
        return dropout;
    }

    /** @return the kernels' initializer */
    public Initializer getKernelInitializer() {
        return kernelInitializer;
    }

    /** @return how many blocks of {@code units} columns the kernels have: 1, LSTM's 4 gates or GRU's 3 */
    abstract int gates();

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 2) {
            throw incompatible(inputShape, "ndim=3, i.e. a sequence per sample (None, timesteps, features)",
                    inputShape.length == 1 ? "Give the Input a time axis, e.g. new Input(timesteps, features), or "
                            + "add RepeatVector(timesteps) before this layer."
                            : "Reshape the input to (timesteps, features) first.");
        }
        return returnSequences ? new int[] {inputShape[0], units} : new int[] {units};
    }

    /**
     * The layer takes its sequence, and optionally its initial states after it (Keras's
     * {@code initial_state}: LSTM's h and c, GRU's h, each {@code (units)}), e.g. a decoder
     * starting from an encoder's final states: {@code new LSTM(16).apply(decoderIn, h, c)}.
     */
    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        String label = getName() == null ? defaultName() : getName();
        if (inputShapes.size() == 1) {
            return computeOutputShape(inputShapes.get(0));
        }
        if (inputShapes.size() != 1 + countStates()) {
            throw new Keras4jException("Layer '" + label + "' (" + getClassName() + ") takes a sequence and, as its "
                    + "initial_state, " + countStates() + " state(s) (" + (countStates() == 2 ? "h and c" : "h")
                    + "), but was called on " + inputShapes.size() + " tensors.");
        }
        for (int k = 1; k < inputShapes.size(); k++) {
            if (inputShapes.get(k).length != 1 || inputShapes.get(k)[0] != units) {
                throw new Keras4jException("Layer '" + label + "' (" + getClassName() + "): an initial_state was "
                        + "passed that is not compatible with `cell.state_size`. Received state " + k + " of shape "
                        + keras4j.internal.Shapes.withBatch(inputShapes.get(k)) + ", however `cell.state_size` is "
                        + units + ": each state is (None, " + units + ").");
            }
        }
        return computeOutputShape(inputShapes.get(0));
    }

    @Override
    public long countParams(List<int[]> inputShapes) {
        computeOutputShape(inputShapes);
        return countParams(inputShapes.get(0));
    }

    @Override
    public long countNonTrainableParams(List<int[]> inputShapes) {
        computeOutputShape(inputShapes);
        return countNonTrainableParams(inputShapes.get(0));
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        List<int[]> shapes = new ArrayList<>();
        shapes.add(computeOutputShape(inputShapes));
        for (int k = 0; returnState && k < countStates(); k++) {
            shapes.add(new int[] {units});
        }
        return shapes;
    }

    @Override
    int countOutputs() {
        return returnState ? 1 + countStates() : 1;
    }

    @Override
    public long countParams(int[] inputShape) {
        computeOutputShape(inputShape);
        return (long) gates() * units * (inputShape[1] + units + 1);
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("units", units);
        config.put("activation", activation);
        config.put("return_sequences", returnSequences);
        config.put("return_state", returnState);
        config.put("go_backwards", goBackwards);
        config.put("dropout", dropout);
        config.put("recurrent_dropout", recurrentDropout);
        config.put("kernel_initializer", kernelInitializer.getConfig());
    }

    /** Reads the keys shared by every recurrent layer, refusing Keras's options keras4j lacks. */
    @SuppressWarnings("unchecked")
    static <T extends Recurrent> T read(T layer, Map<String, Object> config) {
        String what = layer.getClassName();
        if (config.get("activation") != null) {
            layer.activation((String) config.get("activation"));
        }
        layer.returnSequences(Boolean.TRUE.equals(config.get("return_sequences")));
        layer.returnState(Boolean.TRUE.equals(config.get("return_state")));
        layer.goBackwards(Boolean.TRUE.equals(config.get("go_backwards")));
        layer.dropout(number(what, config, "dropout", 0.0));
        if (config.get("kernel_initializer") instanceof Map<?, ?> init) {
            ((Recurrent) layer).kernelInitializer = Initializer.fromConfig((Map<String, Object>) init);
        }
        refuse(what, config, "stateful", "stateful (each batch starts from zero states)");
        if (!(layer instanceof GRU) && Boolean.FALSE.equals(config.get("use_bias"))) {
            throw new Keras4jException(what + ": use_bias=False is not available; keras4j's recurrent layers have a "
                    + "bias.");
        }
        layer.recurrentDropout(number(what, config, "recurrent_dropout", 0.0));
        return layer;
    }

    private static void refuse(String what, Map<String, Object> config, String key, String option) {
        if (Boolean.TRUE.equals(config.get(key))) {
            throw new Keras4jException(what + ": " + key + "=True is not available in keras4j (" + option + "); "
                    + "use " + key + "=False.");
        }
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * Keras's lookup table of vectors: turns integer ids, a sequence per sample {@code (timesteps)},
 * into their vectors, {@code (timesteps, outputDim)}. Weights: embeddings [inputDim, outputDim],
 * drawn uniformly from [-0.05, 0.05] as in Keras.
 *
 * <pre>{@code
 * Sequential.of(new Input(20), new Embedding(1000, 16), new LSTM(32), new Dense(1, "sigmoid"));
 * // x holds ids in [0, 1000), shape [batch, 20]
 * }</pre>
 *
 * <p>With {@code maskZero(true)}, id 0 is padding: its steps are masked, and the recurrent layers
 * after it skip them (see {@link Masking}, whose rules apply); their vectors are zeros.
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;

    /**
     * @param inputDim  the number of ids (the largest id plus 1), &gt; 0
     * @param outputDim the size of each vector, &gt; 0
     */
    public Embedding(int inputDim, int outputDim) {
        require(inputDim > 0 && outputDim > 0, "Embedding", "Both `input_dim` and `output_dim` should be positive, "
                + "Received input_dim=" + inputDim + " and output_dim=" + outputDim + ".");
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    @Override
    public Embedding name(String name) {
        setName(name);
        return this;
    }

    /**
     * @param maskZero true: id 0 is padding, masked for the recurrent layers after (default false)
     * @return this layer
     */
    public Embedding maskZero(boolean maskZero) {
        checkNotCompiled();
        this.maskZero = maskZero;
        return this;
    }

    /** @return whether id 0 is padding, masked */
    public boolean isMaskZero() {
        return maskZero;
    }

    /** @return the number of ids */
    public int getInputDim() {
        return inputDim;
    }

    /** @return the size of each vector */
    public int getOutputDim() {
        return outputDim;
    }

    @Override
    public String defaultName() {
        return "embedding";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 1) {
            throw incompatible(inputShape, "ndim=2, i.e. a sequence of ids per sample (None, timesteps)",
                    "Give the Input the sequence's length only, e.g. new Input(timesteps).");
        }
        return new int[] {inputShape[0], outputDim};
    }

    @Override
    public long countParams(int[] inputShape) {
        return (long) inputDim * outputDim;
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("input_dim", inputDim);
        config.put("output_dim", outputDim);
        config.put("mask_zero", maskZero);
    }

    static Embedding fromConfig(Map<String, Object> config) {
        Object in = config.get("input_dim");
        Object out = config.get("output_dim");
        require(in instanceof Number && out instanceof Number, "Embedding", "input_dim and output_dim must be "
                + "integers; received input_dim=" + in + ", output_dim=" + out + ".");
        return new Embedding(((Number) in).intValue(), ((Number) out).intValue())
                .maskZero(Boolean.TRUE.equals(config.get("mask_zero")));
    }
}

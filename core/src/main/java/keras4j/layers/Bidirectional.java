package keras4j.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's bidirectional wrapper of a recurrent layer ({@link SimpleRNN}, {@link LSTM},
 * {@link GRU}): one copy of the layer reads the sequence forwards, another (with weights of its
 * own) backwards, and their outputs are merged: {@code "concat"} (the default; the output has
 * {@code 2 * units} per step), {@code "sum"}, {@code "mul"} or {@code "ave"}. With
 * {@code returnSequences}, the backward copy's outputs are put back in time order first; without,
 * each copy's last output is merged (the backward one's is after reading the whole sequence
 * backwards). Weights, as Keras: the forward layer's (kernel, recurrent_kernel, bias), then the
 * backward layer's.
 *
 * <pre>{@code
 * Sequential.of(new Input(20, 3), new Bidirectional(new LSTM(16)), new Dense(1));   // (20, 3) -> (32) -> (1)
 * new Bidirectional(new GRU(8).returnSequences(true), "sum");                       // (20, 3) -> (20, 8)
 * KerasTensor x = Input.tensor(20, 3);
 * List<KerasTensor> outs = new Bidirectional(new LSTM(8).returnState(true)).applyAll(x);   // output, fh, fc, bh, bc
 * }</pre>
 *
 * <p>With merge mode {@code null} (Keras's {@code merge_mode=None}) the two directions' outputs
 * are two outputs, forward then backward; with a wrapped layer's {@code returnState}, the forward
 * layer's final states and then the backward one's follow, Keras's
 * {@code output, fh, fc, bh, bc = Bidirectional(LSTM(8, return_state=True))(x)}: take them with
 * {@link #applyAll}. A backward layer configured differently from the forward one is not
 * available.
 */
public final class Bidirectional extends Layer {
    private static final List<String> MODES = List.of("concat", "sum", "mul", "ave");
    private final Recurrent layer;
    private final String mergeMode;

    /** @param layer the recurrent layer read both ways; its outputs are concatenated */
    public Bidirectional(Recurrent layer) {
        this(layer, "concat");
    }

    /**
     * @param layer     the recurrent layer read both ways
     * @param mergeMode how the two outputs are merged: "concat", "sum", "mul" or "ave"; null for
     *                  none (two outputs)
     */
    public Bidirectional(Recurrent layer, String mergeMode) {
        require(layer != null, "Bidirectional", "Please initialize `Bidirectional` layer with a recurrent layer "
                + "(SimpleRNN, LSTM or GRU); received null.");
        require(mergeMode == null || MODES.contains(mergeMode), "Bidirectional", "Invalid merge mode. Received: "
                + mergeMode + ". Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}.");
        this.layer = layer;
        this.mergeMode = mergeMode;
    }

    @Override
    public Bidirectional name(String name) {
        setName(name);
        return this;
    }

    /** @return the wrapped layer (the forward one's configuration, which the backward one shares) */
    public Recurrent getLayer() {
        return layer;
    }

    /** @return "concat", "sum", "mul" or "ave"; null when the two outputs stay apart */
    public String getMergeMode() {
        return mergeMode;
    }

    @Override
    public String defaultName() {
        return "bidirectional";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (layer.isGoBackwards()) {
            throw new Keras4jException("Bidirectional: the wrapped " + layer.getClassName() + " has goBackwards(true); "
                    + "Bidirectional reads the sequence both ways itself. Give it a layer with goBackwards(false).");
        }
        int[] out;
        try {
            out = layer.computeOutputShape(inputShape);
        } catch (Keras4jException e) {
            throw incompatible(inputShape, "ndim=3, i.e. a sequence per sample (None, timesteps, features)",
                    "Give the Input a time axis, e.g. new Input(timesteps, features).");
        }
        if ("concat".equals(mergeMode)) {
            out[out.length - 1] *= 2;
        }
        return out;
    }

    /** The merged output (or both directions' outputs), then each direction's final states with returnState. */
    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        List<int[]> shapes = new java.util.ArrayList<>();
        int[] out = computeOutputShape(inputShapes);
        shapes.add(out);
        if (mergeMode == null) {
            shapes.add(out.clone());
        }
        for (int k = 0; layer.isReturnState() && k < 2 * layer.countStates(); k++) {
            shapes.add(new int[] {layer.getUnits()});
        }
        return shapes;
    }

    @Override
    int countOutputs() {
        return (mergeMode == null ? 2 : 1) + (layer.isReturnState() ? 2 * layer.countStates() : 0);
    }

    @Override
    public long countParams(int[] inputShape) {
        return 2 * layer.countParams(inputShape);
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", layer.getClassName());
        inner.put("config", layer.getConfig());
        config.put("layer", inner);
        config.put("merge_mode", mergeMode);
    }

    @SuppressWarnings("unchecked")
    static Bidirectional fromConfig(Map<String, Object> config) {
        Recurrent layer = recurrent(config.get("layer"), "layer");
        Object backward = config.get("backward_layer");
        if (backward != null) {
            Map<String, Object> mine = new LinkedHashMap<>(layer.getConfig());
            Map<String, Object> theirs = new LinkedHashMap<>(recurrent(backward, "backward_layer").getConfig());
            mine.remove("name");
            theirs.remove("name");
            if (!mine.equals(theirs)) {
                throw new Keras4jException("Bidirectional: a backward_layer configured differently from the forward "
                        + "layer is not available in keras4j (forward " + mine + ", backward " + theirs + "); give "
                        + "both directions the same configuration.");
            }
        }
        return new Bidirectional(layer, config.containsKey("merge_mode") ? (String) config.get("merge_mode")
                : "concat");
    }

    @SuppressWarnings("unchecked")
    private static Recurrent recurrent(Object entry, String key) {
        if (!(entry instanceof Map<?, ?> map) || !(map.get("class_name") instanceof String className)
                || !(map.get("config") instanceof Map<?, ?> inner)) {
            throw new Keras4jException("Bidirectional: `" + key + "` must be a layer's class_name and config; "
                    + "received " + entry + ".");
        }
        if (!List.of("SimpleRNN", "LSTM", "GRU").contains(className)) {
            throw new Keras4jException("Bidirectional: keras4j wraps SimpleRNN, LSTM or GRU; received a "
                    + className + ".");
        }
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) inner);
        if (key.equals("backward_layer")) {
            config.remove("go_backwards");   // Keras's backward layer reads the sequence backwards
        }
        return (Recurrent) Layer.fromConfig(className, config);
    }
}

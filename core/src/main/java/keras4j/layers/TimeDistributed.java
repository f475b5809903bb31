package keras4j.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's wrapper applying a layer to every time step of a sequence on its own, with one set of
 * weights: a {@link Dense} on {@code (timesteps, features)} gives {@code (timesteps, units)}.
 * Weights: the wrapped layer's (Dense: kernel [features, units], bias [units]).
 *
 * <pre>{@code
 * Sequential.of(new Input(20, 3), new LSTM(16).returnSequences(true), new TimeDistributed(new Dense(4)));
 * // (20, 3) -> (20, 16) -> (20, 4)
 * }</pre>
 *
 * <p>keras4j wraps Dense only.
 */
public final class TimeDistributed extends Layer {
    private final Dense layer;

    /** @param layer the layer applied at every step: a Dense */
    public TimeDistributed(Layer layer) {
        if (!(layer instanceof Dense dense)) {
            throw new Keras4jException("TimeDistributed: keras4j wraps a Dense layer; received "
                    + (layer == null ? "null" : "a " + layer.getClassName()) + ".");
        }
        this.layer = dense;
    }

    @Override
    public TimeDistributed name(String name) {
        setName(name);
        return this;
    }

    /** @return the layer applied at every step */
    public Dense getLayer() {
        return layer;
    }

    @Override
    public String defaultName() {
        return "time_distributed";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 2) {
            throw incompatible(inputShape, "ndim=3, i.e. a sequence per sample (None, timesteps, features)",
                    "Give the Input a time axis, e.g. new Input(timesteps, features).");
        }
        return new int[] {inputShape[0], layer.computeOutputShape(new int[] {inputShape[1]})[0]};
    }

    @Override
    public long countParams(int[] inputShape) {
        computeOutputShape(inputShape);
        return layer.countParams(new int[] {inputShape[1]});
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
    }

    @SuppressWarnings("unchecked")
    static TimeDistributed fromConfig(Map<String, Object> config) {
        if (!(config.get("layer") instanceof Map<?, ?> entry) || !(entry.get("class_name") instanceof String name)
                || !(entry.get("config") instanceof Map<?, ?> inner)) {
            throw new Keras4jException("TimeDistributed: `layer` must be a layer's class_name and config; received "
                    + config.get("layer") + ".");
        }
        if (!List.of("Dense").contains(name)) {
            throw new Keras4jException("TimeDistributed: keras4j wraps a Dense layer; received a " + name + ".");
        }
        return new TimeDistributed(Layer.fromConfig(name, (Map<String, Object>) inner));
    }
}

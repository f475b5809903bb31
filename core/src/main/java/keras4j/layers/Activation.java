package keras4j.layers;

import java.util.Map;

import keras4j.internal.Activations;

/**
 * Applies an activation function on its own, e.g. after a {@link Dense} without one.
 *
 * <pre>{@code
 * Sequential.of(new Input(4), new Dense(3), new Activation("softmax"));
 * }</pre>
 */
public final class Activation extends Layer {
    private final String activation;

    /** @param activation a Keras activation name: "relu", "softmax", "sigmoid", ... */
    public Activation(String activation) {
        Layer.require(activation != null, "Activation", "an activation name is required, e.g. new Activation(\"relu\").");
        this.activation = Activations.check(activation);
    }

    @Override
    public Activation name(String name) {
        setName(name);
        return this;
    }

    /** @return the activation's Keras name */
    public String getActivation() {
        return activation;
    }

    @Override
    public String defaultName() {
        return "activation";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("activation", activation);
    }
}

package keras4j.layers;

import java.util.Map;

/**
 * What keras4j's random layers share: they act only while training ({@code fit}) and pass their
 * input through unchanged in {@code predict} and {@code evaluate}, as in Keras; the output shape
 * is the input's. Their draws come from the model's seed ({@code model.setSeed}): the same seed
 * gives the same draws in every run. Keras's {@code seed} argument is kept in the layer's config
 * (and Keras files) but does not choose keras4j's draws.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Input(28, 28, 1), new GaussianNoise(0.1), new Flatten(),
 *         new Dense(10, "softmax"));
 * model.setSeed(42);   // the same noise in every run
 * }</pre>
 */
public abstract sealed class RandomLayer extends Layer
        permits SpatialDropout, GaussianNoise, GaussianDropout, ImageAugmentation {
    private Integer seed;

    RandomLayer() {
    }

    /**
     * @param seed Keras's seed argument (kept in the config; keras4j draws from the model's seed)
     * @return this layer
     */
    public RandomLayer seed(Integer seed) {
        checkNotCompiled();
        this.seed = seed;
        return this;
    }

    /** @return Keras's seed argument, or null */
    public Integer getSeed() {
        return seed;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        addOwnConfig(config);
        config.put("seed", seed);
    }

    /** @param config receives the layer's keys other than its seed */
    abstract void addOwnConfig(Map<String, Object> config);

    /** @return {@code layer} with the config's seed, when it has one */
    static <L extends RandomLayer> L withSeed(L layer, Map<String, Object> config) {
        if (config.get("seed") instanceof Number n) {
            layer.seed(n.intValue());
        }
        return layer;
    }

    /** @return a fraction of a layer's config, checked to lie in [0, 1) (or [0, 1] when {@code closed}) */
    static double fraction(String layerClass, String key, double value, boolean closed) {
        require(value >= 0 && (closed ? value <= 1 : value < 1), layerClass, key + " must be in [0, 1" + (closed ? "]"
                : ")") + "; received " + key + "=" + value + "." + (value > 1 && value <= 100
                        ? " For a percentage, divide by 100." : ""));
        return value;
    }
}

package keras4j.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import keras4j.initializers.Initializer;

/**
 * Keras's layer normalization: each sample is normalized on its own over the given axes (by
 * default the last), {@code (x - mean) / sqrt(variance + epsilon)}, then scaled by {@code gamma}
 * and shifted by {@code beta}, with Keras's defaults (epsilon 0.001, center and scale on, gamma
 * ones, beta zeros). Unlike {@link BatchNormalization} it computes the same in training and at
 * inference and keeps no statistics. As in Keras, {@code axis} counts the batch axis as 0;
 * several axes must be next to each other (e.g. {@code 1, 2, 3} for a whole image).
 *
 * <pre>{@code
 * new LayerNormalization();                         // over the last axis
 * new LayerNormalization(1, 2, 3).epsilon(1e-5);    // over a whole image (h, w, c)
 * new LayerNormalization().center(false);           // no beta
 * }</pre>
 *
 * <p>Weights, as in Keras: gamma, then beta, each of the normalized axes' shape (e.g.
 * {@code [features]}).
 */
public final class LayerNormalization extends Layer {
    private final int[] axis;
    private double epsilon = 0.001;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializer.zeros();
    private Initializer gammaInitializer = Initializer.ones();

    /** Creates the layer over the last axis (Keras's {@code axis=-1}). */
    public LayerNormalization() {
        this(-1);
    }

    /**
     * @param axis the axes normalized, counting the batch axis as 0 (negative counts from the end);
     *             several must be next to each other
     */
    public LayerNormalization(int... axis) {
        require(axis.length > 0, "LayerNormalization", "give at least one axis to normalize over (Keras's default is "
                + "-1, the last).");
        for (int a : axis) {
            require(a != 0, "LayerNormalization", "axis=0 is the batch axis; LayerNormalization normalizes within "
                    + "each sample. Use axis=-1 (the last axis) or other axes of the sample, from 1.");
        }
        this.axis = axis.clone();
    }

    @Override
    public LayerNormalization name(String name) {
        setName(name);
        return this;
    }

    /** @param epsilon added to the variance, &gt; 0 (Keras's default 0.001) @return this layer */
    public LayerNormalization epsilon(double epsilon) {
        checkNotCompiled();
        require(epsilon > 0, "LayerNormalization", "epsilon must be > 0; received " + epsilon + ".");
        this.epsilon = epsilon;
        return this;
    }

    /** @param center whether to add beta (on by default) @return this layer */
    public LayerNormalization center(boolean center) {
        checkNotCompiled();
        this.center = center;
        return this;
    }

    /** @param scale whether to multiply by gamma (on by default) @return this layer */
    public LayerNormalization scale(boolean scale) {
        checkNotCompiled();
        this.scale = scale;
        return this;
    }

    /** @param initializer beta's initializer ("zeros" by default) @return this layer */
    public LayerNormalization betaInitializer(String initializer) {
        return betaInitializer(Initializer.get(initializer));
    }

    /** @param initializer beta's initializer @return this layer */
    public LayerNormalization betaInitializer(Initializer initializer) {
        checkNotCompiled();
        this.betaInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @param initializer gamma's initializer ("ones" by default) @return this layer */
    public LayerNormalization gammaInitializer(String initializer) {
        return gammaInitializer(Initializer.get(initializer));
    }

    /** @param initializer gamma's initializer @return this layer */
    public LayerNormalization gammaInitializer(Initializer initializer) {
        checkNotCompiled();
        this.gammaInitializer = java.util.Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** @return the axes as given (counting the batch axis as 0; negative counts from the end) */
    public int[] getAxis() {
        return axis.clone();
    }

    /** @return the epsilon added to the variance */
    public double getEpsilon() {
        return epsilon;
    }

    /** @return whether beta is added */
    public boolean isCenter() {
        return center;
    }

    /** @return whether gamma multiplies */
    public boolean isScale() {
        return scale;
    }

    /** @return beta's initializer */
    public Initializer getBetaInitializer() {
        return betaInitializer;
    }

    /** @return gamma's initializer */
    public Initializer getGammaInitializer() {
        return gammaInitializer;
    }

    /**
     * @param inputShape the sample shape (no batch axis)
     * @return the first and one past the last sample axis normalized (0 = the first after the batch)
     */
    public int[] normalizedAxes(int[] inputShape) {
        return axisBlock(axis, inputShape, "normalizes", "; use e.g. axis -1, or 1, 2, 3 for a whole image.");
    }

    /** @param inputShape the sample shape @return gamma's and beta's shape: the normalized axes' sizes */
    public int[] weightShape(int[] inputShape) {
        int[] block = normalizedAxes(inputShape);
        return Arrays.copyOfRange(inputShape, block[0], block[1]);
    }

    @Override
    public String defaultName() {
        return "layer_normalization";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        normalizedAxes(inputShape);
        return inputShape.clone();
    }

    @Override
    public long countParams(int[] inputShape) {
        long size = 1;
        for (int d : weightShape(inputShape)) {
            size *= d;
        }
        return ((scale ? 1 : 0) + (center ? 1 : 0)) * size;
    }

    @Override
    boolean hasWeights() {
        return scale || center;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("axis", axis.length == 1 ? (Object) axis[0] : list(axis));
        config.put("epsilon", epsilon);
        config.put("center", center);
        config.put("scale", scale);
        config.put("beta_initializer", betaInitializer.getConfig());
        config.put("gamma_initializer", gammaInitializer.getConfig());
    }

    @SuppressWarnings("unchecked")
    static LayerNormalization fromConfig(Map<String, Object> config) {
        for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            require(config.get(key) == null, "LayerNormalization", "keras4j's LayerNormalization has no " + key
                    + "; received " + config.get(key) + ".");
        }
        require(!Boolean.TRUE.equals(config.get("rms_scaling")), "LayerNormalization", "rms_scaling=True (deprecated "
                + "in Keras) is not something keras4j has; use rms_scaling=False.");
        Object axis = config.getOrDefault("axis", -1);
        List<Integer> axes = new ArrayList<>();
        if (axis instanceof List<?> list) {
            for (Object a : list) {
                require(a instanceof Number, "LayerNormalization", "axis must be integers; received axis=" + axis
                        + ".");
                axes.add(((Number) a).intValue());
            }
        } else {
            require(axis instanceof Number, "LayerNormalization", "axis must be an integer or a list of integers; "
                    + "received axis=" + axis + ".");
            axes.add(((Number) axis).intValue());
        }
        LayerNormalization layer = new LayerNormalization(axes.stream().mapToInt(Integer::intValue).toArray())
                .epsilon(number("LayerNormalization", config, "epsilon", 0.001));
        layer.center(!Boolean.FALSE.equals(config.get("center"))).scale(!Boolean.FALSE.equals(config.get("scale")));
        if (config.get("beta_initializer") instanceof Map<?, ?> init) {
            layer.betaInitializer(Initializer.fromConfig((Map<String, Object>) init));
        }
        if (config.get("gamma_initializer") instanceof Map<?, ?> init) {
            layer.gammaInitializer(Initializer.fromConfig((Map<String, Object>) init));
        }
        return layer;
    }
}

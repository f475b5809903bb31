package keras4j.layers;

import java.util.Map;

/**
 * Normalizes each feature (each channel, for images) with the batch's statistics while training
 * and with moving averages at inference, then scales and shifts, with Keras's defaults (momentum
 * 0.99, epsilon 0.001).
 *
 * <pre>{@code
 * new BatchNormalization();
 * new BatchNormalization().momentum(0.9).epsilon(1e-5);
 * }</pre>
 *
 * <p>Weights, as in Keras: gamma, beta (trained), moving mean, moving variance (not trained).
 */
public final class BatchNormalization extends Layer {
    private double momentum = 0.99;
    private double epsilon = 0.001;

    /** Creates the layer with Keras's defaults. */
    public BatchNormalization() {
    }

    @Override
    public BatchNormalization name(String name) {
        setName(name);
        return this;
    }

    /** @param momentum the moving averages' momentum, in [0, 1) @return this layer */
    public BatchNormalization momentum(double momentum) {
        checkNotCompiled();
        require(momentum >= 0 && momentum < 1, "BatchNormalization", "momentum must be in [0, 1); received "
                + momentum + ".");
        this.momentum = momentum;
        return this;
    }

    /** @param epsilon added to the variance, &gt; 0 @return this layer */
    public BatchNormalization epsilon(double epsilon) {
        checkNotCompiled();
        require(epsilon > 0, "BatchNormalization", "epsilon must be > 0; received " + epsilon + ".");
        this.epsilon = epsilon;
        return this;
    }

    /** @return the moving averages' momentum */
    public double getMomentum() {
        return momentum;
    }

    /** @return the epsilon added to the variance */
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public String defaultName() {
        return "batch_normalization";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 1 && inputShape.length != 3) {
            throw incompatible(inputShape, "a vector or an image per sample", "Add a Flatten() layer before it.");
        }
        return inputShape.clone();
    }

    @Override
    public long countParams(int[] inputShape) {
        return 4L * inputShape[inputShape.length - 1];
    }

    @Override
    long countStatistics(int[] inputShape) {
        return 2L * inputShape[inputShape.length - 1];
    }

    @Override
    boolean hasWeights() {
        return true;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
    }

    static BatchNormalization fromConfig(Map<String, Object> config) {
        return new BatchNormalization().momentum(((Number) config.get("momentum")).doubleValue())
                .epsilon(((Number) config.get("epsilon")).doubleValue());
    }
}

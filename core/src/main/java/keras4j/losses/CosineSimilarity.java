package keras4j.losses;

import java.util.Map;

/**
 * Cosine similarity loss, Keras's sign: the <em>negative</em> cosine similarity
 * {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred))}, so -1 is a perfect match, 0
 * orthogonal and 1 opposite; minimizing it aligns the predictions with the targets. Vectors are
 * normalized as Keras does, {@code x / sqrt(max(sum(x^2), 1e-14))}.
 *
 * <pre>{@code
 * double loss = new CosineSimilarity().call(yTrue, yPred);   // -1 when yPred is a positive multiple of yTrue
 * }</pre>
 */
public final class CosineSimilarity extends Loss {
    /** Creates the loss, over the last axis (Keras's {@code axis=-1}). */
    public CosineSimilarity() {
    }

    /**
     * @param axis the axis the similarity is computed over: -1 (or 1, the same for keras4j's one vector per
     *             sample); others are refused
     */
    public CosineSimilarity(int axis) {
        checkAxis("CosineSimilarity", axis);
    }

    @Override
    public String getName() {
        return "cosine_similarity";
    }

    @Override
    public String getClassName() {
        return "CosineSimilarity";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("axis", -1);
        return config;
    }

    @Override
    Loss configured(Map<String, Object> config) {
        super.configured(config);
        checkAxis(getClassName(), config.get("axis"));
        return this;
    }
}

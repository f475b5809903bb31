package keras4j.metrics;

import java.util.Map;

/**
 * Keras's {@code F1Score}: {@link FBetaScore} with beta 1, the harmonic mean of precision and
 * recall. Without a threshold a sample's largest prediction is its positive; {@code average}
 * "micro" counts every class together, "macro" averages the classes' scores, "weighted" weighs
 * them by their number of targets, null (Keras's default) keeps one score per class
 * ({@link #results()}; compile logs it only for an output of one unit).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("categorical_crossentropy"), new F1Score("macro", null));
 * }</pre>
 */
public final class F1Score extends FBetaScore {
    /** Keras's default: no averaging, no threshold, logged as "f1_score". */
    public F1Score() {
        this(null, null);
    }

    /**
     * @param average   null, "micro", "macro" or "weighted"
     * @param threshold a prediction above it is positive (0 < threshold <= 1), or null for the largest
     */
    public F1Score(String average, Double threshold) {
        this(average, threshold, null);
    }

    /**
     * @param average   null, "micro", "macro" or "weighted"
     * @param threshold a prediction above it is positive (0 < threshold <= 1), or null for the largest
     * @param name      the name it is logged by, or null for "f1_score"
     */
    public F1Score(String average, Double threshold, String name) {
        super(average, 1.0, threshold, name, "f1_score");
    }

    @Override
    void arguments(Map<String, Object> config) {
        super.arguments(config);
        config.remove("beta");   // as Keras's F1Score config
    }
}

package keras4j.models;

import java.util.Locale;

import keras4j.Keras4jException;

/**
 * What a model predicts: a class among names, a number, or its own input rebuilt (an autoencoder).
 *
 * <pre>{@code
 * Task.of("regression");                                   // REGRESSION
 * Recipes.get("fashion-autoencoder").task();               // RECONSTRUCTION
 * }</pre>
 */
public enum Task {
    /** One class per example; accuracy is the headline metric. */
    CLASSIFICATION,
    /** One number per example; mean squared error is the headline metric. */
    REGRESSION,
    /**
     * The example itself: the model's output is its input, rebuilt (an autoencoder's), and its
     * targets are the model's inputs; mean squared error is the headline metric.
     */
    RECONSTRUCTION;

    /** @return the lower-case name used in files and on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id "classification", "regression" or "reconstruction", any case
     * @return the task
     */
    public static Task of(String id) {
        for (Task task : values()) {
            if (task.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return task;
            }
        }
        throw new Keras4jException("Unknown task '" + id + "'. Expected 'classification', 'regression' or "
                + "'reconstruction'.");
    }
}

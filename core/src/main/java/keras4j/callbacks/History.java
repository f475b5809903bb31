package keras4j.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * The per-epoch results of training, as Keras's {@code History}: each metric's values in epoch
 * order, readable by name.
 *
 * <pre>{@code
 * History history = model.fit(x, y, new FitOptions().epochs(10).validationSplit(0.2));
 * List<Double> loss = history.get("loss");
 * double lastValAccuracy = history.last("val_accuracy");
 * }</pre>
 *
 * <p>{@code fit} returns the history of that call; {@link keras4j.Model#getHistory()} holds every
 * epoch the model was trained for, and is saved with it.
 */
public final class History extends Callback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    /** An empty history. */
    public History() {
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        record(epoch, logs);
    }

    /**
     * Appends one epoch's results.
     *
     * @param epoch the epoch's index
     * @param logs  its results by name
     */
    public void record(int epoch, Map<String, Double> logs) {
        int row = epochs.size();
        epochs.add(epoch);
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            List<Double> values = history.computeIfAbsent(entry.getKey(), k -> new ArrayList<>());
            while (values.size() < row) {
                values.add(Double.NaN);
            }
            values.add(entry.getValue());
        }
    }

    /**
     * Adds to the last epoch the metrics it lacks (a callback may add, say, "learning_rate" after
     * the epoch was recorded).
     *
     * @param logs the last epoch's results
     */
    public void amendLast(Map<String, Double> logs) {
        int rows = epochs.size();
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            List<Double> values = history.computeIfAbsent(entry.getKey(), k -> new ArrayList<>());
            while (values.size() < rows - 1) {
                values.add(Double.NaN);
            }
            if (values.size() == rows - 1) {
                values.add(entry.getValue());
            }
        }
    }

    /** @return the epoch indices recorded, in order */
    public List<Integer> getEpochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** @return every metric's values by name, like Keras's {@code history.history} */
    public Map<String, List<Double>> getHistory() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * @param metric a name such as "loss", "accuracy", "val_loss"
     * @return its value for each epoch
     * @throws Keras4jException naming the recorded metrics when this one is not among them
     */
    public List<Double> get(String metric) {
        List<Double> values = history.get(metric);
        if (values == null) {
            throw new Keras4jException("No metric '" + metric + "' in the history. Recorded: "
                    + (history.isEmpty() ? "none (no epoch has run)" : String.join(", ", history.keySet())) + ".");
        }
        return Collections.unmodifiableList(values);
    }

    /** @param metric a recorded metric's name @return its value in the last epoch */
    public double last(String metric) {
        List<Double> values = get(metric);
        if (values.isEmpty()) {
            throw new Keras4jException("The history of '" + metric + "' is empty.");
        }
        return values.get(values.size() - 1);
    }

    /** @return the metric names recorded */
    public List<String> keys() {
        return List.copyOf(history.keySet());
    }

    /** @return the number of epochs recorded */
    public int size() {
        return epochs.size();
    }

    /** @param other epochs to append after these */
    public void append(History other) {
        for (int i = 0; i < other.epochs.size(); i++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            for (Map.Entry<String, List<Double>> e : other.history.entrySet()) {
                if (i < e.getValue().size()) {
                    logs.put(e.getKey(), e.getValue().get(i));
                }
            }
            record(other.epochs.get(i), logs);
        }
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}

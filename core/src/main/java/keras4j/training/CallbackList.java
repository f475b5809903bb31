package keras4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.FitOptions;
import keras4j.Model;
import keras4j.callbacks.Callback;
import keras4j.callbacks.History;
import keras4j.callbacks.ProgbarLogger;

/**
 * The callbacks of one {@code fit}, in Keras's order: the progress bar (when {@code verbose} is
 * above 0 and the user gave none), the user's callbacks, then the run's {@link History}. Each
 * event goes to every callback in that order, each with its own copy of the logs.
 *
 * <pre>{@code
 * CallbackList callbacks = CallbackList.of(options, run, model);
 * callbacks.onEpochBegin(0);
 * }</pre>
 */
public final class CallbackList {
    private final List<Callback> callbacks;

    private CallbackList(List<Callback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    /**
     * @param options the fit's options (verbosity, output, the user's callbacks)
     * @param run     the History of this fit, last
     * @param model   the model being trained, given to every callback
     * @return the list
     */
    public static CallbackList of(FitOptions options, History run, Model model) {
        List<Callback> all = new ArrayList<>();
        boolean userBar = options.getCallbacks().stream().anyMatch(c -> c instanceof ProgbarLogger);
        if (options.getVerbose() > 0 && !userBar) {
            Appendable out = options.getOutput() == null ? System.out : options.getOutput();
            boolean bar = options.getVerbose() == 1 && options.getOutput() == null && System.console() != null;
            all.add(new ProgbarLogger(out, bar));
        }
        all.addAll(options.getCallbacks());
        all.add(run);
        for (Callback callback : all) {
            callback.setModel(model);
        }
        return new CallbackList(all);
    }

    /** @param params the fit's settings ({@code epochs}, {@code steps}, {@code verbose}) */
    public void setParams(Map<String, Object> params) {
        callbacks.forEach(c -> c.setParams(params));
    }

    /** Training starts. */
    public void onTrainBegin() {
        callbacks.forEach(c -> c.onTrainBegin(new LinkedHashMap<>()));
    }

    /** @param logs the last epoch's results */
    public void onTrainEnd(Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTrainEnd(new LinkedHashMap<>(logs)));
    }

    /** @param epoch the epoch starting */
    public void onEpochBegin(int epoch) {
        callbacks.forEach(c -> c.onEpochBegin(epoch, new LinkedHashMap<>()));
    }

    /**
     * @param epoch the epoch ending
     * @param logs  its results; callbacks may add to them (as ReduceLROnPlateau adds the learning rate)
     */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onEpochEnd(epoch, logs));
    }

    /**
     * Ends an epoch as {@code fit} does: records it in the model's History (which a backup restored
     * in {@code onTrainBegin} may have replaced), runs {@code onEpochEnd}, then adds to that History
     * what the callbacks added to the logs (a learning rate, say).
     *
     * @param model the model being trained
     * @param epoch the epoch's index
     * @param logs  its results by name; callbacks may add to them
     */
    public void endEpoch(Model model, int epoch, Map<String, Double> logs) {
        History all = model.getHistory();
        all.record(epoch, logs);
        onEpochEnd(epoch, logs);
        all.amendLast(logs);
    }

    /** @param batch the batch's index in the epoch */
    public void onTrainBatchBegin(int batch) {
        callbacks.forEach(c -> c.onTrainBatchBegin(batch, new LinkedHashMap<>()));
    }

    /** @param batch the batch's index in the epoch @param logs the running means so far */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onTrainBatchEnd(batch, logs));
    }
}

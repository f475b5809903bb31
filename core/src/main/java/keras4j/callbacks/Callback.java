package keras4j.callbacks;

import java.util.Map;

import keras4j.Model;

/**
 * Hooks into {@link Model#fit}, with Keras's callback methods; every hook does nothing
 * unless overridden. {@code logs} maps metric names ("loss", "accuracy", "val_loss", ...) to
 * values: running means over the epoch so far in batch hooks, epoch results in
 * {@link #onEpochEnd}.
 *
 * <pre>{@code
 * Callback printer = new Callback() {
 *     @Override
 *     public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *         System.out.println("epoch " + epoch + ": " + logs.get("loss"));
 *     }
 * };
 * model.fit(x, y, new FitOptions().epochs(5).callbacks(printer));
 * }</pre>
 *
 * <p>Epochs and batches count from 0, as in Keras. A callback can stop training with
 * {@code getModel().setStopTraining(true)}.
 */
public abstract class Callback {
    private Model model;
    private Map<String, Object> params = Map.of();

    /** Creates a callback. */
    protected Callback() {
    }

    /** @param model the model being trained; set by {@code fit} before {@link #onTrainBegin} */
    public void setModel(Model model) {
        this.model = model;
    }

    /** @return the model being trained */
    public Model getModel() {
        return model;
    }

    /**
     * Keras's {@code set_params}: the settings of the {@code fit} in progress, set before
     * {@link #onTrainBegin}: {@code epochs}, {@code steps} (batches per epoch, or null while a
     * streamed iterator's count is unknown; set again at each epoch's start) and {@code verbose}.
     *
     * @param params the settings
     */
    public void setParams(Map<String, Object> params) {
        this.params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** @return the settings of the {@code fit} in progress (see {@link #setParams}) */
    public Map<String, Object> getParams() {
        return params;
    }

    /** @param batch the batch's index within the epoch @param logs empty */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** @param logs empty at the start of training */
    public void onTrainBegin(Map<String, Double> logs) {
    }

    /** @param logs the last epoch's results */
    public void onTrainEnd(Map<String, Double> logs) {
    }

    /** @param epoch the epoch's index @param logs empty */
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    /** @param epoch the epoch's index @param logs the epoch's training and validation results */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** @param batch the batch's index within the epoch @param logs running means over the epoch so far */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }

    /**
     * Refuses, before training starts, a callback that sets the learning rate of an optimizer whose
     * rate is a schedule (Keras refuses setting it).
     */
    void requireSettableLearningRate() {
        keras4j.optimizers.Optimizer optimizer = getModel().getOptimizer();
        if (optimizer != null && optimizer.getSchedule() != null) {
            throw new keras4j.Keras4jException(getClass().getSimpleName() + " sets the learning rate, but model '"
                    + getModel().getName() + "' was compiled with " + optimizer.getName() + " on the learning-rate "
                    + "schedule " + optimizer.getSchedule().getClassName() + ", whose rate is not settable (as in "
                    + "Keras). Use one of the two: compile with a number as the learning rate, or drop the callback.");
        }
    }
}

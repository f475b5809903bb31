package keras4j.callbacks;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sets the learning rate at the start of each epoch from a function of the epoch and the current
 * rate, as Keras's {@code LearningRateScheduler(schedule)}.
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * }</pre>
 */
public final class LearningRateScheduler extends Callback {
    private final BiFunction<Integer, Double, Double> schedule;

    /** @param schedule (epoch, current learning rate) to the new learning rate */
    public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        requireSettableLearningRate();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        Double lr = schedule.apply(epoch, getModel().getLearningRate());
        if (lr == null || !(lr > 0) || lr.isInfinite()) {
            throw new keras4j.Keras4jException("LearningRateScheduler: the schedule returned " + lr + " for epoch "
                    + epoch + "; a learning rate must be a finite number > 0.");
        }
        getModel().setLearningRate(lr);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", getModel().getLearningRate());
    }
}

package keras4j.callbacks;

import java.util.Map;

import org.slf4j.LoggerFactory;

/**
 * Stops training as soon as a batch's loss is NaN or infinite, as Keras's {@code TerminateOnNaN}.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(10).callbacks(new TerminateOnNaN()));
 * }</pre>
 */
public final class TerminateOnNaN extends Callback {
    private int stoppedBatch = -1;

    /** Creates the callback. */
    public TerminateOnNaN() {
    }

    /** @return the batch whose loss was invalid, or -1 */
    public int getStoppedBatch() {
        return stoppedBatch;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        stoppedBatch = -1;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            stoppedBatch = batch;
            LoggerFactory.getLogger("keras4j").warn("Batch {}: Invalid loss, terminating training", batch);
            getModel().setStopTraining(true);
        }
    }
}

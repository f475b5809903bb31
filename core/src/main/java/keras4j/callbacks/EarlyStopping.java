package keras4j.callbacks;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stops training when a monitored metric has stopped improving, as Keras's
 * {@code EarlyStopping(monitor, min_delta, patience, mode, restore_best_weights)}.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(100).validationSplit(0.2)
 *         .callbacks(new EarlyStopping("val_loss").patience(5).restoreBestWeights(true)));
 * }</pre>
 */
public final class EarlyStopping extends MonitorCallback {
    private int patience;
    private boolean restoreBestWeights;
    private int wait;
    private int stoppedEpoch = -1;
    private int bestEpoch = -1;
    private List<INDArray> bestWeights;

    /** Watches "val_loss", Keras's default. */
    public EarlyStopping() {
        this("val_loss");
    }

    /** @param monitor the metric to watch */
    public EarlyStopping(String monitor) {
        super(monitor);
    }

    /** @param epochs epochs without improvement before stopping (default 0) @return this */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) {
            throw new keras4j.Keras4jException("EarlyStopping: patience must be >= 0; received " + epochs + ".");
        }
        this.patience = epochs;
        return this;
    }

    /** @param delta the smallest change counted as an improvement (default 0) @return this */
    public EarlyStopping minDelta(double delta) {
        setMinDelta(delta);
        return this;
    }

    /** @param mode "auto" (default), "min" or "max" @return this */
    public EarlyStopping mode(String mode) {
        setMode(mode);
        return this;
    }

    /** @param restore whether to go back to the best epoch's weights when stopping @return this */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    /** @return the epoch at which training stopped, or -1 */
    public int getStoppedEpoch() {
        return stoppedEpoch;
    }

    /** @return the epoch with the best monitored value, or -1 */
    public int getBestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        bestWeights = null;
        resetBest();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = monitored(logs);
        if (value == null) {
            return;
        }
        if (isImprovement(value)) {
            setBest(value);
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = getModel().getWeights();
            }
            return;
        }
        wait++;
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            getModel().setStopTraining(true);
            if (restoreBestWeights && bestWeights != null) {
                getModel().setWeights(bestWeights);
            }
        }
    }
}

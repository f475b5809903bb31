package keras4j.callbacks;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import keras4j.Keras4jException;
import keras4j.internal.Names;

/**
 * What {@link EarlyStopping}, {@link ModelCheckpoint} and {@link ReduceLROnPlateau} share, as in
 * Keras: a monitored metric, whether lower or higher is better ("min", "max", or "auto": higher
 * for accuracies, lower otherwise), the smallest change that counts as an improvement, and a
 * warning listing the available metrics when the monitored one is missing.
 *
 * <pre>{@code
 * EarlyStopping stop = new EarlyStopping("val_accuracy").patience(3);   // "auto" means "max" here
 * }</pre>
 */
public abstract class MonitorCallback extends Callback {
    private static final Logger LOG = LoggerFactory.getLogger("keras4j");

    private final String monitor;
    private String mode = "auto";
    private double minDelta;
    private double best;

    /** @param monitor the metric to watch, e.g. "val_loss" */
    protected MonitorCallback(String monitor) {
        if (monitor == null || monitor.isBlank()) {
            throw new Keras4jException(getClass().getSimpleName() + ": monitor must name a metric, e.g. \"val_loss\".");
        }
        this.monitor = monitor;
        resetBest();
    }

    /** @return the monitored metric's name */
    public String getMonitor() {
        return monitor;
    }

    /** @return "min" or "max": the direction that is better */
    public String getMode() {
        if (!mode.equals("auto")) {
            return mode;
        }
        return monitor.endsWith("acc") || monitor.endsWith("accuracy") ? "max" : "min";
    }

    /** @param newMode "auto", "min" or "max" */
    protected void setMode(String newMode) {
        String key = Names.normalize(newMode);
        if (!key.equals("auto") && !key.equals("min") && !key.equals("max")) {
            throw Names.unknown("mode", newMode, java.util.List.of("auto", "min", "max"), getClass().getSimpleName());
        }
        this.mode = key;
        resetBest();
    }

    /** @param delta the smallest change counted as an improvement, &gt;= 0 */
    protected void setMinDelta(double delta) {
        if (!(delta >= 0)) {
            throw new Keras4jException(getClass().getSimpleName() + ": minDelta must be >= 0; received " + delta + ".");
        }
        this.minDelta = delta;
    }

    /** @return the smallest change counted as an improvement */
    public double getMinDelta() {
        return minDelta;
    }

    /** @return the best value seen since the last reset */
    public double getBest() {
        return best;
    }

    /** Forgets the best value (at the start of each fit). */
    protected void resetBest() {
        best = getMode().equals("max") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * @param logs an epoch's results
     * @return the monitored value, or null (after a warning listing the available metrics) when absent
     */
    protected Double monitored(Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            LOG.warn("{} is conditioned on metric `{}` which is not available. Available metrics are: {}.",
                    getClass().getSimpleName(), monitor, String.join(", ", logs.keySet()));
        }
        return value;
    }

    /** @param value a monitored value @return true when it beats the best by more than minDelta */
    protected boolean isImprovement(double value) {
        return getMode().equals("max") ? value - minDelta > best : value + minDelta < best;
    }

    /** @param value the new best value */
    protected void setBest(double value) {
        this.best = value;
    }
}

package keras4j.callbacks;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored metric has stopped improving for
 * {@code patience} epochs, as Keras's {@code ReduceLROnPlateau} (defaults: monitor "val_loss",
 * factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0).
 *
 * <pre>{@code
 * new ReduceLROnPlateau("val_loss").factor(0.5).patience(2).minLr(1e-5);
 * }</pre>
 */
public final class ReduceLROnPlateau extends MonitorCallback {
    private double factor = 0.1;
    private int patience = 10;
    private int cooldown;
    private double minLr;
    private int wait;
    private int cooldownLeft;

    /** Watches "val_loss". */
    public ReduceLROnPlateau() {
        this("val_loss");
    }

    /** @param monitor the metric to watch */
    public ReduceLROnPlateau(String monitor) {
        super(monitor);
        setMinDelta(1e-4);
    }

    /** @param newFactor the multiplier, in (0, 1) @return this */
    public ReduceLROnPlateau factor(double newFactor) {
        if (!(newFactor > 0 && newFactor < 1)) {
            throw new keras4j.Keras4jException("ReduceLROnPlateau: factor must be in (0, 1); received " + newFactor + ".");
        }
        this.factor = newFactor;
        return this;
    }

    /** @param epochs epochs without improvement before reducing @return this */
    public ReduceLROnPlateau patience(int epochs) {
        this.patience = Math.max(0, epochs);
        return this;
    }

    /** @param epochs epochs to wait after a reduction before counting again @return this */
    public ReduceLROnPlateau cooldown(int epochs) {
        this.cooldown = Math.max(0, epochs);
        return this;
    }

    /** @param lr the lowest learning rate to reach @return this */
    public ReduceLROnPlateau minLr(double lr) {
        this.minLr = lr;
        return this;
    }

    /** @param delta the smallest change counted as an improvement @return this */
    public ReduceLROnPlateau minDelta(double delta) {
        setMinDelta(delta);
        return this;
    }

    /** @param mode "auto", "min" or "max" @return this */
    public ReduceLROnPlateau mode(String mode) {
        setMode(mode);
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        requireSettableLearningRate();
        wait = 0;
        cooldownLeft = 0;
        resetBest();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", getModel().getLearningRate());
        Double value = monitored(logs);
        if (value == null) {
            return;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (isImprovement(value)) {
            setBest(value);
            wait = 0;
        } else if (cooldownLeft == 0) {
            wait++;
            if (wait >= patience) {
                double lr = getModel().getLearningRate();
                if (lr > minLr) {
                    getModel().setLearningRate(Math.max(lr * factor, minLr));
                    cooldownLeft = cooldown;
                    wait = 0;
                }
            }
        }
    }
}

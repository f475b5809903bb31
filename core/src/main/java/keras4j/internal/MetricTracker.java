package keras4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.losses.Loss;

/**
 * Running means of the loss and the compiled metrics over an epoch or an evaluation, fed batch by
 * batch from the output layer's pre-activations (so no extra forward pass is needed).
 *
 * <pre>{@code
 * MetricTracker tracker = MetricTracker.create(List.of("accuracy"), loss, 10);
 * tracker.update(labels, preOutput, softmax, null);
 * tracker.addLoss(0.31, 32);
 * Map<String, Double> logs = tracker.results("");   // {loss=0.31, accuracy=0.9}
 * }</pre>
 *
 * <p>Not thread-safe: one training or evaluation loop at a time.
 */
public final class MetricTracker {
    /** Metric names {@code compile} accepts. */
    public static final List<String> NAMES = List.of("accuracy", "acc", "mse", "mean_squared_error", "mae",
            "mean_absolute_error");

    private enum Kind { SPARSE_ACCURACY, CATEGORICAL_ACCURACY, BINARY_ACCURACY, MSE, MAE }

    private final List<String> names = new ArrayList<>();
    private final List<Kind> kinds = new ArrayList<>();
    private final double[] sums;
    private double weightSum;
    private double lossSum;
    private long lossRows;
    private long lastRows;
    /** Whether the loss comes from the output's own loss ({@link #addOutputLoss}) rather than {@link #addLoss}. */
    private boolean outputLoss;

    private MetricTracker(List<String> metrics, Loss loss, int units) {
        for (String metric : metrics) {
            String key = Names.normalize(metric);
            switch (key) {
                case "accuracy", "acc" -> {
                    names.add("accuracy");
                    // As Keras: the accuracy that matches the loss and the output's width.
                    kinds.add(loss.isSparse() ? Kind.SPARSE_ACCURACY
                            : units == 1 || loss.getName().equals("binary_crossentropy") ? Kind.BINARY_ACCURACY
                            : Kind.CATEGORICAL_ACCURACY);
                }
                case "mse", "mean_squared_error" -> {
                    names.add("mse");
                    kinds.add(Kind.MSE);
                }
                case "mae", "mean_absolute_error" -> {
                    names.add("mae");
                    kinds.add(Kind.MAE);
                }
                default -> throw Names.unknown("metric", metric, NAMES, "compile");
            }
        }
        sums = new double[kinds.size()];
    }

    /**
     * @param metrics the metric names given to compile
     * @param loss    the compiled loss
     * @param units   the width of the model's output
     * @return a tracker for them
     */
    public static MetricTracker create(List<String> metrics, Loss loss, int units) {
        return new MetricTracker(metrics, loss, units);
    }

    /**
     * A tracker of one output of a model with several: its loss is that output's own, unweighted
     * (Keras's {@code output_loss}), reported by the output's {@link TrackedLoss}.
     *
     * @param metrics the output's metric names
     * @param loss    the output's loss
     * @param units   the output's width
     * @return the tracker
     */
    public static MetricTracker forOutput(List<String> metrics, Loss loss, int units) {
        MetricTracker tracker = new MetricTracker(metrics, loss, units);
        tracker.outputLoss = true;
        return tracker;
    }

    /**
     * @param meanLoss the output's mean loss over a batch, reported by its {@link TrackedLoss}
     * @param rows     the batch's size
     */
    public void addOutputLoss(double meanLoss, long rows) {
        if (outputLoss) {
            lossSum += meanLoss * rows;
            lossRows += rows;
        }
    }

    /** @return the canonical metric names, in compile order */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** Forgets everything seen. */
    public void reset() {
        java.util.Arrays.fill(sums, 0);
        weightSum = 0;
        lossSum = 0;
        lossRows = 0;
        lastRows = 0;
    }

    /**
     * Adds one batch's metrics.
     *
     * @param labels     [batch, units] targets, or [batch, 1] class ids for sparse losses
     * @param preOutput  the output layer's values before its activation
     * @param activation the output layer's activation
     * @param weights    per-sample weights [batch, 1], or null
     */
    public void update(INDArray labels, INDArray preOutput, IActivation activation, INDArray weights) {
        lastRows = labels.size(0);
        INDArray w = weights == null ? null : weights.reshape(lastRows).castTo(DataType.DOUBLE);
        weightSum += w == null ? lastRows : w.sumNumber().doubleValue();
        INDArray output = null;
        for (int i = 0; i < kinds.size(); i++) {
            INDArray perSample;
            switch (kinds.get(i)) {
                case SPARSE_ACCURACY -> perSample = preOutput.argMax(1)
                        .eq(labels.reshape(lastRows).castTo(DataType.INT64)).castTo(DataType.DOUBLE);
                case CATEGORICAL_ACCURACY -> perSample = preOutput.argMax(1).eq(labels.argMax(1)).castTo(DataType.DOUBLE);
                default -> {
                    if (output == null) {
                        output = activation.getActivation(preOutput.dup(), false).castTo(DataType.DOUBLE);
                    }
                    INDArray target = labels.castTo(DataType.DOUBLE);
                    perSample = switch (kinds.get(i)) {
                        case BINARY_ACCURACY -> output.gt(0.5).castTo(DataType.DOUBLE)
                                .eq(target.gt(0.5).castTo(DataType.DOUBLE)).castTo(DataType.DOUBLE).mean(1);
                        case MSE -> Transforms.pow(output.sub(target), 2, false).mean(1);
                        default -> Transforms.abs(output.sub(target), false).mean(1);
                    };
                }
            }
            sums[i] += (w == null ? perSample.sumNumber() : perSample.reshape(lastRows).mul(w).sumNumber()).doubleValue();
        }
    }

    /**
     * @return the running sums (loss, rows, weights, then one per metric), for a mid-epoch checkpoint
     * @see #restore(double[])
     */
    public double[] state() {
        double[] state = new double[3 + sums.length];
        state[0] = lossSum;
        state[1] = lossRows;
        state[2] = weightSum;
        System.arraycopy(sums, 0, state, 3, sums.length);
        return state;
    }

    /**
     * @param state the output of {@link #state()} of a tracker with the same metrics
     * @throws keras4j.Keras4jException when its length doesn't match these metrics
     */
    public void restore(double[] state) {
        if (state.length != 3 + sums.length) {
            throw new keras4j.Keras4jException("The checkpoint was saved while training with " + (state.length - 3)
                    + " metrics, but the model is compiled with " + sums.length + " (" + names + "); compile it "
                    + "with the metrics it was trained with to resume.");
        }
        lossSum = state[0];
        lossRows = (long) state[1];
        weightSum = state[2];
        System.arraycopy(state, 3, sums, 0, sums.length);
    }

    /** @param meanLoss a batch's mean loss @param rows the batch's size */
    public void addLoss(double meanLoss, long rows) {
        lossSum += meanLoss * rows;
        lossRows += rows;
    }

    /** @return the size of the batch last passed to {@link #update} */
    public long lastRows() {
        return lastRows;
    }

    /**
     * @param prefix "" for training, "val_" for validation
     * @return the running means: loss first, then the metrics in compile order
     */
    public Map<String, Double> results(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(prefix + "loss", lossRows == 0 ? Double.NaN : lossSum / lossRows);
        for (int i = 0; i < names.size(); i++) {
            out.put(prefix + names.get(i), weightSum == 0 ? Double.NaN : sums[i] / weightSum);
        }
        return out;
    }
}

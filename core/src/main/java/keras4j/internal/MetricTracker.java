package keras4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.losses.Loss;
import keras4j.metrics.Metric;

/**
 * The loss's running mean and the compiled {@link Metric}s over an epoch or an evaluation, fed
 * batch by batch from the output layer's pre-activations (so no extra forward pass is needed).
 * Each metric keeps its own state (counts, not batch means), so precision over an epoch is all its
 * true positives over all its predicted positives.
 *
 * <pre>{@code
 * MetricTracker tracker = MetricTracker.create(List.of(Metric.get("accuracy")), loss, 10);
 * tracker.update(labels, preOutput, softmax, null);
 * tracker.addLoss(0.31, 32);
 * Map<String, Double> logs = tracker.results("");   // {loss=0.31, accuracy=0.9}
 * }</pre>
 *
 * <p>Not thread-safe: one training or evaluation loop at a time.
 */
public final class MetricTracker {
    /** Metric names {@code compile} accepts. */
    public static final List<String> NAMES = Metric.NAMES;

    /** The output's own copies of the compiled metrics. */
    private final List<Metric> metrics = new ArrayList<>();
    /** Samples passed to {@link #update} since the reset (NaN metrics without any). */
    private double rowsSeen;
    private double lossSum;
    private long lossRows;
    private long lastRows;
    /** Whether the loss comes from the output's own loss ({@link #addOutputLoss}) rather than {@link #addLoss}. */
    private boolean outputLoss;

    private MetricTracker(List<Metric> compiled, Loss loss, int units) {
        for (Metric metric : compiled) {
            metrics.add(metric.forOutput(loss, units));
        }
    }

    /**
     * @param metrics the metrics given to compile (copied: each tracker keeps its own state)
     * @param loss    the compiled loss
     * @param units   the width of the model's output
     * @return a tracker for them
     * @throws keras4j.Keras4jException when a metric can't apply to the output
     */
    public static MetricTracker create(List<Metric> metrics, Loss loss, int units) {
        return new MetricTracker(metrics, loss, units);
    }

    /**
     * A tracker of one output of a model with several: its loss is that output's own, unweighted
     * (Keras's {@code output_loss}), reported by the output's {@link TrackedLoss}.
     *
     * @param metrics the output's metrics
     * @param loss    the output's loss
     * @param units   the output's width
     * @return the tracker
     */
    public static MetricTracker forOutput(List<Metric> metrics, Loss loss, int units) {
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

    /** @return the logged metric names, in compile order */
    public List<String> names() {
        return metrics.stream().map(Metric::getName).toList();
    }

    /** Forgets everything seen. */
    public void reset() {
        metrics.forEach(Metric::resetState);
        rowsSeen = 0;
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
     * @param weights    the loss's per-sample weights [batch, 1] (not used by the metrics, as in Keras),
     *                   a sequence's per-step mask [batch, time], or null
     */
    public void update(INDArray labels, INDArray preOutput, IActivation activation, INDArray weights) {
        lastRows = labels.size(0);
        if (metrics.isEmpty()) {
            rowsSeen += lastRows;
            return;
        }
        INDArray output = activation.getActivation(preOutput.dup(), false).castTo(DataType.DOUBLE);
        INDArray target = labels.castTo(DataType.DOUBLE);
        // Keras weighs the loss by sample (and class) weights but not compile's metrics; the one
        // mask metrics do see is a sequence's per-step mask, which drops padded steps.
        double[] stepMask = null;
        if (output.rank() == 3) {
            // A sequence output, [batch, units, time] in DL4J: one sample per step, the label mask as weights.
            long steps = output.size(2);
            output = output.permute(0, 2, 1).dup().reshape(lastRows * steps, output.size(1));
            target = target.permute(0, 2, 1).dup().reshape(lastRows * steps, target.size(1));
            if (weights != null && weights.length() == lastRows * steps) {
                stepMask = weights.castTo(DataType.DOUBLE).reshape(lastRows * steps).toDoubleVector();
            }
        }
        double[][] yPred = Data.toRows(output);
        double[][] yTrue = Data.toRows(target);
        double[] sampleWeight = stepMask;
        rowsSeen += yPred.length;
        for (Metric metric : metrics) {
            metric.updateState(yTrue, yPred, sampleWeight);
        }
    }

    /**
     * @return the running state (loss sum, loss rows, samples, then each metric's variables), for
     *         a mid-epoch checkpoint
     * @see #restore(double[])
     */
    public double[] state() {
        List<double[]> parts = new ArrayList<>();
        parts.add(new double[] {lossSum, lossRows, rowsSeen});
        metrics.forEach(m -> parts.add(m.getVariables()));
        return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /**
     * @return the length of the state older keras4j versions saved for these metrics (loss sum,
     *         loss rows, weight sum, then one weighted sum per metric: they had only mean metrics),
     *         or -1 when they couldn't have
     */
    public int olderStateLength() {
        for (Metric metric : metrics) {
            if (!OLDER.contains(metric.getClass()) || metric.getAlias() == null) {
                return -1;
            }
        }
        return 3 + metrics.size();
    }

    private static final List<Class<?>> OLDER = List.of(keras4j.metrics.SparseCategoricalAccuracy.class,
            keras4j.metrics.CategoricalAccuracy.class, keras4j.metrics.BinaryAccuracy.class,
            keras4j.metrics.MeanSquaredError.class, keras4j.metrics.MeanAbsoluteError.class);

    /**
     * @param state the output of {@link #state()} of a tracker with the same metrics, or the
     *              {@link #olderStateLength() older form} of a checkpoint of an older keras4j
     * @throws keras4j.Keras4jException when its length doesn't match these metrics
     */
    public void restore(double[] state) {
        if (!metrics.isEmpty() && state.length == olderStateLength()) {
            // Each metric's weighted sum, over the shared weight sum: its (total, count).
            double[] now = new double[3 + 2 * metrics.size()];
            System.arraycopy(state, 0, now, 0, 3);
            for (int i = 0; i < metrics.size(); i++) {
                now[3 + 2 * i] = state[3 + i];
                now[4 + 2 * i] = state[2];
            }
            state = now;
        }
        int expected = 3;
        for (Metric metric : metrics) {
            expected += metric.getVariables().length;
        }
        if (state.length != expected) {
            throw new keras4j.Keras4jException("The checkpoint was saved while training with other metrics ("
                    + (state.length - 3) + " values of metric state) than the model is compiled with ("
                    + (expected - 3) + ", " + names() + "); compile it with the metrics it was trained with to "
                    + "resume.");
        }
        lossSum = state[0];
        lossRows = (long) state[1];
        rowsSeen = state[2];
        int at = 3;
        for (Metric metric : metrics) {
            int n = metric.getVariables().length;
            metric.setVariables(java.util.Arrays.copyOfRange(state, at, at + n));
            at += n;
        }
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
        for (Metric metric : metrics) {
            out.put(prefix + metric.getName(), rowsSeen == 0 ? Double.NaN : metric.result());
        }
        return out;
    }
}

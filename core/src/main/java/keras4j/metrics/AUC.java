package keras4j.metrics;

import java.util.Locale;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code AUC}: the area under the ROC curve (true positive rate against false positive
 * rate) or the precision-recall curve, from true / false positive and negative counts at
 * {@code numThresholds} evenly spaced thresholds accumulated over everything seen since the
 * reset (every value of a sample counts, as Keras's {@code multi_label=False}). Summation as
 * Keras: {@code "interpolation"} (trapezoids for ROC; for PR, Davis and Goadrich's
 * interpolation of precision), {@code "minoring"} or {@code "majoring"} (rectangles).
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("binary_crossentropy"), new AUC());
 * new AUC(200, "PR", "interpolation");
 * }</pre>
 */
public final class AUC extends Metric {
    private final int numThresholds;
    private final String curve;
    private final String summationMethod;
    private final boolean fromLogits;
    private final double[] thresholds;

    /** Keras's default: 200 thresholds, ROC, interpolation, logged as "auc". */
    public AUC() {
        this(200, "ROC", "interpolation");
    }

    /**
     * @param numThresholds   how many thresholds (more than 1)
     * @param curve           "ROC" or "PR"
     * @param summationMethod "interpolation", "minoring" or "majoring"
     */
    public AUC(int numThresholds, String curve, String summationMethod) {
        this(numThresholds, curve, summationMethod, false, null);
    }

    /**
     * @param numThresholds   how many thresholds (more than 1)
     * @param curve           "ROC" or "PR"
     * @param summationMethod "interpolation", "minoring" or "majoring"
     * @param fromLogits      whether the predictions are logits (a sigmoid is applied first)
     * @param name            the name it is logged by, or null for "auc"
     */
    public AUC(int numThresholds, String curve, String summationMethod, boolean fromLogits, String name) {
        super(name, "auc", 4 * Math.max(numThresholds, 0));
        if (numThresholds <= 1) {
            throw new Keras4jException("AUC received num_thresholds=" + numThresholds + "; it must be an integer > 1,"
                    + " e.g. 200.");
        }
        String c = curve == null ? "" : curve.toUpperCase(Locale.ROOT);
        if (!c.equals("ROC") && !c.equals("PR")) {
            throw new Keras4jException("AUC received curve='" + curve + "'; expected one of: ROC, PR.");
        }
        String s = summationMethod == null ? "" : summationMethod.toLowerCase(Locale.ROOT);
        if (!s.equals("interpolation") && !s.equals("minoring") && !s.equals("majoring")) {
            throw new Keras4jException("AUC received summation_method='" + summationMethod + "'; expected one of: "
                    + "interpolation, minoring, majoring.");
        }
        this.numThresholds = numThresholds;
        this.curve = c;
        this.summationMethod = s;
        this.fromLogits = fromLogits;
        thresholds = new double[numThresholds];
        thresholds[0] = -keras4j.losses.Loss.EPSILON;
        for (int i = 1; i < numThresholds - 1; i++) {
            thresholds[i] = i * 1.0 / (numThresholds - 1);
        }
        thresholds[numThresholds - 1] = 1 + keras4j.losses.Loss.EPSILON;
    }

    /** @return the thresholds, first just below 0 and last just above 1, as Keras's */
    public double[] getThresholds() {
        return thresholds.clone();
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("num_thresholds", numThresholds);
        config.put("curve", curve);
        config.put("summation_method", summationMethod);
        config.put("multi_label", false);
        config.put("num_labels", null);
        config.put("label_weights", null);
        config.put("from_logits", fromLogits);
    }

    @Override
    void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        int n = numThresholds;
        double[] tp = new double[n];
        double[] fp = new double[n];
        double[] tn = new double[n];
        double[] fn = new double[n];
        ConfusionCounts.count(yTrue, yPred, sampleWeight, thresholds, null, null, fromLogits, tp, fp, tn, fn);
        for (int t = 0; t < n; t++) {
            variables[t] += tp[t];
            variables[n + t] += fp[t];
            variables[2 * n + t] += tn[t];
            variables[3 * n + t] += fn[t];
        }
    }

    @Override
    public double result() {
        int n = numThresholds;
        double[] tp = java.util.Arrays.copyOfRange(variables, 0, n);
        double[] fp = java.util.Arrays.copyOfRange(variables, n, 2 * n);
        double[] tn = java.util.Arrays.copyOfRange(variables, 2 * n, 3 * n);
        double[] fn = java.util.Arrays.copyOfRange(variables, 3 * n, 4 * n);
        if (curve.equals("PR") && summationMethod.equals("interpolation")) {
            return interpolatedPrAuc(tp, fp, fn);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double recall = divideNoNan(tp[t], tp[t] + fn[t]);
            if (curve.equals("ROC")) {
                x[t] = divideNoNan(fp[t], fp[t] + tn[t]);
                y[t] = recall;
            } else {
                x[t] = recall;
                y[t] = divideNoNan(tp[t], tp[t] + fp[t]);
            }
        }
        double area = 0;
        for (int t = 0; t < n - 1; t++) {
            double height = switch (summationMethod) {
                case "interpolation" -> (y[t] + y[t + 1]) / 2;
                case "minoring" -> Math.min(y[t], y[t + 1]);
                default -> Math.max(y[t], y[t + 1]);
            };
            area += (x[t] - x[t + 1]) * height;
        }
        return area;
    }

    /** Keras's {@code interpolate_pr_auc} (Davis and Goadrich, 2006). */
    private double interpolatedPrAuc(double[] tp, double[] fp, double[] fn) {
        double area = 0;
        for (int t = 0; t < numThresholds - 1; t++) {
            double dtp = tp[t] - tp[t + 1];
            double pA = tp[t] + fp[t];
            double pB = tp[t + 1] + fp[t + 1];
            double slope = divideNoNan(dtp, Math.max(pA - pB, 0));
            double intercept = tp[t + 1] - slope * pB;
            double ratio = pA > 0 && pB > 0 ? divideNoNan(pA, Math.max(pB, 0)) : 1;
            area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[t + 1] + fn[t + 1], 0));
        }
        return area;
    }
}

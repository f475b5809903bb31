package keras4j.internal;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import keras4j.Keras4jException;

/**
 * A Keras loss computed exactly as Keras 3 computes it (keras/src/losses/losses.py), with its
 * gradient, as a DL4J loss function: the losses DL4J lacks (Huber, log-cosh, categorical hinge),
 * those whose DL4J form differs from Keras's (DL4J sums over the outputs where Keras averages,
 * has no epsilon where Keras has one, expects -1/1 hinge labels where Keras converts 0/1), and
 * the cross-entropies with {@code from_logits} or {@code label_smoothing}. The per-sample value
 * is the mean (or sum, where Keras sums) over the outputs; DL4J's convention holds for the batch:
 * {@link #computeGradient} is the gradient of the per-sample values' sum, {@link #computeScore}
 * their sum or mean.
 *
 * <p>Computed in double precision, one sample at a time; the logits forms use log-softmax and
 * log-sigmoid, never a clipped probability, so large logits give finite values and gradients.
 *
 * <pre>{@code
 * ILossFunction loss = new KerasLoss("sparse_categorical_crossentropy", true, 0, 1);   // from_logits=True
 * double mean = loss.computeScore(classIds, logits, new ActivationIdentity(), null, true);
 * }</pre>
 */
public final class KerasLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    private static final double EPSILON = 1e-7;
    private static final double LOG2 = Math.log(2);

    /** The losses computed here, by keras4j's names. */
    public static final java.util.List<String> NAMES = java.util.List.of("binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy", "huber", "log_cosh", "kl_divergence",
            "poisson", "hinge", "squared_hinge", "categorical_hinge", "cosine_similarity",
            "mean_absolute_percentage_error", "mean_squared_logarithmic_error");

    /** keras4j's name of the loss, e.g. "huber" or "categorical_crossentropy". */
    private String loss;
    private boolean fromLogits;
    private double labelSmoothing;
    /** Huber's delta. */
    private double delta = 1.0;

    /** For DL4J's JSON mapper. */
    private KerasLoss() {
    }

    /**
     * @param loss           keras4j's name of the loss (see {@code keras4j.losses.Loss#getName})
     * @param fromLogits     for the cross-entropies: whether the output holds logits
     * @param labelSmoothing for binary and categorical cross-entropy: Keras's label smoothing
     * @param delta          for Huber: where the loss turns from quadratic to linear
     */
    public KerasLoss(String loss, boolean fromLogits, double labelSmoothing, double delta) {
        this.loss = loss;
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.delta = delta;
        if (!NAMES.contains(loss)) {
            throw new IllegalArgumentException("KerasLoss: no loss named '" + loss + "'; expected one of " + NAMES + ".");
        }
    }

    /** @return keras4j's name of the loss */
    public String getLoss() {
        return loss;
    }

    /** @return whether the output holds logits (the cross-entropies) */
    public boolean isFromLogits() {
        return fromLogits;
    }

    /** @return the label smoothing (binary and categorical cross-entropy) */
    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    /** @return Huber's delta */
    public double getDelta() {
        return delta;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return compute(labels, preOutput, activationFn, mask, false).getFirst();
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return compute(labels, preOutput, activationFn, mask, true).getSecond();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Pair<INDArray, INDArray> both = compute(labels, preOutput, activationFn, mask, true);
        double sum = both.getFirst().sumNumber().doubleValue();
        return new Pair<>(average ? sum / labels.size(0) : sum, both.getSecond());
    }

    /** @return the per-sample values [batch, 1] and, when asked, the gradient of their sum by preOutput */
    private Pair<INDArray, INDArray> compute(INDArray labels, INDArray preOutput, IActivation activationFn,
                                             INDArray mask, boolean gradient) {
        int rows = (int) preOutput.size(0);
        double[][] y = matrix(labels, rows);
        double[][] p = matrix(activationFn.getActivation(preOutput.dup(), gradient), rows);
        double[] weights = mask == null ? null : mask(mask, rows);
        boolean binaryLabels = true;
        if (loss.equals("hinge") || loss.equals("squared_hinge")) {
            for (double[] row : y) {
                for (double v : row) {
                    binaryLabels &= v == 0 || v == 1;
                }
            }
        }
        double[] scores = new double[rows];
        double[][] grad = gradient ? new double[rows][p.length == 0 ? 0 : p[0].length] : null;
        for (int r = 0; r < rows; r++) {
            scores[r] = rowLoss(y[r], p[r], gradient ? grad[r] : null, binaryLabels);
            if (weights != null) {
                scores[r] *= weights[r];
                for (int j = 0; gradient && j < grad[r].length; j++) {
                    grad[r][j] *= weights[r];
                }
            }
        }
        INDArray scoreArray = Nd4j.create(scores, new long[] {rows, 1}, DataType.DOUBLE).castTo(preOutput.dataType());
        if (!gradient) {
            return new Pair<>(scoreArray, null);
        }
        INDArray dLda = Nd4j.create(grad).castTo(preOutput.dataType()).reshape(preOutput.shape());
        return new Pair<>(scoreArray, activationFn.backprop(preOutput.dup(), dLda).getFirst());
    }

    private static double[][] matrix(INDArray array, int rows) {
        return array.castTo(DataType.DOUBLE).reshape(rows, array.length() / Math.max(rows, 1)).toDoubleMatrix();
    }

    private static double[] mask(INDArray mask, int rows) {
        if (mask.length() != rows) {
            throw new IllegalStateException("KerasLoss: only per-sample masks [batch, 1] are supported; received "
                    + java.util.Arrays.toString(mask.shape()) + ".");
        }
        return mask.castTo(DataType.DOUBLE).reshape(rows).toDoubleVector();
    }

    /**
     * One sample's loss, Keras's formula, and its gradient by the predictions.
     *
     * @param y            the targets (a class id for the sparse loss)
     * @param p            the predictions (after the output's activation)
     * @param g            receives dloss/dp; null when not wanted
     * @param binaryLabels for the hinges: whether every label of the batch is 0 or 1 (Keras then maps them to -1, 1)
     * @return the loss
     */
    private double rowLoss(double[] y, double[] p, double[] g, boolean binaryLabels) {
        int n = p.length;
        double sum = 0;
        switch (loss) {
            case "binary_crossentropy" -> {
                for (int j = 0; j < n; j++) {
                    double t = y[j] * (1 - labelSmoothing) + 0.5 * labelSmoothing;
                    double x = p[j];
                    if (fromLogits) {
                        // max(x, 0) - x t + log(1 + exp(-|x|)): log-sigmoid, finite for any x.
                        sum += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
                        if (g != null) {
                            g[j] = (sigmoid(x) - t) / n;
                        }
                    } else {
                        double q = clip(x, EPSILON, 1 - EPSILON);
                        sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
                        if (g != null) {
                            g[j] = q != x ? 0 : (-t / q + (1 - t) / (1 - q)) / n;
                        }
                    }
                }
                return sum / n;
            }
            case "categorical_crossentropy" -> {
                double[] t = new double[n];
                for (int j = 0; j < n; j++) {
                    t[j] = y[j] * (1 - labelSmoothing) + labelSmoothing / n;
                }
                return crossentropy(t, p, g);
            }
            case "sparse_categorical_crossentropy" -> {
                double id = y[0];
                if (y.length != 1 || id != Math.rint(id) || id < 0 || id >= n) {
                    throw new Keras4jException("sparse_categorical_crossentropy: the class id " + id + " is not one of "
                            + "the output's " + n + " classes (0 to " + (n - 1) + ").");
                }
                double[] t = new double[n];
                t[(int) id] = 1;
                return crossentropy(t, p, g);
            }
            case "huber" -> {
                for (int j = 0; j < n; j++) {
                    double e = p[j] - y[j];
                    double a = Math.abs(e);
                    sum += a <= delta ? 0.5 * e * e : delta * a - 0.5 * delta * delta;
                    if (g != null) {
                        g[j] = (a <= delta ? e : delta * Math.signum(e)) / n;
                    }
                }
                return sum / n;
            }
            case "log_cosh" -> {
                for (int j = 0; j < n; j++) {
                    double x = p[j] - y[j];
                    sum += x + softplus(-2 * x) - LOG2;
                    if (g != null) {
                        g[j] = Math.tanh(x) / n;
                    }
                }
                return sum / n;
            }
            case "kl_divergence" -> {
                for (int j = 0; j < n; j++) {
                    double t = clip(y[j], EPSILON, 1);
                    double q = clip(p[j], EPSILON, 1);
                    sum += t * Math.log(t / q);
                    if (g != null) {
                        g[j] = q != p[j] ? 0 : -t / q;
                    }
                }
                return sum;
            }
            case "poisson" -> {
                for (int j = 0; j < n; j++) {
                    sum += p[j] - y[j] * Math.log(p[j] + EPSILON);
                    if (g != null) {
                        g[j] = (1 - y[j] / (p[j] + EPSILON)) / n;
                    }
                }
                return sum / n;
            }
            case "hinge", "squared_hinge" -> {
                boolean squared = loss.equals("squared_hinge");
                for (int j = 0; j < n; j++) {
                    double t = binaryLabels ? 2 * y[j] - 1 : y[j];
                    double m = Math.max(1 - t * p[j], 0);
                    sum += squared ? m * m : m;
                    if (g != null) {
                        g[j] = m <= 0 ? 0 : (squared ? -2 * t * m : -t) / n;
                    }
                }
                return sum / n;
            }
            case "categorical_hinge" -> {
                double pos = 0;
                int arg = 0;
                double neg = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    pos += y[j] * p[j];
                    double v = (1 - y[j]) * p[j];
                    if (v > neg) {
                        neg = v;
                        arg = j;
                    }
                }
                double value = Math.max(neg - pos + 1, 0);
                for (int j = 0; g != null && value > 0 && j < n; j++) {
                    g[j] = -y[j] + (j == arg ? 1 - y[j] : 0);
                }
                return value;
            }
            case "cosine_similarity" -> {
                // Keras's l2 normalization: x * rsqrt(max(sum(x^2), epsilon^2)).
                double yy = 0;
                double pp = 0;
                double yp = 0;
                for (int j = 0; j < n; j++) {
                    yy += y[j] * y[j];
                    pp += p[j] * p[j];
                    yp += y[j] * p[j];
                }
                double ny = Math.sqrt(Math.max(yy, EPSILON * EPSILON));
                double np = Math.sqrt(Math.max(pp, EPSILON * EPSILON));
                double cos = yp / (ny * np);
                for (int j = 0; g != null && j < n; j++) {
                    g[j] = pp > EPSILON * EPSILON ? -(y[j] / ny - cos * p[j] / np) / np : -y[j] / ny / np;
                }
                return -cos;
            }
            case "mean_absolute_percentage_error" -> {
                for (int j = 0; j < n; j++) {
                    double scale = Math.max(Math.abs(y[j]), EPSILON);
                    sum += Math.abs((y[j] - p[j]) / scale);
                    if (g != null) {
                        g[j] = 100 * Math.signum(p[j] - y[j]) / scale / n;
                    }
                }
                return 100 * sum / n;
            }
            case "mean_squared_logarithmic_error" -> {
                for (int j = 0; j < n; j++) {
                    double q = Math.max(p[j], EPSILON);
                    double d = Math.log(q + 1) - Math.log(Math.max(y[j], EPSILON) + 1);
                    sum += d * d;
                    if (g != null) {
                        g[j] = q != p[j] ? 0 : 2 * d / (q + 1) / n;
                    }
                }
                return sum / n;
            }
            default -> throw new IllegalArgumentException("KerasLoss: no loss named '" + loss + "'.");
        }
    }

    /** Categorical cross-entropy of targets {@code t}: from logits by log-softmax, else Keras's normalized, clipped form. */
    private double crossentropy(double[] t, double[] p, double[] g) {
        int n = p.length;
        double tSum = 0;
        for (double v : t) {
            tSum += v;
        }
        double value = 0;
        if (fromLogits) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : p) {
                max = Math.max(max, x);
            }
            double z = 0;
            for (double x : p) {
                z += Math.exp(x - max);
            }
            double logSumExp = max + Math.log(z);
            for (int j = 0; j < n; j++) {
                value -= t[j] * (p[j] - logSumExp);
                if (g != null) {
                    g[j] = Math.exp(p[j] - logSumExp) * tSum - t[j];
                }
            }
            return value;
        }
        double s = 0;
        for (double x : p) {
            s += x;
        }
        double[] h = new double[n];
        double hq = 0;
        for (int j = 0; j < n; j++) {
            double q = p[j] / s;
            double c = clip(q, EPSILON, 1 - EPSILON);
            value -= t[j] * Math.log(c);
            h[j] = c != q ? 0 : -t[j] / c;
            hq += h[j] * q;
        }
        for (int j = 0; g != null && j < n; j++) {
            g[j] = (h[j] - hq) / s;   // through the division by the row's sum
        }
        return value;
    }

    private static double clip(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    public String name() {
        return loss;
    }

    @Override
    public String toString() {
        return "KerasLoss(" + loss + (fromLogits ? ", from_logits" : "")
                + (labelSmoothing != 0 ? ", label_smoothing=" + labelSmoothing : "")
                + (loss.equals("huber") ? ", delta=" + delta : "") + ")";
    }
}

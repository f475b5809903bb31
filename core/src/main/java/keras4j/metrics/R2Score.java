package keras4j.metrics;

import java.util.Map;
import java.util.Objects;

import keras4j.Keras4jException;

/**
 * Keras's {@code R2Score}: the coefficient of determination {@code 1 - residual / total} per
 * output over the epoch, averaged over the outputs ({@code "uniform_average"}, the default) or
 * weighted by their variance ({@code "variance_weighted_average"}); with {@code numRegressors}
 * the adjusted R², as Keras computes them.
 *
 * <pre>{@code
 * model.compile(new Adam(), Loss.get("mse"), new R2Score());
 * R2Score r2 = new R2Score();
 * r2.updateState(new double[][] {{1}, {4}, {3}}, new double[][] {{2}, {4}, {4}});
 * r2.result();   // 0.57142854
 * }</pre>
 */
public final class R2Score extends Metric {
    private final String classAggregation;
    private final int numRegressors;
    /** Outputs per sample the state is sized for; 0 before the first batch or compile. */
    private int outputs;

    /** Keras's defaults: uniform average, no regressors, logged as "r2_score". */
    public R2Score() {
        this("uniform_average", 0, null);
    }

    /**
     * @param classAggregation {@code "uniform_average"}, {@code "variance_weighted_average"}, or
     *                         null for one value per output ({@link #results()}; not in compile)
     * @param numRegressors    the number of independent variables, for the adjusted R² (0: plain)
     * @param name             the name it is logged by, or null for "r2_score"
     */
    public R2Score(String classAggregation, int numRegressors, String name) {
        super(name, "r2_score", 1);
        if (classAggregation != null && !classAggregation.equals("uniform_average")
                && !classAggregation.equals("variance_weighted_average")) {
            throw new Keras4jException("Invalid value for argument `class_aggregation`. Expected one of (None, "
                    + "'uniform_average', 'variance_weighted_average'). Received: class_aggregation="
                    + classAggregation);
        }
        if (numRegressors < 0) {
            throw new Keras4jException("Invalid value for argument `num_regressors`. Expected a value >= 0. "
                    + "Received: num_regressors=" + numRegressors);
        }
        this.classAggregation = classAggregation;
        this.numRegressors = numRegressors;
    }

    @Override
    void arguments(Map<String, Object> config) {
        config.put("class_aggregation", classAggregation);
        config.put("num_regressors", numRegressors);
    }

    @Override
    void check(int units) {
        if (classAggregation == null) {
            throw new Keras4jException("R2Score '" + getName() + "' has class_aggregation=None, one value per output; "
                    + "compile logs one value per metric: use 'uniform_average' or 'variance_weighted_average'.");
        }
        size(units);
    }

    /** State: samples seen, then per output the sums of y², y, squared residuals and weights. */
    private void size(int units) {
        if (outputs != units) {
            outputs = units;
            variables = new double[1 + 4 * units];
        }
    }

    @Override
    void update(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        if (yPred.length == 0) {
            return;
        }
        if (outputs == 0) {
            size(yPred[0].length);
        } else if (yPred[0].length != outputs) {
            throw new Keras4jException("R2Score '" + getName() + "' was built for " + outputs + " outputs per sample "
                    + "and received " + yPred[0].length + "; reset it with resetState() only between data of one "
                    + "width.");
        }
        int k = outputs;
        for (int i = 0; i < yPred.length; i++) {
            double w = weight(sampleWeight, i);
            for (int j = 0; j < k; j++) {
                double t = yTrue[i][j];
                double e = t - yPred[i][j];
                variables[1 + j] += t * t * w;
                variables[1 + k + j] += t * w;
                variables[1 + 2 * k + j] += e * e * w;
                variables[1 + 3 * k + j] += w;
            }
            variables[0] += w != 0 ? 1 : 0;
        }
    }

    /** @return R² of each output over everything seen (Keras's result with class_aggregation None) */
    public double[] results() {
        double[] raw = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            raw[j] = 1 - variables[1 + 2 * outputs + j] / total(j);
            if (Double.isInfinite(raw[j])) {
                raw[j] = 0;   // Keras's where(isinf(raw), 0, raw): a constant target
            }
        }
        return raw;
    }

    private double total(int j) {
        double sum = variables[1 + outputs + j];
        double mean = sum / variables[1 + 3 * outputs + j];
        return variables[1 + j] - sum * mean;
    }

    @Override
    public double result() {
        double[] raw = results();
        double r2;
        if (Objects.equals(classAggregation, "variance_weighted_average")) {
            double weighted = 0;
            double weights = 0;
            for (int j = 0; j < raw.length; j++) {
                weighted += total(j) * raw[j];
                weights += total(j);
            }
            r2 = weighted / weights;
        } else {
            r2 = java.util.Arrays.stream(raw).average().orElse(Double.NaN);
        }
        double n = variables[0];
        if (numRegressors != 0 && numRegressors < n - 1) {
            r2 = 1 - (1 - r2) * (n - 1) / (n - numRegressors - 1);   // Keras falls back to plain R² otherwise
        }
        return r2;
    }
}

package keras4j.cli;

import java.util.Locale;
import java.util.Map;

import keras4j.optimizers.Optimizer;

/** How the commands print numbers and settings. */
final class Format {
    private Format() {
    }

    /** @return e.g. "adam(lr=0.001)" */
    static String optimizer(Optimizer optimizer) {
        return optimizer.getName() + "(lr=" + number(optimizer.getLearningRate()) + ")";
    }

    /** @return a number without trailing zeros, e.g. 0.001 or 0.1 */
    static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** @return "loss: 0.0712 - accuracy: 0.9781" */
    static String scores(Map<String, Double> scores, String prefix) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (s.length() > 0) {
                s.append(" - ");
            }
            s.append(prefix).append(e.getKey()).append(": ").append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return s.toString();
    }
}

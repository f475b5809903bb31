package keras4j.models;

import java.util.Locale;

/**
 * One answer of a model for one example: a class with its probability, or (regression) the
 * predicted value.
 *
 * <pre>{@code
 * for (Prediction p : model.predictImage(Path.of("seven.png"), 3)) System.out.println(p);   // 7: 97.1%
 * }</pre>
 *
 * @param classId the class id, or -1 for a regression value
 * @param label   the class name, or the target's name for a regression value
 * @param value   the class's probability in [0, 1], or the predicted value
 */
public record Prediction(int classId, String label, double value) {
    /** @return whether this is a regression value rather than a class */
    public boolean isValue() {
        return classId < 0;
    }

    @Override
    public String toString() {
        return isValue() ? label + " = " + String.format(Locale.ROOT, "%.4f", value)
                : label + ": " + String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
}

package keras4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Keras's {@code PiecewiseConstantDecay}: {@code values[0]} up to and including step
 * {@code boundaries[0]}, {@code values[1]} after it up to {@code boundaries[1]}, ..., the last
 * value after the last boundary.
 *
 * <pre>{@code
 * new PiecewiseConstantDecay(new double[] {100000, 110000}, new double[] {1.0, 0.5, 0.1});
 * }</pre>
 */
public final class PiecewiseConstantDecay extends LearningRateSchedule {
    private final double[] boundaries;
    private final double[] values;

    /**
     * @param boundaries increasing step counts
     * @param values     one more value than boundaries: the rate before, between and after them
     */
    public PiecewiseConstantDecay(double[] boundaries, double[] values) {
        if (boundaries.length != values.length - 1) {
            throw new Keras4jException("PiecewiseConstantDecay: The length of boundaries should be 1 less than the "
                    + "length of values. Received: boundaries of length " + boundaries.length + ", and values of length "
                    + values.length + ".");
        }
        if (boundaries.length == 0) {
            throw new Keras4jException("PiecewiseConstantDecay: expected at least one boundary; received none.");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (!(boundaries[i] > boundaries[i - 1])) {
                throw new Keras4jException("PiecewiseConstantDecay: boundaries must increase; received "
                        + java.util.Arrays.toString(boundaries) + ".");
            }
        }
        for (double v : values) {
            rate("PiecewiseConstantDecay", "values", v);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double valueAt(long step) {
        checkStep(step);
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("boundaries", list(boundaries));
        config.put("values", list(values));
        config.put("name", "PiecewiseConstant");
        return config;
    }
}

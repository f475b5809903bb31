package keras4j.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Where a {@code fit} stood inside an epoch when its state was saved: the epoch, how many of its
 * batches were done, the random generator's state (dropout masks) and the epoch's running metric
 * sums. Saved in a mid-epoch checkpoint ({@code "training_position"} in keras4j.json), it lets a
 * resumed run skip exactly those batches and continue with the same masks, so that it ends
 * bit for bit like a run never interrupted.
 *
 * <pre>{@code
 * TrainingPosition at = new TrainingPosition(3, 120, rng.rootState(), rng.nodeState(), tracker.state());
 * TrainingPosition same = TrainingPosition.fromJson(at.toJson(), "backup.keras4j");
 * }</pre>
 *
 * @param epoch      the epoch in progress (from 0)
 * @param batches    how many of its batches were done
 * @param rngRoot    ND4J's random generator's root state after those batches
 * @param rngNode    its node state
 * @param metricSums the epoch's {@link MetricTracker#state()} after those batches
 */
public record TrainingPosition(int epoch, int batches, long rngRoot, long rngNode, double[] metricSums) {
    /** The key in keras4j.json. */
    public static final String KEY = "training_position";

    /** @return the JSON form */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epoch", epoch);
        json.put("batches", batches);
        json.put("rng_root", rngRoot);
        json.put("rng_node", rngNode);
        // Doubles round-trip exactly as their raw bits; JSON numbers might not.
        long[] bits = new long[metricSums.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Double.doubleToRawLongBits(metricSums[i]);
        }
        json.put("metric_sums_bits", bits);
        return json;
    }

    /**
     * @param json the output of {@link #toJson()}
     * @param from the file, for messages
     * @return the position
     * @throws Keras4jException when a field is missing or has the wrong type
     */
    public static TrainingPosition fromJson(Object json, String from) {
        if (!(json instanceof Map<?, ?> map)) {
            throw damaged(from, "is not an object");
        }
        List<?> bits = map.get("metric_sums_bits") instanceof List<?> list ? list : null;
        if (bits == null) {
            throw damaged(from, "has no metric_sums_bits list");
        }
        double[] sums = new double[bits.size()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = Double.longBitsToDouble(number(bits.get(i), "metric_sums_bits[" + i + "]", from).longValue());
        }
        int epoch = number(map.get("epoch"), "epoch", from).intValue();
        int batches = number(map.get("batches"), "batches", from).intValue();
        if (epoch < 0 || batches < 0) {
            throw damaged(from, "has a negative epoch or batch count");
        }
        return new TrainingPosition(epoch, batches, number(map.get("rng_root"), "rng_root", from).longValue(),
                number(map.get("rng_node"), "rng_node", from).longValue(), sums);
    }

    private static Number number(Object value, String field, String from) {
        if (!(value instanceof Number n)) {
            throw damaged(from, "has no number " + field);
        }
        return n;
    }

    private static Keras4jException damaged(String from, String what) {
        return new Keras4jException("Model file " + from + " is damaged: its " + KEY + " " + what + ".");
    }
}

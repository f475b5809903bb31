package keras4j.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import keras4j.optimizers.schedules.LearningRateSchedule;

/**
 * A keras4j learning-rate schedule as DL4J's {@link ISchedule}: the value at DL4J's iteration
 * count, which is Keras's {@code optimizer.iterations} (the steps taken before this one). DL4J's
 * own schedules have other formulas (no {@code decay_steps}, no warmup). Serialized by DL4J's
 * JSON mapper through its fields (the schedule's Keras class name and config); the name goes into
 * saved files and keeps it.
 *
 * <pre>{@code
 * ISchedule schedule = new KerasSchedule(new CosineDecay(1e-3, 1000));
 * double lr = schedule.valueAt(500, 0);   // 5e-4
 * }</pre>
 */
public final class KerasSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    // DL4J's mapper reads schedules by their properties, not their fields
    @JsonProperty
    private String className;
    @JsonProperty
    private Map<String, Object> config;
    private transient LearningRateSchedule schedule;

    /** For DL4J's JSON mapper. */
    private KerasSchedule() {
    }

    /** @param schedule the keras4j schedule */
    public KerasSchedule(LearningRateSchedule schedule) {
        this.className = schedule.getClassName();
        this.config = new LinkedHashMap<>(schedule.getConfig());
        this.schedule = schedule;
    }

    /** @return the keras4j schedule */
    public LearningRateSchedule schedule() {
        if (schedule == null) {
            schedule = LearningRateSchedule.fromConfig(className, config);
        }
        return schedule;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule().valueAt(iteration);
    }

    @Override
    public KerasSchedule clone() {
        return new KerasSchedule(schedule());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasSchedule other && other.schedule().equals(schedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule());
    }

    @Override
    public String toString() {
        return "KerasSchedule(" + schedule() + ")";
    }
}

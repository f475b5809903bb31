package keras4j.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * What keras4j's own DL4J updaters share: a learning rate or a schedule, and state arrays of the
 * gradient's shape kept one after another in DL4J's flat state view. Each subclass is one of
 * Keras's update rules, written as Keras's {@code update_step} computes it where DL4J's own
 * updater differs. Serialized by DL4J's JSON mapper through its fields; the subclasses' names go
 * into saved files and keep them.
 *
 * <pre>{@code
 * IUpdater adamax = new AdamaxUpdater(0.001, 0.9, 0.999, 1e-7);
 * }</pre>
 */
public abstract class KerasUpdater implements IUpdater, Cloneable {
    private static final long serialVersionUID = 1L;

    /** The constant learning rate (also the schedule's first value, for DL4J's messages). */
    protected double learningRate;
    /** The schedule, or null. */
    protected ISchedule learningRateSchedule;

    /** For DL4J's JSON mapper. */
    KerasUpdater() {
    }

    KerasUpdater(double learningRate) {
        this.learningRate = learningRate;
    }

    /** @return the names of the state arrays, in the state view's (and Keras's slots') order */
    public abstract List<String> stateKeys();

    /** @return the parameters that make two updaters equal, besides the learning rate */
    abstract double[] parameters();

    /** Sets the state of a fresh start; all zero unless overridden. */
    void initialize(Map<String, INDArray> state) {
        for (INDArray array : state.values()) {
            array.assign(0);
        }
    }

    /**
     * One of Keras's steps.
     *
     * @param state     the state arrays, of the gradient's shape, updated in place
     * @param gradient  the gradient, of that shape
     * @param lr        this step's learning rate
     * @param iteration the steps taken before this one
     * @return what is subtracted from the weights
     */
    abstract INDArray step(Map<String, INDArray> state, INDArray gradient, double lr, int iteration);

    @Override
    public long stateSize(long numParams) {
        return numParams * stateKeys().size();
    }

    @Override
    public GradientUpdater<KerasUpdater> instantiate(INDArray viewArray, boolean initializeViewArray) {
        State updater = new State(this);
        updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<KerasUpdater> instantiate(Map<String, INDArray> updaterState, boolean initialize) {
        State updater = new State(this);
        updater.setState(updaterState, initialize);
        return updater;
    }

    @Override
    public KerasUpdater clone() {
        try {
            KerasUpdater copy = (KerasUpdater) super.clone();
            copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((KerasUpdater) o).learningRate == learningRate
                && Objects.equals(((KerasUpdater) o).learningRateSchedule, learningRateSchedule)
                && java.util.Arrays.equals(((KerasUpdater) o).parameters(), parameters());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), learningRate, learningRateSchedule, java.util.Arrays.hashCode(parameters()));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(learningRate=" + learningRate + ", schedule=" + learningRateSchedule
                + ", " + java.util.Arrays.toString(parameters()) + ")";
    }

    /** The per-block state: the arrays of {@link #stateKeys()}. */
    private static final class State implements GradientUpdater<KerasUpdater> {
        private final KerasUpdater config;
        private Map<String, INDArray> state;

        State(KerasUpdater config) {
            this.config = config;
        }

        @Override
        public KerasUpdater getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            state = new LinkedHashMap<>();
            for (String key : config.stateKeys()) {
                state.put(key, stateMap.get(key));
            }
            if (initialize) {
                config.initialize(state);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return state;
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            List<String> keys = config.stateKeys();
            INDArray flat = viewArray.reshape(viewArray.length());
            long n = viewArray.length() / keys.size();
            state = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                // flat views: DL4J passes the whole view's shape here, whatever the gradient's
                state.put(keys.get(i), flat.get(NDArrayIndex.interval(i * n, (i + 1) * n)));
            }
            if (initialize) {
                config.initialize(state);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            // DL4J subtracts what this leaves in `gradient`.
            INDArray first = state.values().iterator().next();
            INDArray g = gradient.reshape(first.shape());
            INDArray update = config.step(state, g, config.getLearningRate(iteration, epoch), iteration);
            gradient.assign(update.reshape(gradient.shape()));
        }
    }
}

package keras4j.internal;

import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Classic (heavy-ball) momentum, Keras's {@code SGD(momentum=m, nesterov=False)}:
 * {@code v = m * v - lr * g; w = w + v}. DL4J ships only the Nesterov variant.
 *
 * <pre>{@code
 * IUpdater updater = new MomentumUpdater(0.01, 0.9);
 * }</pre>
 *
 * <p>Serialized by DL4J's JSON mapper through its fields.
 */
public final class MomentumUpdater implements IUpdater {
    private static final long serialVersionUID = 1L;
    private static final String VELOCITY = "V";

    private double learningRate;
    private double momentum;
    /** A learning-rate schedule, or null (files of older keras4j versions have none). */
    private ISchedule learningRateSchedule;

    /** For DL4J's JSON mapper. */
    private MomentumUpdater() {
    }

    /** @param learningRate the step size @param momentum the velocity's decay, in [0, 1) */
    public MomentumUpdater(double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<MomentumUpdater> instantiate(INDArray viewArray, boolean initializeViewArray) {
        Velocity updater = new Velocity(this);
        updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<MomentumUpdater> instantiate(Map<String, INDArray> updaterState, boolean initialize) {
        Velocity updater = new Velocity(this);
        updater.setState(updaterState, initialize);
        return updater;
    }

    @Override
    public MomentumUpdater clone() {
        MomentumUpdater copy = new MomentumUpdater(learningRate, momentum);
        copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return copy;
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
        return o instanceof MomentumUpdater other && other.learningRate == learningRate && other.momentum == momentum
                && java.util.Objects.equals(other.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(learningRate) * 31 + Double.hashCode(momentum);
    }

    @Override
    public String toString() {
        return "MomentumUpdater(learningRate=" + learningRate + ", momentum=" + momentum + ")";
    }

    /** The per-parameter state: the velocity. */
    private static final class Velocity implements GradientUpdater<MomentumUpdater> {
        private final MomentumUpdater config;
        private INDArray velocity;

        Velocity(MomentumUpdater config) {
            this.config = config;
        }

        @Override
        public MomentumUpdater getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            velocity = stateMap.get(VELOCITY);
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Collections.singletonMap(VELOCITY, velocity);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            velocity = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            // DL4J subtracts what this leaves in `gradient`: w -= (-v) is Keras's w += v.
            INDArray g = gradient.reshape(velocity.shape());
            velocity.muli(config.momentum).subi(g.mul(config.getLearningRate(iteration, epoch)));
            gradient.assign(velocity.reshape(gradient.shape())).negi();
        }
    }
}

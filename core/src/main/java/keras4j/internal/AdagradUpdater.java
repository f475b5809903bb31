package keras4j.internal;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's Adagrad step: the accumulator starts at {@code initial_accumulator_value};
 * {@code a += g²; w -= lr g / sqrt(a + epsilon)}. DL4J's AdaGrad starts at 0 and adds epsilon
 * outside the root.
 *
 * <pre>{@code
 * IUpdater updater = new AdagradUpdater(0.001, 0.1, 1e-7);
 * }</pre>
 */
public final class AdagradUpdater extends KerasUpdater {
    private static final long serialVersionUID = 1L;

    private double initialAccumulatorValue;
    private double epsilon;

    /** For DL4J's JSON mapper. */
    private AdagradUpdater() {
    }

    /** @param learningRate the step size @param initialAccumulatorValue the accumulator's start @param epsilon added under the root */
    public AdagradUpdater(double learningRate, double initialAccumulatorValue, double epsilon) {
        super(learningRate);
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.epsilon = epsilon;
    }

    @Override
    public List<String> stateKeys() {
        return List.of("accumulator");
    }

    @Override
    double[] parameters() {
        return new double[] {initialAccumulatorValue, epsilon};
    }

    @Override
    void initialize(Map<String, INDArray> state) {
        state.get("accumulator").assign(initialAccumulatorValue);
    }

    @Override
    INDArray step(Map<String, INDArray> state, INDArray g, double lr, int iteration) {
        INDArray accumulator = state.get("accumulator");
        accumulator.addi(g.mul(g));
        return g.mul(lr).divi(Transforms.sqrt(accumulator.add(epsilon), false));
    }
}

package keras4j.internal;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's Adadelta step: {@code a = rho a + (1 - rho) g²; d = sqrt(b + eps) g / sqrt(a + eps);
 * b = rho b + (1 - rho) d²; w -= lr d}. DL4J's AdaDelta has no learning rate (it is 1).
 *
 * <pre>{@code
 * IUpdater updater = new AdadeltaUpdater(0.001, 0.95, 1e-7);
 * }</pre>
 */
public final class AdadeltaUpdater extends KerasUpdater {
    private static final long serialVersionUID = 1L;

    private double rho;
    private double epsilon;

    /** For DL4J's JSON mapper. */
    private AdadeltaUpdater() {
    }

    /** @param learningRate the step size @param rho the averages' decay @param epsilon added under the roots */
    public AdadeltaUpdater(double learningRate, double rho, double epsilon) {
        super(learningRate);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public List<String> stateKeys() {
        return List.of("accumulated_grad", "accumulated_delta_var");
    }

    @Override
    double[] parameters() {
        return new double[] {rho, epsilon};
    }

    @Override
    INDArray step(Map<String, INDArray> state, INDArray g, double lr, int iteration) {
        INDArray grads = state.get("accumulated_grad");
        INDArray deltas = state.get("accumulated_delta_var");
        grads.assign(grads.mul(rho).addi(g.mul(g).muli(1 - rho)));
        INDArray delta = Transforms.sqrt(deltas.add(epsilon), false).muli(g).divi(Transforms.sqrt(grads.add(epsilon), false));
        deltas.assign(deltas.mul(rho).addi(delta.mul(delta).muli(1 - rho)));
        return delta.muli(lr);
    }
}

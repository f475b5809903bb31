package keras4j.internal;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's Adamax step: {@code m += (g - m)(1 - beta_1); u = max(beta_2 u, |g|);
 * w -= lr m / ((1 - beta_1^t)(u + epsilon))}. DL4J's AdaMax adds a fixed 1e-32 in place of epsilon.
 *
 * <pre>{@code
 * IUpdater updater = new AdamaxUpdater(0.001, 0.9, 0.999, 1e-7);
 * }</pre>
 */
public final class AdamaxUpdater extends KerasUpdater {
    private static final long serialVersionUID = 1L;

    private double beta1;
    private double beta2;
    private double epsilon;

    /** For DL4J's JSON mapper. */
    private AdamaxUpdater() {
    }

    /** @param learningRate the step size @param beta1 the momentum's decay @param beta2 the norm's decay @param epsilon added to the norm */
    public AdamaxUpdater(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public List<String> stateKeys() {
        return List.of("momentum", "norm");
    }

    @Override
    double[] parameters() {
        return new double[] {beta1, beta2, epsilon};
    }

    @Override
    INDArray step(Map<String, INDArray> state, INDArray g, double lr, int iteration) {
        INDArray m = state.get("momentum");
        INDArray u = state.get("norm");
        double beta1Power = Math.pow((float) beta1, iteration + 1.0);
        m.addi(g.sub(m).muli(1 - beta1));
        u.assign(Transforms.max(u.mul(beta2), Transforms.abs(g, true), false));
        return m.mul(lr).divi(u.add(epsilon).muli(1 - beta1Power));
    }
}

package keras4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's RMSprop step with {@code momentum} and {@code centered}, which DL4J's RmsProp lacks:
 * {@code v = rho v + (1 - rho) g²}; centered: {@code a = rho a + (1 - rho) g}, denominator
 * {@code v - a² + eps}, else {@code v + eps}; {@code inc = lr g / sqrt(denominator)}; with momentum
 * {@code m = momentum m + inc; w -= m}, else {@code w -= inc}.
 *
 * <pre>{@code
 * IUpdater updater = new RMSpropUpdater(0.001, 0.9, 0.9, 1e-7, true);
 * }</pre>
 */
public final class RMSpropUpdater extends KerasUpdater {
    private static final long serialVersionUID = 1L;

    private double rho;
    private double momentum;
    private double epsilon;
    private boolean centered;

    /** For DL4J's JSON mapper. */
    private RMSpropUpdater() {
    }

    /**
     * @param learningRate the step size
     * @param rho          the mean square's decay
     * @param momentum     the velocity's decay, 0 for none
     * @param epsilon      added under the root
     * @param centered     whether to subtract the squared running mean
     */
    public RMSpropUpdater(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
        super(learningRate);
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.centered = centered;
    }

    @Override
    public List<String> stateKeys() {
        List<String> keys = new ArrayList<>(List.of("velocity"));
        if (momentum > 0) {
            keys.add("momentum");
        }
        if (centered) {
            keys.add("average_gradient");
        }
        return keys;
    }

    @Override
    double[] parameters() {
        return new double[] {rho, momentum, epsilon, centered ? 1 : 0};
    }

    @Override
    INDArray step(Map<String, INDArray> state, INDArray g, double lr, int iteration) {
        INDArray velocity = state.get("velocity");
        velocity.assign(velocity.mul(rho).addi(g.mul(g).muli(1 - rho)));
        INDArray denominator;
        if (centered) {
            INDArray average = state.get("average_gradient");
            average.assign(average.mul(rho).addi(g.mul(1 - rho)));
            denominator = velocity.sub(average.mul(average)).addi(epsilon);
        } else {
            denominator = velocity.add(epsilon);
        }
        INDArray increment = g.mul(lr).divi(Transforms.sqrt(denominator, false));
        if (momentum > 0) {
            INDArray m = state.get("momentum");
            m.assign(m.mul(momentum).addi(increment));
            return m.dup();
        }
        return increment;
    }
}

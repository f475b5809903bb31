package keras4j.optimizers;

import java.util.Map;

/**
 * What {@link Adam} and {@link Nadam} share: running estimates of the gradient's first and second
 * moments, with Keras's defaults (beta_1 0.9, beta_2 0.999, epsilon 1e-7).
 *
 * <pre>{@code
 * MomentOptimizer adam = new Adam(3e-4);
 * double beta2 = adam.getBeta2();   // 0.999
 * }</pre>
 */
public abstract sealed class MomentOptimizer extends Optimizer permits Adam, Nadam, AdamW, Adamax {
    static final double BETA_1 = 0.9;
    static final double BETA_2 = 0.999;
    static final double EPSILON = 1e-7;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** Adam's and AdamW's {@code amsgrad}: divide by the largest second moment seen. */
    private boolean amsgrad;

    MomentOptimizer(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        String name = getClass().getSimpleName();
        check(name, "beta_1", beta1, beta1 >= 0 && beta1 < 1);
        check(name, "beta_2", beta2, beta2 >= 0 && beta2 < 1);
        check(name, "epsilon", epsilon, epsilon > 0);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** @return decay of the first moment */
    public double getBeta1() {
        return beta1;
    }

    /** @return decay of the second moment */
    public double getBeta2() {
        return beta2;
    }

    /** @return the epsilon */
    public double getEpsilon() {
        return epsilon;
    }

    /** @return whether the step divides by the largest second moment seen (Keras's {@code amsgrad}) */
    public boolean isAmsgrad() {
        return amsgrad;
    }

    /** @return a copy with {@code amsgrad} set, for the optimizers that have it */
    final MomentOptimizer amsgradCopy(boolean amsgrad) {
        MomentOptimizer copy = (MomentOptimizer) copy();
        copy.amsgrad = amsgrad;
        return copy;
    }

    /** @return whether Keras's form of this optimizer has {@code amsgrad} (Adam, AdamW) */
    boolean hasAmsgrad() {
        return false;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        if (hasAmsgrad()) {
            config.put("amsgrad", amsgrad);
        }
    }
}

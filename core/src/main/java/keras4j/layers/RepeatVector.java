package keras4j.layers;

import java.util.Map;

/**
 * Repeats each sample's vector {@code n} times, as Keras's {@code RepeatVector}: (features)
 * becomes (n, features).
 *
 * <pre>{@code
 * Sequential.of(new Input(8), new RepeatVector(3), new Flatten(), new Dense(4));   // (8) -> (3, 8) -> (24)
 * }</pre>
 */
public final class RepeatVector extends Layer {
    private final int n;

    /** @param n how many times to repeat, > 0 */
    public RepeatVector(int n) {
        require(n > 0, "RepeatVector", "Argument `n` should be a positive integer. Received: n=" + n + ".");
        this.n = n;
    }

    @Override
    public RepeatVector name(String name) {
        setName(name);
        return this;
    }

    /** @return how many times the vector is repeated */
    public int getN() {
        return n;
    }

    @Override
    public String defaultName() {
        return "repeat_vector";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (inputShape.length != 1) {
            throw incompatible(inputShape, "ndim=2, i.e. a vector per sample (None, features)",
                    "Flatten the input first.");
        }
        return new int[] {n, inputShape[0]};
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("n", n);
    }

    static RepeatVector fromConfig(Map<String, Object> config) {
        Object n = config.get("n");
        require(n instanceof Integer || n instanceof Long, "RepeatVector", "Expected an integer value for `n`, got "
                + n + ".");
        return new RepeatVector(((Number) n).intValue());
    }
}

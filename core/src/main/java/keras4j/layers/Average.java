package keras4j.layers;

/**
 * Averages its inputs element by element, Keras's {@code Average}.
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor a = new Dense(16).apply(x);
 * KerasTensor b = new Dense(16).apply(x);
 * KerasTensor merged = new Average().apply(a, b);
 * }</pre>
 */
public final class Average extends Merge {
    /** Creates the layer. */
    public Average() {
    }

    @Override
    public Average name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "average";
    }
}

package keras4j.layers;

/**
 * Multiplies its inputs element by element, Keras's {@code Multiply} (a gate).
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor a = new Dense(16).apply(x);
 * KerasTensor b = new Dense(16).apply(x);
 * KerasTensor merged = new Multiply().apply(a, b);
 * }</pre>
 */
public final class Multiply extends Merge {
    /** Creates the layer. */
    public Multiply() {
    }

    @Override
    public Multiply name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "multiply";
    }
}

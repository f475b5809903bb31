package keras4j.layers;

/**
 * Subtracts its second input from its first, element by element, Keras's {@code Subtract}.
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor a = new Dense(16).apply(x);
 * KerasTensor b = new Dense(16).apply(x);
 * KerasTensor merged = new Subtract().apply(a, b);
 * }</pre>
 */
public final class Subtract extends Merge {
    /** Creates the layer. */
    public Subtract() {
    }

    @Override
    public Subtract name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "subtract";
    }

    @Override
    int maxInputs() {
        return 2;
    }
}

package keras4j.layers;

/**
 * Takes the element-wise minimum of its inputs, Keras's {@code Minimum}.
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor a = new Dense(16).apply(x);
 * KerasTensor b = new Dense(16).apply(x);
 * KerasTensor merged = new Minimum().apply(a, b);
 * }</pre>
 */
public final class Minimum extends Merge {
    /** Creates the layer. */
    public Minimum() {
    }

    @Override
    public Minimum name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "minimum";
    }
}

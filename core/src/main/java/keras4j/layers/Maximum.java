package keras4j.layers;

/**
 * Takes the element-wise maximum of its inputs, Keras's {@code Maximum}.
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor a = new Dense(16).apply(x);
 * KerasTensor b = new Dense(16).apply(x);
 * KerasTensor merged = new Maximum().apply(a, b);
 * }</pre>
 */
public final class Maximum extends Merge {
    /** Creates the layer. */
    public Maximum() {
    }

    @Override
    public Maximum name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "maximum";
    }
}

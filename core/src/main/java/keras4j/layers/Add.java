package keras4j.layers;

/**
 * Adds its inputs element by element, Keras's {@code Add}, as in a residual block.
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor a = new Dense(16).apply(x);
 * KerasTensor b = new Dense(16).apply(x);
 * KerasTensor merged = new Add().apply(x, new Dense(16, "relu").apply(x));
 * }</pre>
 */
public final class Add extends Merge {
    /** Creates the layer. */
    public Add() {
    }

    @Override
    public Add name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "add";
    }
}

package keras4j.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import keras4j.graph.KerasTensor;
import keras4j.graph.Node;

/**
 * The shape of one sample, in Keras's order (height, width, channels for images); the batch axis
 * is left out. It starts a {@link keras4j.Sequential} model and does not appear in its summary; in
 * a {@link keras4j.Functional} model its tensor ({@link #tensor}, {@link #output()}) is where the
 * graph starts, Keras's {@code keras.Input(shape)}.
 *
 * <pre>{@code
 * new Input(784);          // a vector of 784 features
 * new Input(28, 28, 1);    // a 28x28 grayscale image, channels last
 * new Input(28, 28);       // 28x28 values, to be followed by Flatten
 * KerasTensor pixels = Input.tensor(28, 28, 1);             // for a Functional model
 * KerasTensor age = new Input(1).name("age").output();      // a named input
 * }</pre>
 */
public final class Input extends Layer {
    private final int[] shape;
    private Node node;

    /** @param shape the sample shape, every dimension &gt; 0 */
    public Input(int... shape) {
        require(shape != null && shape.length > 0, "Input", "a shape is required, e.g. new Input(784) or "
                + "new Input(28, 28, 1).");
        for (int d : shape) {
            require(d > 0, "Input", "every dimension must be > 0; received shape " + Arrays.toString(shape) + ".");
        }
        this.shape = shape.clone();
    }

    /**
     * Keras's {@code keras.Input(shape)}: the symbolic tensor a Functional model starts from.
     *
     * @param shape the sample shape, every dimension &gt; 0
     * @return the tensor of a new Input
     */
    public static KerasTensor tensor(int... shape) {
        return new Input(shape).output();
    }

    /** @return this Input's symbolic tensor, the start of a Functional model (the same tensor every call) */
    public KerasTensor output() {
        if (node == null) {
            Node made = Node.of(this, List.of());
            Node.claim(this, made);
            node = made;
        }
        return node.getOutput();
    }

    /** @return the sample shape (a copy) */
    public int[] getShape() {
        return shape.clone();
    }

    @Override
    public Input name(String name) {
        setName(name);
        return this;
    }

    @Override
    public String defaultName() {
        return "input_layer";
    }

    @Override
    public String getClassName() {
        return "InputLayer";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return shape.clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("shape", list(shape));
    }

    static Input fromConfig(Map<String, Object> config) {
        return new Input(ints(config.get("shape")));
    }
}

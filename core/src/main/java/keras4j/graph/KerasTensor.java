package keras4j.graph;

import keras4j.internal.Shapes;

/**
 * A symbolic tensor, Keras's {@code KerasTensor}: the shape of what one layer produces (without
 * the batch axis) and where it comes from, but no values. Functional models are built by calling
 * layers on them, from an {@code Input}'s tensor to the outputs.
 *
 * <pre>{@code
 * KerasTensor inputs = Input.tensor(784);
 * KerasTensor hidden = new Dense(64, "relu").apply(inputs);
 * hidden.getShape();   // {64}
 * }</pre>
 */
public final class KerasTensor {
    private final Node node;
    private final int index;
    private final int[] shape;

    KerasTensor(Node node, int index, int[] shape) {
        this.node = node;
        this.index = index;
        this.shape = shape.clone();
    }

    /** @return the shape of one sample (a copy), e.g. {@code {28, 28, 1}} */
    public int[] getShape() {
        return shape.clone();
    }

    /** @return the rank of one sample (the batch axis not counted) */
    public int rank() {
        return shape.length;
    }

    /** @return the application of a layer (or model) that produces this tensor */
    public Node getNode() {
        return node;
    }

    /**
     * @return which of its node's outputs this tensor is, Keras's {@code tensor_index}: 0 but for a
     *         layer with several outputs (a recurrent layer's states with {@code returnState}: LSTM's h
     *         is 1, c is 2; a Bidirectional's backward output with merge mode null is 1)
     */
    public int getIndex() {
        return index;
    }

    /** @return the name of the layer (or model) producing this tensor */
    public String getName() {
        return node.getName();
    }

    /** @return Keras's form, e.g. {@code <KerasTensor shape=(None, 64), name=dense>} */
    @Override
    public String toString() {
        return "<KerasTensor shape=" + Shapes.withBatch(shape) + ", name=" + node.getName()
                + (index == 0 ? "" : ", index=" + index) + ">";
    }
}

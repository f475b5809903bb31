package keras4j.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import keras4j.Keras4jException;
import keras4j.graph.KerasTensor;
import keras4j.internal.Shapes;

/**
 * The base of Keras's merge layers, which combine several tensors of one shape into one:
 * {@link Add}, {@link Subtract}, {@link Multiply}, {@link Average}, {@link Maximum},
 * {@link Minimum} element by element, and {@link Concatenate} along an axis. They have no weights
 * and are used in Functional models.
 *
 * <pre>{@code
 * KerasTensor x = Input.tensor(16);
 * KerasTensor residual = new Add().apply(x, new Dense(16, "relu").apply(x));
 * }</pre>
 *
 * <p>keras4j merges tensors of exactly equal shapes (Keras also broadcasts a dimension of 1).
 */
public abstract sealed class Merge extends Layer permits Add, Subtract, Multiply, Average, Maximum, Minimum,
        Concatenate {
    Merge() {
    }

    /** @return how many inputs the layer takes at most (Subtract: 2) */
    int maxInputs() {
        return Integer.MAX_VALUE;
    }

    /**
     * Calls the merge layer on tensors; an incompatible shape is refused naming the layers that made
     * each tensor.
     *
     * @param inputs at least two tensors of one shape
     * @return the merged tensor
     */
    @Override
    public KerasTensor apply(List<KerasTensor> inputs) {
        List<int[]> shapes = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (KerasTensor input : inputs) {
            if (input != null) {
                shapes.add(input.getShape());
                sources.add(input.getName());
            }
        }
        if (shapes.size() == inputs.size()) {
            outputShape(shapes, sources);
        }
        return super.apply(inputs);
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        return outputShape(inputShapes, null);
    }

    /** @param inputShape one shape @return never: a merge layer needs two inputs or more */
    @Override
    public int[] computeOutputShape(int[] inputShape) {
        throw new Keras4jException("A merge layer (" + getClassName() + ") should be called on a list of at least "
                + "2 inputs; received 1. Call it on several tensors: new " + getClassName() + "().apply(a, b).");
    }

    /** @param inputShapes one shape per input @return 0: a merge layer has no weights */
    @Override
    public long countParams(List<int[]> inputShapes) {
        return 0;
    }

    /** @param inputShapes one shape per input @return 0: a merge layer has no weights */
    @Override
    public long countNonTrainableParams(List<int[]> inputShapes) {
        return 0;
    }

    private int[] outputShape(List<int[]> shapes, List<String> sources) {
        String self = "Layer '" + (getName() == null ? defaultName() : getName()) + "' (" + getClassName() + ")";
        if (shapes.size() < 2) {
            throw new Keras4jException("A merge layer should be called on a list of at least 2 inputs. " + self
                    + " received " + shapes.size() + ".");
        }
        if (shapes.size() > maxInputs()) {
            throw new Keras4jException(self + " should be called on a list of exactly " + maxInputs() + " inputs; "
                    + "received " + shapes.size() + ".");
        }
        return merged(shapes, i -> describe(shapes, sources, i), self);
    }

    /** @return "(None, 8) from 'dense'" for input i */
    static String describe(List<int[]> shapes, List<String> sources, int i) {
        return Shapes.withBatch(shapes.get(i)) + (sources == null ? "" : " from '" + sources.get(i) + "'");
    }

    /**
     * @param shapes   the input shapes, at least two
     * @param describe names input i in a message
     * @param self     names this layer in a message
     * @return the output shape
     */
    int[] merged(List<int[]> shapes, java.util.function.IntFunction<String> describe, String self) {
        for (int i = 1; i < shapes.size(); i++) {
            if (!Arrays.equals(shapes.get(0), shapes.get(i))) {
                throw new Keras4jException(self + " can't merge inputs of different shapes: input 0 is "
                        + describe.apply(0) + ", input " + i + " is " + describe.apply(i) + ". Make the shapes "
                        + "equal, e.g. with a Dense layer of the same units in front of each.");
            }
        }
        return shapes.get(0).clone();
    }

    @Override
    void addConfig(Map<String, Object> config) {
    }

    /**
     * @param className Keras's class name
     * @param config    the layer's configuration
     * @return the merge layer, or null for a class that isn't one
     */
    static Layer mergeFromConfig(String className, Map<String, Object> config) {
        return switch (className) {
            case "Add" -> new Add();
            case "Subtract" -> new Subtract();
            case "Multiply" -> new Multiply();
            case "Average" -> new Average();
            case "Maximum" -> new Maximum();
            case "Minimum" -> new Minimum();
            case "Concatenate" -> new Concatenate(config.get("axis") == null ? -1
                    : ((Number) config.get("axis")).intValue());
            default -> null;
        };
    }
}

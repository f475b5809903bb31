package keras4j.backend;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.layers.Layer;

/**
 * An optimizer's state as Keras keeps it: a step count and, for each trainable weight, a few
 * arrays of the weight's shape ("slots": Adam's momentum and velocity, SGD's momentum,
 * RMSprop's velocity, Adagrad's accumulator), in Keras's layout. Keras 3 saves these as the
 * optimizer's variables; {@code keras4j.saving} reads and writes them through this view.
 *
 * <pre>{@code
 * OptimizerSlots slots = session.optimizerSlots();     // null when the optimizer has no Keras form
 * List<INDArray> adam = slots.get(dense);              // [kernel's momentum, kernel's velocity, bias's ...]
 * }</pre>
 */
public interface OptimizerSlots {
    /** @return how many arrays the optimizer keeps per trainable weight (Adam 2, SGD with momentum 1, plain SGD 0) */
    int perWeight();

    /** @return the number of steps taken, Keras's {@code optimizer.iterations} */
    long iterations();

    /** @param iterations the number of steps taken */
    void setIterations(long iterations);

    /**
     * @param layer a layer of the model
     * @return copies of the slots of its trainable weights, weight by weight (for Adam: kernel's
     *         momentum, kernel's velocity, bias's momentum, bias's velocity); none for a frozen layer
     */
    List<INDArray> get(Layer layer);

    /** @param layer a layer of the model @param slots new values, as {@link #get} gives them */
    void set(Layer layer, List<INDArray> slots);
}

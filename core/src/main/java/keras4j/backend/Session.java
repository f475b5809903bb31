package keras4j.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import keras4j.internal.WeightStore;

/**
 * The seam between keras4j and the engine that computes: one built model's network, stepped one
 * batch at a time by keras4j's training loop. The batch's logs (running means of the loss and the
 * compiled metrics since {@link #resetMetrics()}) come back as a value, as Keras's
 * {@code train_step} returns them. DL4J's implementation is {@code backend.dl4j.Dl4jSession}.
 *
 * <p>Batches are ND4J {@link MultiDataSet}s: one features array per model input, one labels array
 * per output, and per output an optional sample weight [n, 1] as its labels mask.
 *
 * <pre>{@code
 * session.resetMetrics();
 * for (MultiDataSet batch : batches) {
 *     Map<String, Double> logs = session.trainOnBatch(batch);   // {loss=0.41, accuracy=0.88}
 * }
 * INDArray[] outputs = session.predictOnBatch(x);
 * }</pre>
 */
public interface Session {
    /** @param batch one batch @return the running logs since {@link #resetMetrics()}, this batch included */
    Map<String, Double> trainOnBatch(MultiDataSet batch);

    /** @param batch one batch, scored in inference mode @return the running logs since the last reset */
    Map<String, Double> testOnBatch(MultiDataSet batch);

    /** @return the running means since {@link #resetMetrics()} (NaN before any batch) */
    Map<String, Double> logs();

    /** Forgets the running means: the start of an epoch or of an evaluation. */
    void resetMetrics();

    /** @return the running sums behind the logs, for a checkpoint in the middle of an epoch */
    double[] metricsState();

    /** @param state the output of {@link #metricsState()} of a session with the same metrics */
    void restoreMetrics(double[] state);

    /** @param inputs one array per model input, shaped for the backend @return one array per output */
    INDArray[] predictOnBatch(INDArray... inputs);

    /** Counts an epoch as done (the engine's epoch counter, saved with the model). */
    void epochDone();

    /** @param learningRate the optimizer's new learning rate; its state is kept */
    void setLearningRate(double learningRate);

    /** @return the optimizer steps taken so far, Keras's {@code optimizer.iterations} (what a schedule reads) */
    long iterations();

    /** @return whether the session was built with a loss, so it can train and evaluate */
    boolean isCompiled();

    /** @return the weights of each layer, in Keras's layout */
    WeightStore weights();

    /** @return every weight of the network, flattened in the engine's order (a copy) */
    INDArray params();

    /** @param params the output of {@link #params()} of a session of the same architecture */
    void setParams(INDArray params);

    /**
     * Takes the training state of a session of the same architecture: weights, optimizer state and
     * step counters.
     *
     * @param saved the session read from a file
     * @return false when the optimizers keep differently sized states (another optimizer)
     */
    boolean restoreTrainingState(Session saved);

    /**
     * Writes the engine's own serialization of the network.
     *
     * @param file             the file to write
     * @param includeOptimizer whether to include the optimizer's state
     * @throws IOException when it can't be written
     */
    void write(Path file, boolean includeOptimizer) throws IOException;

    /**
     * @param input an input's index
     * @return whether the engine takes that input as one vector per sample (then x is reshaped so)
     */
    boolean flattensInput(int input);

    /** @return the engine's network, for interoperation (DL4J's MultiLayerNetwork or ComputationGraph) */
    Object network();

    /** @return the optimizer's state as Keras keeps it, or null when not compiled or it has no Keras form */
    OptimizerSlots optimizerSlots();
}

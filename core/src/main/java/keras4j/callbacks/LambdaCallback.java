package keras4j.callbacks;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback made of lambdas, as Keras's {@code LambdaCallback}.
 *
 * <pre>{@code
 * Callback log = new LambdaCallback()
 *         .onEpochEnd((epoch, logs) -> System.out.println(epoch + " " + logs))
 *         .onTrainEnd(logs -> System.out.println("done"));
 * }</pre>
 */
public final class LambdaCallback extends Callback {
    private Consumer<Map<String, Double>> trainBegin = logs -> { };
    private Consumer<Map<String, Double>> trainEnd = logs -> { };
    private BiConsumer<Integer, Map<String, Double>> epochBegin = (e, logs) -> { };
    private BiConsumer<Integer, Map<String, Double>> epochEnd = (e, logs) -> { };
    private BiConsumer<Integer, Map<String, Double>> batchEnd = (b, logs) -> { };

    /** A callback that does nothing until given lambdas. */
    public LambdaCallback() {
    }

    /** @param f called with the logs at the start of training @return this */
    public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> f) {
        this.trainBegin = f;
        return this;
    }

    /** @param f called with the last logs at the end of training @return this */
    public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> f) {
        this.trainEnd = f;
        return this;
    }

    /** @param f called with (epoch, logs) at each epoch's start @return this */
    public LambdaCallback onEpochBegin(BiConsumer<Integer, Map<String, Double>> f) {
        this.epochBegin = f;
        return this;
    }

    /** @param f called with (epoch, logs) at each epoch's end @return this */
    public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
        this.epochEnd = f;
        return this;
    }

    /** @param f called with (batch, running logs) after each batch @return this */
    public LambdaCallback onTrainBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
        this.batchEnd = f;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        trainBegin.accept(logs);
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        trainEnd.accept(logs);
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochBegin.accept(epoch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochEnd.accept(epoch, logs);
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        batchEnd.accept(batch, logs);
    }
}

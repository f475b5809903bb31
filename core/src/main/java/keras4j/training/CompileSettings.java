package keras4j.training;

import java.util.List;

import keras4j.losses.Loss;
import keras4j.metrics.Metric;
import keras4j.optimizers.Optimizer;

/**
 * What {@code compile} was given, one entry per model output: the optimizer, each output's loss
 * and weight in the total loss, and each output's metrics.
 *
 * <pre>{@code
 * CompileSettings settings = model.getCompileSettings();
 * settings.losses().get(0).getName();   // "sparse_categorical_crossentropy"
 * settings.metrics().get(0).get(0).getName();   // "accuracy"
 * }</pre>
 *
 * @param optimizer   the optimizer
 * @param losses      one loss per output, in output order
 * @param lossWeights one weight per output (Keras's {@code loss_weights}; 1.0 when not given)
 * @param metrics     one list of metrics per output, as compile received them (names become
 *                    {@link Metric#get(String)}; each output trains with its own copies)
 */
public record CompileSettings(Optimizer optimizer, List<Loss> losses, List<Double> lossWeights,
                              List<List<Metric>> metrics) {
    /** Copies the lists, which can't change afterwards. */
    public CompileSettings {
        losses = List.copyOf(losses);
        lossWeights = List.copyOf(lossWeights);
        metrics = metrics.stream().map(List::copyOf).toList();
    }
}

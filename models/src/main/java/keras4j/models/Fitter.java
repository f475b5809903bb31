package keras4j.models;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.FitOptions;
import keras4j.Model;
import keras4j.callbacks.History;

/**
 * How a recipe's model is trained on its arrays: {@code model.fit} in this JVM by default; the
 * optional Spark module gives one that trains on a cluster (what {@code keras4j train --spark}
 * uses).
 *
 * <pre>{@code
 * recipe.train(new TrainOptions().fitter((model, x, y, options) -> model.fit(x, y, options)));
 * }</pre>
 */
@FunctionalInterface
public interface Fitter {
    /** Trains in this JVM: {@code model.fit(x, y, options)}. */
    Fitter IN_PROCESS = Model::fit;

    /**
     * @param model   the compiled model
     * @param x       the training features
     * @param y       the training targets
     * @param options epochs, batch size, validation, callbacks, output
     * @return the history of the run
     */
    History fit(Model model, INDArray x, INDArray y, FitOptions options);
}

package keras4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Model;
import keras4j.callbacks.History;
import keras4j.models.internal.ModelArrays;

/**
 * What a recipe's training run produced: the trained model, its history, its scores on the test
 * set, the test outputs, and how long it took.
 *
 * <pre>{@code
 * TrainingResult result = Recipes.get("iris-mlp").train();
 * double accuracy = result.testScores().get("accuracy");
 * int[][] confusion = result.confusionMatrix();
 * result.trainedModel().save(Path.of("iris.keras4j"));
 * }</pre>
 *
 * @param recipe          the recipe's name
 * @param trainedModel    the model and what it was trained on
 * @param data            the data it was trained and tested on (raw examples)
 * @param history         the training run's per-epoch metrics
 * @param testScores      loss and metrics on the test set, e.g. {@code {loss=0.07, accuracy=0.98}}
 * @param testOutputs     the model's outputs for each test example {@code [n, units]}
 * @param epochs          epochs trained
 * @param batchSize       examples per step
 * @param validationSplit the fraction of training examples held out for validation
 * @param seed            the seed of weights, shuffling and dropout
 * @param trainExamples   examples trained on (the validation split held out)
 * @param fitSeconds      seconds spent in {@code fit}
 * @param wallSeconds     seconds for the whole run: loading, training, testing
 */
public record TrainingResult(String recipe, TrainedModel trainedModel, RecipeData data, History history,
                             Map<String, Double> testScores, INDArray testOutputs, int epochs, int batchSize,
                             double validationSplit, long seed, int trainExamples, double fitSeconds,
                             double wallSeconds) {

    /** @return the trained model */
    public Model model() {
        return trainedModel.model();
    }

    /** @return seconds per epoch of training (with its validation), the mean over the run */
    public double secondsPerEpoch() {
        return history.size() == 0 ? 0 : fitSeconds / history.size();
    }

    /** @return the predicted class of each test example (classification) */
    public int[] predictedClasses() {
        return ModelArrays.classes(testOutputs);
    }

    /** @return the true class of each test example (classification) */
    public int[] trueClasses() {
        return data.yTest().toIntVector();
    }

    /** @return counts by true class (rows) and predicted class (columns) */
    public int[][] confusionMatrix() {
        int classes = Math.max(data.classNames().size(), (int) Math.max(2, testOutputs.size(1)));
        int[][] matrix = new int[classes][classes];
        int[] truth = trueClasses();
        int[] predicted = predictedClasses();
        for (int i = 0; i < truth.length; i++) {
            matrix[truth[i]][predicted[i]]++;
        }
        return matrix;
    }

    /** @return the indices of the test examples predicted wrong, in test-set order */
    public List<Integer> misclassified() {
        int[] truth = trueClasses();
        int[] predicted = predictedClasses();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != predicted[i]) {
                wrong.add(i);
            }
        }
        return wrong;
    }
}

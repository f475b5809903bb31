package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.optimizers.SGD;

class RecipesTest {

    @Test
    void everyRecipeBuildsAFreshUncompiledModelThatFitsItsData() {
        assertEquals(java.util.List.of("xor-mlp", "iris-mlp", "mnist-mlp", "mnist-cnn", "lenet5", "two-layer-net",
                "fashion-mlp", "fashion-cnn", "fashion-resnet", "mnist-lstm", "fashion-autoencoder",
                "linear-regression"), Recipes.names());
        for (Recipe recipe : Recipes.all()) {
            Model a = recipe.build();
            Model b = recipe.build();
            assertNotSame(a, b);
            assertFalse(a.isCompiled(), recipe.name());
            int inputs = Arrays.stream(a.getInputShape()).reduce(1, (x, y) -> x * y);
            int expected = switch (recipe.dataSource().name()) {
                case "mnist", "fashion-mnist" -> 784;
                case "iris" -> 4;
                case "xor" -> 2;
                default -> 3;
            };
            assertEquals(expected, inputs, recipe.name());
            assertTrue(recipe.countParams() > 0);
            assertTrue(recipe.epochs() > 0 && recipe.batchSize() > 0);
        }
        assertEquals(795_010, Recipes.get("mnist-mlp").countParams());
        assertEquals(39_760, Recipes.get("two-layer-net").countParams());
        assertEquals(61_706, Recipes.get("lenet5").countParams());
    }

    @Test
    void unknownRecipeListsTheKnownOnes() {
        Keras4jException e = assertThrows(Keras4jException.class, () -> Recipes.get("mnist"));
        assertTrue(e.getMessage().contains("Unknown recipe 'mnist'") && e.getMessage().contains("mnist-mlp"),
                e.getMessage());
    }

    @Test
    void xorReachesHundredPercentFromEverySeedTried() {
        Recipe xor = Recipes.get("xor-mlp");
        for (long seed : new long[] {0, 1, 7, 42, 1234}) {
            TrainingResult result = xor.train(new TrainOptions().seed(seed));
            assertEquals(1.0, result.testScores().get("accuracy"), "seed " + seed);
            assertArrayEquals(new int[] {0, 1, 1, 0}, result.predictedClasses(), "seed " + seed);
        }
    }

    @Test
    void irisRunReportsTestScoresAsEvaluateDoes() {
        StringBuilder progress = new StringBuilder();
        TrainingResult result = Recipes.get("iris-mlp").train(new TrainOptions().epochs(3).verbose(2)
                .output(progress));
        assertEquals(3, result.history().size());
        assertEquals(3, result.epochs());
        assertEquals(96, result.trainExamples(), "120 training rows, 20 % held out for validation");
        assertTrue(progress.toString().startsWith("Epoch 1/3\n"), progress.toString());
        assertEquals(java.util.List.of("loss", "accuracy"), java.util.List.copyOf(result.testScores().keySet()));
        Map<String, Double> evaluated = result.trainedModel().evaluate(result.data().xTest(), result.data().yTest());
        assertEquals(evaluated.get("loss"), result.testScores().get("loss"), 1e-5);
        assertEquals(evaluated.get("accuracy"), result.testScores().get("accuracy"), 1e-9);
        int[][] confusion = result.confusionMatrix();
        assertEquals(30, Arrays.stream(confusion).flatMapToInt(Arrays::stream).sum());
        assertEquals(30 - result.misclassified().size(),
                confusion[0][0] + confusion[1][1] + confusion[2][2]);
        assertTrue(result.secondsPerEpoch() > 0 && result.wallSeconds() >= result.fitSeconds());
    }

    @Test
    void optionsOverrideTheRecipeAndAChangedModelTrainsOnTheSameData() {
        Recipe iris = Recipes.get("iris-mlp");
        Sequential small = Sequential.of(new Input(4), new Dense(8, "relu"), new Dense(3, "softmax"));
        TrainingResult result = iris.train(small, new TrainOptions().epochs(2).optimizer("sgd").learningRate(0.5)
                .batchSize(8).limit(50).validationSplit(0).seed(3).verbose(0));
        assertInstanceOf(SGD.class, small.getOptimizer());
        assertEquals(0.5, small.getOptimizer().getLearningRate());
        assertEquals("categorical_crossentropy", small.getLoss().getName());
        assertEquals(50, result.trainExamples());
        assertEquals(3, result.seed());
        assertFalse(result.history().keys().contains("val_loss"));
        assertEquals(iris.optimizer().withLearningRate(0.01), iris.optimizer(new TrainOptions().learningRate(0.01)));
    }

    @Test
    void aModelThatDoesNotFitTheDataIsRefusedClearly() {
        Sequential wrong = Sequential.of(new Input(5), new Dense(3, "softmax"));
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> Recipes.get("iris-mlp").train(wrong, new TrainOptions().epochs(1).verbose(0)));
        assertTrue(e.getMessage().contains("(None, 5)") && e.getMessage().contains("'iris'"), e.getMessage());
    }

    @Test
    void linearRegressionReportsMseAndMae() {
        TrainingResult result = Recipes.get("linear-regression").train(new TrainOptions().epochs(2).verbose(0));
        assertEquals(Task.REGRESSION, result.data().task());
        assertEquals(java.util.List.of("loss", "mae"), java.util.List.copyOf(result.testScores().keySet()));
        assertEquals(200, result.data().testSize());
        assertTrue(result.testScores().get("loss") > 0);
        assertEquals("mse", Recipes.get("linear-regression").expectedMetric());
    }
}

package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.History;
import keras4j.layers.Add;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.LSTM;
import keras4j.layers.Layer;
import keras4j.layers.RandomFlip;
import keras4j.layers.UpSampling2D;

/**
 * The recipes of residual, recurrent and autoencoder networks: each builds from keras4j's public
 * API and takes a training step on a few generated examples (their scores are measured with the
 * real data sets, outside unit tests); the autoencoder runs through the recipe framework's
 * reconstruction task end to end, on generated images.
 */
class ArchitectureRecipesTest {
    private static final Random RANDOM = new Random(7);

    @TempDir
    Path dir;

    @Test
    void fashionResnetIsAFunctionalWithTwoResidualAddsThatTrainsAStep() {
        Recipe recipe = Recipes.get("fashion-resnet");
        Model model = recipe.build();
        assertInstanceOf(Functional.class, model);
        assertEquals(2, count(model, Add.class));
        assertEquals(6, count(model, BatchNormalization.class));
        assertEquals(1, count(model, RandomFlip.class), "mirrors training images left-right");
        assertArrayEquals(new int[] {28, 28, 1}, model.getInputShape());
        assertEquals(86_818, recipe.countParams(), "as Keras counts the same layers");
        assertEquals("adamw", recipe.optimizer().getName());
        INDArray outputs = trainsAStep(recipe, model, pixels(16, 28, 28, 1), labels(16, 10));
        assertArrayEquals(new long[] {16, 10}, outputs.shape());
    }

    @Test
    void mnistLstmReadsEachImageRowByRowAsTwentyEightTimesteps() {
        Recipe recipe = Recipes.get("mnist-lstm");
        Model model = recipe.build();
        assertInstanceOf(Sequential.class, model);
        assertArrayEquals(new int[] {28, 28}, model.getInputShape(), "(timesteps, features): rows of pixels");
        assertEquals(1, count(model, LSTM.class));
        assertEquals(81_674, recipe.countParams(), "LSTM 4 * 128 * (28 + 128 + 1) + Dense 128 * 10 + 10");
        assertEquals("mnist", recipe.dataSource().name());
        INDArray outputs = trainsAStep(recipe, model, pixels(16, 28, 28), labels(16, 10));
        assertArrayEquals(new long[] {16, 10}, outputs.shape());
    }

    @Test
    void fashionAutoencoderRebuildsItsInputThroughTheRecipeFramework() {
        Recipe shipped = Recipes.get("fashion-autoencoder");
        assertEquals(Task.RECONSTRUCTION, shipped.task());
        assertEquals("mse", shipped.expectedMetric());
        assertEquals("fashion-mnist", shipped.dataSource().name());
        Model built = shipped.build();
        assertEquals(2, count(built, UpSampling2D.class));
        assertArrayEquals(new int[] {784}, built.getOutputShape(), "the image's pixels (a loss takes a vector)");
        assertEquals(3_217, shipped.countParams());

        // The same network, compile settings and task on a few generated images, through Recipe.train.
        Recipe tiny = Recipe.named("tiny-autoencoder").description("the fashion-autoencoder on generated images")
                .data(DataSources.reconstruction(new GeneratedImages()))
                .model(shipped::build).compile(shipped.optimizer(), shipped.loss(),
                        shipped.metrics().toArray(new String[0]))
                .epochs(2).batchSize(8).validationSplit(0.25).verbose(0).create();
        TrainingResult result = tiny.train();
        assertEquals(List.of("loss", "mae"), List.copyOf(result.testScores().keySet()));
        assertTrue(result.history().keys().contains("val_mae"), result.history().keys().toString());
        List<Double> trainLoss = result.history().getHistory().get("loss");
        assertTrue(trainLoss.get(1) < trainLoss.get(0), "the training loss falls: " + trainLoss);
        assertEquals(18, result.trainExamples(), "24 generated images, a quarter held out");
        RecipeData data = result.data();
        assertEquals(Task.RECONSTRUCTION, data.task());
        INDArray x = data.xTest().castTo(DataType.FLOAT).div(255f).reshape(8, 28, 28, 1);
        assertArrayEquals(new long[] {8, 784}, result.testOutputs().shape());
        INDArray pixels = x.reshape(8, 784).castTo(DataType.DOUBLE);
        INDArray errors = result.testOutputs().castTo(DataType.DOUBLE).sub(pixels);
        double loss = result.testScores().get("loss");
        assertEquals(Transforms.pow(errors, 2).meanNumber().doubleValue(), loss, 1e-6,
                "the mse over every pixel of every test image");
        assertEquals(Transforms.abs(errors).meanNumber().doubleValue(), result.testScores().get("mae"), 1e-6);
        assertEquals(result.model().evaluate(x, x.reshape(8, 784)).get("loss"), loss, 1e-4,
                "Model.evaluate on (x, x's pixels) agrees");

        // Saved with its task: the loaded model is evaluated against its inputs again, and predict refuses it.
        Path file = dir.resolve("autoencoder.keras4j");
        result.trainedModel().save(file);
        TrainedModel loaded = TrainedModel.load(file);
        assertEquals(Task.RECONSTRUCTION, loaded.info().task());
        assertEquals(loss, loaded.evaluate(data.xTest(), data.yTest()).get("loss"), 1e-4);
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> loaded.predict(data.xTest().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), 3));
        assertTrue(e.getMessage().contains("rebuilds its input images") && e.getMessage().contains("keras4j evaluate"),
                e.getMessage());
    }

    @Test
    void aReconstructionSourceKeepsItsTaskInItsConfig() {
        DataSource clothes = DataSources.reconstruction(DataSources.fashionMnist());
        assertEquals(Map.of("name", "fashion-mnist", "task", "reconstruction"), clothes.getConfig());
        DataSource back = DataSources.fromConfig(clothes.getConfig());
        assertEquals(Task.RECONSTRUCTION, back.task());
        assertEquals("fashion-mnist", back.name());
        assertEquals(Task.CLASSIFICATION, DataSources.fromConfig(Map.of("name", "fashion-mnist")).task());
        assertEquals(Task.RECONSTRUCTION, Task.of("Reconstruction"));
    }

    @Test
    void aReconstructionModelWhoseOutputIsNotAnImageIsRefusedClearly() {
        Recipe recipe = Recipe.named("wrong-autoencoder").description("ends in 10 classes")
                .data(DataSources.reconstruction(new GeneratedImages()))
                .model(() -> Sequential.of(new Input(28, 28, 1), new Flatten(), new Dense(10, "sigmoid")))
                .compile(new keras4j.optimizers.Adam(), "mse", "mae").verbose(0).create();
        Keras4jException e = assertThrows(Keras4jException.class, recipe::train);
        assertTrue(e.getMessage().contains("rebuilds its input") && e.getMessage().contains("(None, 10)")
                && e.getMessage().contains("784 values"), e.getMessage());
        Keras4jException accuracy = assertThrows(Keras4jException.class, () -> Recipe.named("ae-accuracy")
                .description("accuracy of a reconstruction").data(DataSources.reconstruction(new GeneratedImages()))
                .model(Recipes.get("fashion-autoencoder")::build)
                .compile(new keras4j.optimizers.Adam(), "mse", "accuracy").verbose(0).create().train());
        assertTrue(accuracy.getMessage().contains("report mse or mae"), accuracy.getMessage());
    }

    @Test
    void aTableIsNotReconstructed() {
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> new CsvDataSource(dir.resolve("t.csv")).task(Task.RECONSTRUCTION));
        assertTrue(e.getMessage().contains("--task classification or --task regression"), e.getMessage());
    }

    /** Compiles as the recipe does, fits one batch, and checks that the weights moved; returns the outputs. */
    private static INDArray trainsAStep(Recipe recipe, Model model, INDArray x, INDArray y) {
        model.setSeed(1);
        recipe.compile(model);
        List<INDArray> before = model.getWeights().stream().map(INDArray::dup).toList();
        History history = model.fit(x, y, new FitOptions().epochs(1).batchSize((int) x.size(0)).verbose(0));
        double loss = history.last("loss");
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        List<INDArray> after = model.getWeights();
        assertNotEquals(before.get(0), after.get(0), "the first kernel was updated");
        INDArray outputs = model.predict(x);
        assertEquals(x.size(0), outputs.sum(1).sumNumber().doubleValue(), 1e-3, "softmax rows sum to 1");
        return outputs;
    }

    private static long count(Model model, Class<? extends Layer> kind) {
        return model.getLayers().stream().filter(kind::isInstance).count();
    }

    /** Random pixels in 0..1, the recipes' inputs after scaling. */
    private static INDArray pixels(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape);
    }

    private static INDArray labels(int n, int classes) {
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % classes;
        }
        return Nd4j.createFromArray(ids);
    }

    /** 24 training and 8 test images of 28 x 28 pixels (0..255): a bright square on black, at random places. */
    private static final class GeneratedImages implements DataSource {
        @Override
        public String name() {
            return "generated-squares";
        }

        @Override
        public String description() {
            return "bright squares on black, 28x28";
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }

        @Override
        public RecipeData load() {
            return new RecipeData(name(), Task.CLASSIFICATION, squares(24), labels(24, 2), squares(8), labels(8, 2),
                    List.of("left", "right"), List.of(), "class", new ImagePreprocessing(28, 28, true, 28));
        }

        private static INDArray squares(int n) {
            float[] pixels = new float[n * 28 * 28];
            for (int i = 0; i < n; i++) {
                int top = RANDOM.nextInt(20);
                int left = RANDOM.nextInt(20);
                for (int r = top; r < top + 8; r++) {
                    for (int c = left; c < left + 8; c++) {
                        pixels[i * 784 + r * 28 + c] = 200 + RANDOM.nextInt(56);
                    }
                }
            }
            return Nd4j.create(pixels, new long[] {n, 28, 28}, 'c');
        }

        @Override
        public Map<String, Object> getConfig() {
            return new LinkedHashMap<>(Map.of("name", name()));
        }
    }
}

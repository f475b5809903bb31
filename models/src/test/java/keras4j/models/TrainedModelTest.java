package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.graph.KerasTensor;
import keras4j.layers.Dense;
import keras4j.layers.Input;

class TrainedModelTest {

    @Test
    void savesTheModelWithItsInfoInOneFileAndPredictsTheSameAfterLoading(@TempDir Path dir) {
        TrainingResult result = Recipes.get("iris-mlp").train(new TrainOptions().epochs(2).verbose(0));
        Path file = dir.resolve("iris.keras4j");
        result.trainedModel().save(file);
        assertFalse(Files.exists(dir.resolve("iris.json")), "no sidecar: the info is inside the model file");
        TrainedModel loaded = TrainedModel.load(file);
        assertEquals(result.trainedModel().info(), loaded.info());
        assertEquals(Iris(), loaded.info().classNames());
        double[] row = {5.1, 3.5, 1.4, 0.2};
        List<Prediction> before = result.trainedModel().predictRow(row, 3);
        List<Prediction> after = loaded.predictRow(row, 3);
        assertEquals(before, after);
        assertEquals(1.0, after.stream().mapToDouble(Prediction::value).sum(), 1e-5);
        assertTrue(after.get(0).value() >= after.get(1).value() && after.get(1).value() >= after.get(2).value());
        assertEquals(1, loaded.predictRow(row, 1).size());
        Keras4jException e = assertThrows(Keras4jException.class, () -> loaded.predictRow(new double[] {1, 2}, 1));
        assertTrue(e.getMessage().contains("sepal_length"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> loaded.predictImage(new BufferedImage(28, 28,
                BufferedImage.TYPE_BYTE_GRAY), 1));
        assertTrue(e.getMessage().contains("not on images"), e.getMessage());
    }

    private static List<String> Iris() {
        return keras4j.datasets.Iris.SPECIES;
    }

    @Test
    void aModelSavedWithASidecarByKeras4j01StillLoads(@TempDir Path dir) throws Exception {
        TrainedModel trained = Recipes.get("iris-mlp").train(new TrainOptions().epochs(1).verbose(0)).trainedModel();
        Path file = dir.resolve("old.keras4j");
        trained.model().save(file);   // 0.1's layout: the model file without the info, and the info beside it
        Files.write(dir.resolve("old.json"), keras4j.internal.ModelFile.json().writeValueAsBytes(trained.info().toJson()));
        assertEquals(trained.info(), TrainedModel.load(file).info());
    }

    @Test
    void damagedModelInfoIsRefusedNamingTheField(@TempDir Path dir) {
        Model model = Recipes.get("xor-mlp").build();
        Recipes.get("xor-mlp").compile(model);
        Path file = dir.resolve("bad.keras4j");
        for (String[] edit : new String[][] {{"\"format_version\":1", "\"format_version\":\"1\"", "format_version"},
                {"\"task\":\"classification\",", "", "task"}, {"\"class_names\":[", "\"class_names\":[7,", "class_names"}}) {
            ModelInfo info = new ModelInfo("xor-mlp", Task.CLASSIFICATION, DataSources.get("xor").getConfig(),
                    List.of("0", "1"), List.of("a", "b"), "y", new TablePreprocessing(List.of("a", "b"),
                    List.of(0.0, 0.0), List.of(1.0, 1.0)));
            String text = info.toJsonText().replace(" ", "").replace("\n", "");
            assertTrue(text.contains(edit[0]), text);
            model.setProperty(ModelInfo.PROPERTY, text.replace(edit[0], edit[1]));
            model.save(file);
            Keras4jException e = assertThrows(Keras4jException.class, () -> TrainedModel.load(file));
            assertTrue(e.getMessage().contains(edit[2]) && e.getMessage().contains("bad.keras4j"), e.getMessage());
        }
    }

    @Test
    void aModelWithoutItsInfoIsRefusedWithTheReason(@TempDir Path dir) {
        Model model = Recipes.get("xor-mlp").build();
        Recipes.get("xor-mlp").compile(model);
        Path file = dir.resolve("xor.keras4j");
        model.save(file);
        Keras4jException e = assertThrows(Keras4jException.class, () -> TrainedModel.load(file));
        assertTrue(e.getMessage().contains("holds no model info") && e.getMessage().contains("xor.json"),
                e.getMessage());
    }

    @Test
    void anImageModelPredictsClassesForAnyImage(@TempDir Path dir) {
        Recipe recipe = Recipes.get("mnist-mlp");
        Model model = recipe.build().setSeed(1);
        recipe.compile(model);
        ModelInfo info = new ModelInfo("mnist-mlp", Task.CLASSIFICATION, DataSources.mnist().getConfig(),
                DataSources.DIGITS, List.of(), "class", new ImagePreprocessing(28, 28, true, 20));
        Path file = dir.resolve("digits.keras4j");
        new TrainedModel(model, info).save(file);
        TrainedModel loaded = TrainedModel.load(file);
        BufferedImage rgb = ImagePreprocessingTest.bar(64, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK);
        List<Prediction> top = loaded.predictImage(rgb, 3);
        assertEquals(3, top.size());
        assertTrue(DataSources.DIGITS.contains(top.get(0).label()));
        assertTrue(top.get(0).value() >= top.get(2).value());
        Keras4jException e = assertThrows(Keras4jException.class, () -> loaded.predictRow(new double[] {1}, 1));
        assertTrue(e.getMessage().contains("images"), e.getMessage());
    }

    @Test
    void aFunctionalModelTrainsThroughARecipeAndLoadsBackAsOne(@TempDir Path dir) {
        KerasTensor x = Input.tensor(4);
        Functional model = new Functional(x, new Dense(3, "softmax").apply(new Dense(8, "relu").apply(x)));
        TrainingResult result = Recipes.get("iris-mlp").train(model, new TrainOptions().epochs(1).verbose(0));
        assertEquals(model, result.model());
        Path file = dir.resolve("iris.keras4j");
        result.trainedModel().save(file);
        TrainedModel loaded = TrainedModel.load(file);
        assertInstanceOf(Functional.class, loaded.model());
        double[] row = {5.1, 3.5, 1.4, 0.2};
        assertEquals(result.trainedModel().predictRow(row, 3), loaded.predictRow(row, 3));
        assertEquals(result.trainedModel().evaluate(result.data().xTest(), result.data().yTest()),
                loaded.evaluate(result.data().xTest(), result.data().yTest()));
    }

    @Test
    void aModelWithTwoInputsIsRefusedNamingThem() {
        KerasTensor a = new Input(2).name("a").output();
        KerasTensor b = new Input(2).name("b").output();
        Functional model = new Functional(List.of(a, b), List.of(new Dense(3, "softmax").name("species").apply(
                new keras4j.layers.Concatenate().apply(a, b))));
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> Recipes.get("iris-mlp").train(model, new TrainOptions().epochs(1).verbose(0)));
        assertTrue(e.getMessage().startsWith("Model 'functional' has 2 inputs (a, b) and 1 output (species); recipe "
                + "'iris-mlp' trains models with one input and one output"), e.getMessage());
        assertFalse(model.isCompiled(), "refused before compiling");
        e = assertThrows(Keras4jException.class, () -> new TrainedModel(model, null));
        assertTrue(e.getMessage().contains("has 2 inputs (a, b) and 1 output (species); keras4j evaluate and "
                + "predict (TrainedModel) take models with one input and one output"), e.getMessage());
    }
}

package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/**
 * {@link ModelInfo#forKerasModel} and {@link TrainedModel#of(Model, DataSource, RecipeData,
 * java.util.function.Consumer)}: a model that carries no info, as every Keras file, matched to a data
 * source.
 */
class KerasModelInfoTest {
    private static final List<String> CLASSES = List.of("bar", "dot", "ring");

    /** A real data source of 12 gray 6 x 5 images, 0..255, in 3 classes (4 of each), as MNIST's are given. */
    private static final class TinyImages implements DataSource {
        @Override
        public String name() {
            return "tiny-images";
        }

        @Override
        public String description() {
            return "12 gray 6 x 5 images";
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }

        @Override
        public RecipeData load() {
            INDArray x = Nd4j.rand(DataType.FLOAT, 12, 6, 5).muli(255).castTo(DataType.INT32).castTo(DataType.FLOAT);
            INDArray y = Nd4j.createFromArray(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2});
            return new RecipeData(name(), Task.CLASSIFICATION, x, y, x, y, CLASSES, List.of(), "shape",
                    new ImagePreprocessing(6, 5, true, 5));
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("name", name());
            return config;
        }
    }

    private static Sequential logits(Input input) {
        Sequential model = Sequential.of(input, new Flatten(), new Dense(3).name("scores"));   // logits
        model.setSeed(3).build();
        return model;
    }

    @Test
    void anImageModelGetsTheSourcesPixelScalingAndClassNamesForEachInputLayout() {
        DataSource source = new TinyImages();
        RecipeData data = source.load();
        for (Input input : new Input[] {new Input(6, 5, 1), new Input(6, 5), new Input(30)}) {
            Model model = input.getShape().length == 1 ? logits(input)
                    : Sequential.of(input, new Flatten(), new Dense(3, "softmax"));
            ModelInfo info = ModelInfo.forKerasModel(model, source, data);
            assertEquals(new ImagePreprocessing(6, 5, true, 5), info.preprocessing());
            assertEquals(CLASSES, info.classNames());
            assertEquals(ModelInfo.KERAS_RECIPE, info.recipe());
            assertEquals("tiny-images", info.datasetName());
        }
    }

    @Test
    void shapesThatDontFitTheDataAreRefusedSayingBoth() {
        DataSource images = new TinyImages();
        Keras4jException e = assertThrows(Keras4jException.class, () -> ModelInfo.forKerasModel(Sequential.of(
                new Input(6, 5, 3), new Flatten(), new Dense(3, "softmax")), images, images.load()));
        assertTrue(e.getMessage().contains("takes inputs of shape (None, 6, 5, 3) (6 x 5 images with 3 channels), "
                + "but data set 'tiny-images' holds 6 x 5 gray images: a model for them takes (None, 6, 5, 1), "
                + "(None, 6, 5) or (None, 30)"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> ModelInfo.forKerasModel(Sequential.of(new Input(30),
                new Dense(10, "softmax")), images, images.load()));
        assertTrue(e.getMessage().contains("gives outputs of shape (None, 10), but data set 'tiny-images' has 3 "
                + "classes (bar, dot, ring): a model for them gives (None, 3)"), e.getMessage());
        DataSource iris = DataSources.iris();
        e = assertThrows(Keras4jException.class, () -> ModelInfo.forKerasModel(Sequential.of(new Input(28, 28, 1),
                new Flatten(), new Dense(3, "softmax")), iris, iris.load()));
        assertTrue(e.getMessage().contains("(None, 28, 28, 1) (28 x 28 images with 1 channel), but data set 'iris' "
                + "holds rows of 4 columns (sepal_length, sepal_width, petal_length, petal_width): a model for them "
                + "takes (None, 4)"), e.getMessage());
    }

    @Test
    void aTableModelTakesTheColumnsAsTheyAreAndOneSigmoidUnitServesTwoClasses() {
        DataSource xor = DataSources.xor();
        Model model = Sequential.of(new Input(2), new Dense(4, "relu"), new Dense(1, "sigmoid"));
        ModelInfo info = ModelInfo.forKerasModel(model, xor, xor.load());
        assertEquals(TablePreprocessing.identity(List.of("x1", "x2")), info.preprocessing());
        List<String> notes = new ArrayList<>();
        TrainedModel trained = TrainedModel.of(model, xor, xor.load(), notes::add);
        assertSame(model, trained.model(), "a sigmoid output is left alone");
        assertEquals(List.of("The columns are fed as they are (not standardized).", "The model has no compile "
                + "settings: its loss and metrics are taken to be binary_crossentropy and accuracy."), notes);
        assertEquals("binary_crossentropy", trained.model().getLoss().getName());
    }

    @Test
    void aLogitsModelWithoutCompileSettingsIsEvaluatedWithSoftmaxCrossEntropyOnOneHotLabels() {
        DataSource source = new TinyImages();
        RecipeData data = source.load();
        Sequential model = logits(new Input(6, 5, 1));
        INDArray logits = model.predict(data.xTest().div(255).reshape(12, 6, 5, 1));
        List<String> notes = new ArrayList<>();
        TrainedModel trained = TrainedModel.of(model, source, data, notes::add);
        assertNotSame(model, trained.model());
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("Pixels are scaled to 0..1 (x / 255.0)"), notes.toString());
        assertTrue(notes.get(1).startsWith("The output layer 'scores' has no activation (it gives logits): a softmax "
                + "is put after it"), notes.toString());
        assertTrue(notes.get(2).endsWith("categorical_crossentropy and accuracy."), notes.toString());

        // By hand: softmax of the logits, the mean of -log p(true class), and the share of right argmaxes.
        double loss = 0;
        int right = 0;
        INDArray probabilities = trained.outputs(data.xTest());
        for (int i = 0; i < 12; i++) {
            double[] z = logits.getRow(i).toDoubleVector();
            double max = Math.max(z[0], Math.max(z[1], z[2]));
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            int label = data.yTest().getInt(i);
            loss -= (z[label] - max) - Math.log(sum);
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.exp(z[c] - max) / sum, probabilities.getDouble(i, c), 1e-5);
                best = z[c] > z[best] ? c : best;
            }
            right += best == label ? 1 : 0;
        }
        Map<String, Double> scores = trained.evaluate(data.xTest(), data.yTest());
        assertEquals(loss / 12, scores.get("loss"), 1e-4, scores.toString());
        assertEquals(right / 12.0, scores.get("accuracy"), 1e-9, scores.toString());
        assertEquals(CLASSES.size(), trained.predict(data.xTest().get(NDArrayIndex.interval(0, 1)), 5).size());
    }

    @Test
    void aCompiledModelKeepsItsLossAndSparseLabelsScoreAsOneHotOnesDo() {
        DataSource source = new TinyImages();
        RecipeData data = source.load();
        Sequential sparse = Sequential.of(new Input(6, 5, 1), new Flatten(), new Dense(3, "softmax"));
        sparse.setSeed(9).compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        List<String> notes = new ArrayList<>();
        TrainedModel trained = TrainedModel.of(sparse, source, data, notes::add);
        assertSame(sparse, trained.model());
        assertEquals(1, notes.size(), "only the pixel scaling: " + notes);
        Map<String, Double> scores = trained.evaluate(data.xTest(), data.yTest());

        Sequential categorical = Sequential.of(new Input(6, 5, 1), new Flatten(), new Dense(3, "softmax"));
        categorical.setSeed(9).build();
        categorical.setWeights(sparse.getWeights());
        TrainedModel asKeras = TrainedModel.of(categorical, source, data, note -> { });
        assertInstanceOf(Sequential.class, asKeras.model());
        assertEquals("categorical_crossentropy", asKeras.model().getLoss().getName());
        Map<String, Double> same = asKeras.evaluate(data.xTest(), data.yTest());
        assertEquals(scores.get("loss"), same.get("loss"), 1e-5);
        assertEquals(scores.get("accuracy"), same.get("accuracy"), 1e-9);
    }
}

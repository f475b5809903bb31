package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.layers.Layer;
import keras4j.optimizers.RMSprop;

/**
 * Models written by Keras load into keras4j models that compute what Keras computed: the files in
 * {@code keras4j/keras} (see the NOTICE there) against Keras's own outputs, and the larger KotlinDL
 * models in {@code ../shared/fixtures/keras} when that folder is there.
 */
class KerasFilesTest {
    private static final String MLP = "simple_sparse_xent_mlp_keras_2_";

    @TempDir
    Path temp;

    /** Asserts one clear keras4j message holding every fragment. */
    private static void fails(org.junit.jupiter.api.function.Executable call, String... fragments) {
        String message = org.junit.jupiter.api.Assertions.assertThrows(keras4j.Keras4jException.class, call)
                .getMessage();
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
    }

    private Path fixture(String name) throws Exception {
        Path file = temp.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = KerasFilesTest.class.getResourceAsStream("/keras4j/keras/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    /** @return Keras's golden inputs and outputs of the MLP */
    private INDArray[] golden() throws Exception {
        try (HdfFile file = new HdfFile(fixture(MLP + "inputs_and_outputs.h5"))) {
            return new INDArray[] {
                Nd4j.createFromArray((float[][]) file.getDatasetByPath("inputs/dense_1_input").getData()),
                Nd4j.createFromArray((float[][]) file.getDatasetByPath("outputs/activation_1").getData())};
        }
    }

    @Test
    void aWholeModelH5PredictsWhatKerasPredictedAndKeepsItsCompileSettings() throws Exception {
        Model model = Model.load(fixture(MLP + "model.h5"));
        INDArray[] golden = golden();
        assertTrue(golden[1].equalsWithEps(model.predict(golden[0]), 1e-5), model.predict(golden[0]).toString());
        assertTrue(model instanceof Sequential);
        assertEquals(List.of("dense_1", "activation_1"), model.getLayers().stream().map(Layer::getName).toList());
        assertEquals("dense_1_input", model.getInputNames().get(0));
        assertEquals("sparse_categorical_crossentropy", model.getLoss().getName());
        RMSprop rmsprop = (RMSprop) model.getOptimizer();
        assertEquals(1e-4, rmsprop.getLearningRate(), 1e-9);

        // It fine-tunes and saves as a keras4j model that predicts the same.
        model.fit(golden[0], Nd4j.createFromArray(new float[] {0, 1, 2}), new FitOptions().epochs(2).verbose(0));
        Path saved = temp.resolve("tuned.keras4j");
        model.save(saved);
        assertEquals(model.predict(golden[0]), Model.load(saved).predict(golden[0]));
    }

    @Test
    void anArchitectureJsonWithItsWeightsPredictsTheSame() throws Exception {
        Model model = KerasFiles.load(fixture(MLP + "config.json"), fixture(MLP + "weights.h5"));
        INDArray[] golden = golden();
        assertTrue(golden[1].equalsWithEps(model.predict(golden[0]), 1e-5));
        assertTrue(!model.isCompiled(), "a to_json() file has no compile settings");
        fails(() -> Model.load(fixture(MLP + "weights.h5")), "holds weights only", "model.to_json()");
        fails(() -> Model.load(fixture(MLP + "config.json")), "is JSON", "KerasFiles.load(jsonFile, weightsFile)");
        Path back = temp.resolve("for-python.h5");
        model.save(back);   // Keras 2's layout again: what Python's load_model reads
        assertEquals(model.predict(golden[0]), Model.load(back).predict(golden[0]));
    }

    @Test
    void anArchitectureAloneBuildsTheModelWithFreshWeightsAsModelFromJsonDoes() throws Exception {
        Model cnn = KerasFiles.modelFromJson(fixture("keras2_mnist_cnn_tf_config.json"));
        assertEquals(List.of(28, 28, 1), java.util.Arrays.stream(cnn.getInputShapes().get(0)).boxed().toList());
        assertEquals(10, cnn.predict(Nd4j.rand(DataType.FLOAT, 2, 28, 28, 1)).size(1));
        Model add = KerasFiles.modelFromJson(fixture("simple_add_tf_keras_2.json"));
        assertTrue(add instanceof Functional);
        assertTrue(add.getLayers().stream().anyMatch(l -> l.getClassName().equals("Add")), add.summary());
        fails(() -> KerasFiles.load(fixture("simple_add_tf_keras_2.json"), fixture("simple_add_tf_keras_2.json")),
                "is neither HDF5 (Keras's .h5 files) nor a .keras zip");
    }

    @Test
    void aConvolutionWithBatchNormalizationPredictsWhatKerasPredicted() throws Exception {
        Model model = Model.load(fixture("cnn_batch_norm.h5"));
        INDArray input = Nd4j.createFromNpyFile(fixture("cnn_batch_norm_input.npy").toFile()).castTo(DataType.FLOAT);
        INDArray expected = Nd4j.createFromNpyFile(fixture("cnn_batch_norm_predictions.npy").toFile())
                .castTo(DataType.FLOAT);
        INDArray predicted = model.predict(input);
        assertTrue(expected.reshape(predicted.shape()).equalsWithEps(predicted, 1e-5), predicted + " vs " + expected);
    }

    /**
     * Keras 2's activation layers (each after a Dense of 16 -> 32), from dl4j-test-resources: ELU with
     * alpha 0.7, LeakyReLU with alpha 0.5, ReLU and Softmax, against Keras's own outputs.
     */
    @Test
    void kerasActivationLayersPredictWhatKerasPredicted() throws Exception {
        Map<String, Class<?>> layers = Map.of("ELU", keras4j.layers.ELU.class, "LeakyReLU",
                keras4j.layers.LeakyReLU.class, "ReLU", keras4j.layers.ReLU.class, "Softmax",
                keras4j.layers.Softmax.class);
        for (Map.Entry<String, Class<?>> entry : new java.util.TreeMap<>(layers).entrySet()) {
            String name = entry.getKey();
            Model model = Model.load(fixture(name + "_0_model.h5"));
            Layer layer = model.getLayers().get(model.getLayers().size() - 1);
            assertEquals(entry.getValue(), layer.getClass(), name);
            INDArray x;
            INDArray y;
            try (HdfFile file = new HdfFile(fixture(name + "_0_inputs_and_outputs.h5"))) {
                x = only(file, "inputs");
                y = only(file, "outputs");
            }
            INDArray predicted = model.predict(x);
            double diff = Transforms.abs(predicted.sub(y.reshape(predicted.shape()))).maxNumber().doubleValue();
            assertTrue(diff <= 1e-5, name + " differs from Keras by " + diff);
        }
        assertEquals(0.5, ((keras4j.layers.LeakyReLU) Model.load(fixture("LeakyReLU_0_model.h5")).getLayers().get(1))
                .getNegativeSlope(), "Keras 2's alpha");
        assertEquals(0.7, ((keras4j.layers.ELU) Model.load(fixture("ELU_0_model.h5")).getLayers().get(1)).getAlpha(),
                1e-6);
    }

    /** @return the only dataset of a golden file's group, as floats */
    private static INDArray only(HdfFile file, String group) {
        io.jhdf.api.Group g = (io.jhdf.api.Group) file.getChild(group);
        assertEquals(1, g.getChildren().size(), group + ": " + g.getChildren().keySet());
        Object data = ((io.jhdf.api.Dataset) g.getChildren().values().iterator().next()).getData();
        return Nd4j.createFromArray((float[][]) data);
    }

    @Test
    void whatKeras4jCantRunIsRefusedNamingTheLayer() throws Exception {
        fails(() -> Model.load(fixture("sequential_lambda.h5")), "(Lambda) is not a layer keras4j has",
                "Python code", "keras4j reads InputLayer, Dense");
        Model embedded = Model.load(fixture("custom_loss.h5"));   // Embedding(7, 4), Flatten, Dense(1): now read
        assertEquals(keras4j.layers.Embedding.class, embedded.getLayers().get(0).getClass());
        assertEquals(28, embedded.getLayers().get(0).getWeights().get(0).length());
        assertEquals(List.of(2L, 1L), java.util.Arrays.stream(embedded.predict(Nd4j.createFromArray(new float[][] {
            {0, 6, 3}, {1, 2, 2}})).shape()).boxed().toList());
        Path cut = temp.resolve("cut.h5");
        byte[] whole = Files.readAllBytes(fixture(MLP + "model.h5"));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 3));
        fails(() -> Model.load(cut), "Keras file " + cut, "it may be truncated or damaged");
    }

    /** The larger Keras models of ../shared/fixtures, trained on Fashion-MNIST by KotlinDL's authors. */
    @Test
    void theSharedFunctionalResNetAndBatchNormalizationNetLoad() {
        Path shared = Path.of("..", "..", "shared", "fixtures", "keras", "kotlindl").toAbsolutePath().normalize();
        if (!Files.isDirectory(shared)) {
            shared = Path.of("..", "shared", "fixtures", "keras", "kotlindl").toAbsolutePath().normalize();
        }
        assumeTrue(Files.isDirectory(shared), "../shared/fixtures/keras is not here (a fresh clone without it)");
        Model resnet = KerasFiles.load(shared.resolve("toyresnet/modelConfig.json"),
                shared.resolve("toyresnet/weights.h5"));
        assertTrue(resnet instanceof Functional);
        assertEquals(222_666, resnet.countParams(), "Keras's count");
        assertTrue(resnet.summary().contains("add_8 (Add)"));
        Model norm = KerasFiles.load(shared.resolve("batchnorm/modelConfig.json"),
                shared.resolve("batchnorm/weights.h5"));
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 28, 28, 1);
        assertEquals(4, norm.predict(images).size(0));
        assertEquals(4, resnet.predict(images).size(0));
    }
}

package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import io.jhdf.HdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.ModelFile;
import keras4j.layers.AveragePooling1D;
import keras4j.layers.Conv1D;
import keras4j.layers.Conv2D;
import keras4j.layers.Cropping1D;
import keras4j.layers.Cropping2D;
import keras4j.layers.Flatten;
import keras4j.layers.Dense;
import keras4j.layers.GlobalAveragePooling1D;
import keras4j.layers.GlobalMaxPooling1D;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.MaxPooling1D;
import keras4j.layers.Reshape;
import keras4j.layers.UpSampling1D;
import keras4j.layers.UpSampling2D;
import keras4j.layers.ZeroPadding1D;
import keras4j.layers.ZeroPadding2D;

/**
 * Conv1D and the 1-D pooling layers in Keras's files: Keras 2's Conv1D models (see the NOTICE in
 * {@code keras4j/keras}) predict what Keras predicted, the larger 1-D CNN of ../shared loads and
 * predicts, and a keras4j model written as {@code .keras} and {@code .h5} comes back the same, each
 * layer's config holding the keys of Keras's {@code get_config}.
 */
class Conv1DKerasFilesTest {
    private static final List<String> BASE = List.of("name", "trainable", "dtype");

    @TempDir
    Path temp;

    private Path fixture(String name) throws Exception {
        Path file = temp.resolve(name);
        try (InputStream in = Conv1DKerasFilesTest.class.getResourceAsStream("/keras4j/keras/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static INDArray only(HdfFile file, String group) {
        io.jhdf.api.Group g = (io.jhdf.api.Group) file.getChild(group);
        assertEquals(1, g.getChildren().size(), group + ": " + g.getChildren().keySet());
        Object data = ((io.jhdf.api.Dataset) g.getChildren().values().iterator().next()).getData();
        return Nd4j.createFromArray((float[][][]) data);
    }

    @Test
    void kerasConv1dModelsPredictWhatKerasPredicted() throws Exception {
        for (String padding : List.of("same", "valid")) {
            String name = "conv1d_k2_s1_d1_cl_" + padding + "_";
            Model model = Model.load(fixture(name + "model.h5"));
            Conv1D conv = (Conv1D) model.getLayers().get(model.getLayers().size() - 1);
            assertEquals(padding, conv.getPadding());
            assertEquals(2, conv.getKernelSize());
            assertEquals("sigmoid", conv.getActivation());
            // Keras scored its sequence output per step with binary_crossentropy: keras4j keeps it to predict.
            assertTrue(!model.isCompiled(), "a sequence output stays uncompiled");
            INDArray x;
            INDArray y;
            try (HdfFile file = new HdfFile(fixture(name + "inputs_and_outputs.h5"))) {
                x = only(file, "inputs");
                y = only(file, "outputs");
            }
            INDArray predicted = model.predict(x);
            assertArrayEquals(y.shape(), predicted.shape(), padding);
            double diff = Transforms.abs(predicted.sub(y)).maxNumber().doubleValue();
            assertTrue(diff <= 1e-5, padding + " differs from Keras by " + diff);
        }
    }

    @Test
    void theSharedKeras2Cnn1dLoadsAndPredicts() throws Exception {
        Path file = Path.of("..", "..", "shared", "fixtures", "keras", "dl4j-test-resources", "examples", "cnn1d",
                "cnn1d_flatten_tf_keras2.h5").toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            file = Path.of("..", "shared", "fixtures", "keras", "dl4j-test-resources", "examples", "cnn1d",
                    "cnn1d_flatten_tf_keras2.h5").toAbsolutePath().normalize();
        }
        assumeTrue(Files.exists(file), "../shared/fixtures/keras is not here (a fresh clone without it)");
        Model model = Model.load(file);
        // Keras's count: three Conv1D (20x100 -> 18x128 -> 16x64 -> 14x32), Flatten 448, Dense 128, Dense 1.
        assertEquals(128 * 300 + 128 + 64 * 384 + 64 + 32 * 192 + 32 + 448 * 128 + 128 + 129, model.countParams());
        INDArray x = Arrays2.random(3, 4, 20, 100);
        INDArray y = model.predict(x);
        assertArrayEquals(new long[] {4, 1}, y.shape());
        double min = y.minNumber().doubleValue();
        double max = y.maxNumber().doubleValue();
        assertTrue(min > 0 && max < 1, "sigmoid outputs: " + y);
        // Its Conv1D kernels come back in Keras's layout.
        assertArrayEquals(new long[] {3, 100, 128}, model.getLayers().get(0).getWeights().get(0).shape());
    }

    private static Sequential model() {
        Sequential model = Sequential.of(new Input(12, 3), new Conv1D(4, 3, "relu").padding("same"),
                new MaxPooling1D(2).strides(1), new Conv1D(3, 2).dilationRate(2).useBias(false),
                new AveragePooling1D(2).padding("same"), new Reshape(-1, 3), new GlobalMaxPooling1D(),
                new Dense(6), new Reshape(2, 3), new GlobalAveragePooling1D(), new Dense(3, "softmax"));
        model.setSeed(3);
        model.compile("adam", "categorical_crossentropy", "accuracy");
        model.fit(Arrays2.random(1, 8, 12, 3), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1),
                new FitOptions().epochs(2).verbose(0));
        return model;
    }

    private static Map<String, List<String>> kerasKeys(boolean keras2) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("UpSampling2D", List.of("size", "data_format", "interpolation"));
        keys.put("ZeroPadding2D", List.of("padding", "data_format"));
        keys.put("Cropping2D", List.of("cropping", "data_format"));
        keys.put("UpSampling1D", List.of("size"));
        keys.put("ZeroPadding1D", keras2 ? List.of("padding") : List.of("padding", "data_format"));
        keys.put("Cropping1D", List.of("cropping"));
        keys.put("Conv1D", List.of("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                "bias_regularizer", "kernel_constraint", "bias_constraint", "activity_regularizer"));
        keys.put("MaxPooling1D", List.of("pool_size", "padding", "strides", "data_format"));
        keys.put("AveragePooling1D", List.of("pool_size", "padding", "strides", "data_format"));
        keys.put("GlobalMaxPooling1D", List.of("data_format", "keepdims"));
        keys.put("GlobalAveragePooling1D", List.of("data_format", "keepdims"));
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void assertKerasKeys(Map<String, Object> modelConfig, boolean keras2, int count) {
        List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) modelConfig
                .get("config")).get("layers");
        int seen = 0;
        for (Map<String, Object> layer : layers) {
            List<String> want = kerasKeys(keras2).get((String) layer.get("class_name"));
            if (want != null) {
                List<String> all = new ArrayList<>(BASE);
                all.addAll(want);
                Map<String, Object> config = (Map<String, Object>) layer.get("config");
                assertEquals(new java.util.TreeSet<>(all), new java.util.TreeSet<>(config.keySet()),
                        (String) layer.get("class_name"));
                if (layer.get("class_name").equals("Conv1D")) {
                    assertTrue(config.get("kernel_size") instanceof List<?> k && k.size() == 1, config.toString());
                }
                seen++;
            }
        }
        assertEquals(count, seen, "every new layer was checked");
    }

    private static void assertSameModel(Sequential model, Model loaded) {
        INDArray x = Arrays2.random(5, prepend(4, model.getInputShape()));
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(model.summary(), loaded.summary());
        for (Layer layer : model.getLayers()) {
            assertEquals(layer.getConfig(), loaded.getLayer(layer.getName()).getConfig(), layer.getName());
            assertEquals(layer.getWeights(), loaded.getLayer(layer.getName()).getWeights(), layer.getName());
        }
    }

    private static long[] prepend(long first, int[] rest) {
        long[] shape = new long[rest.length + 1];
        shape[0] = first;
        for (int i = 0; i < rest.length; i++) {
            shape[i + 1] = rest[i];
        }
        return shape;
    }

    private static Sequential reshapingModel() {
        Sequential model = Sequential.of(new Input(6, 5, 2), new ZeroPadding2D(new int[] {1, 0, 2, 1}),
                new Cropping2D(new int[] {0, 1}), new UpSampling2D(1, 2), new Conv2D(2, 3), new Reshape(-1, 2),
                new ZeroPadding1D(1, 2), new Cropping1D(), new UpSampling1D(3), new Conv1D(2, 2),
                new GlobalMaxPooling1D(), new Dense(3, "softmax"));
        model.setSeed(4);
        model.compile("adam", "categorical_crossentropy");
        model.fit(Arrays2.random(2, 6, 6, 5, 2), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2),
                new FitOptions().epochs(1).verbose(0));
        return model;
    }

    @Test
    void upSamplingZeroPaddingAndCroppingHoldKerassConfigKeysInBothForms() throws Exception {
        Sequential model = reshapingModel();
        Path keras = temp.resolve("reshaping.keras");
        model.save(keras);
        assertSameModel(model, Model.load(keras));
        try (ZipFile zip = new ZipFile(keras.toFile())) {
            assertKerasKeys(ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { }), false, 8);
        }
        Path h5 = temp.resolve("reshaping.h5");
        model.save(h5);
        assertSameModel(model, Model.load(h5));
        try (HdfFile file = new HdfFile(h5)) {
            assertKerasKeys(ModelFile.json().readValue((String) file.getAttribute("model_config").getData(),
                    new TypeReference<Map<String, Object>>() { }), true, 8);
        }
    }

    @Test
    void aKeras3AndAKeras2FileHoldKerassConfigKeysAndComeBackTheSame() throws Exception {
        Sequential model = model();
        Path keras = temp.resolve("conv1d.keras");
        model.save(keras);
        assertSameModel(model, Model.load(keras));
        try (ZipFile zip = new ZipFile(keras.toFile())) {
            assertKerasKeys(ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { }), false, 6);
        }
        Path h5 = temp.resolve("conv1d.h5");
        model.save(h5);
        assertSameModel(model, Model.load(h5));
        try (HdfFile file = new HdfFile(h5)) {
            assertKerasKeys(ModelFile.json().readValue((String) file.getAttribute("model_config").getData(),
                    new TypeReference<Map<String, Object>>() { }), true, 6);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDilatedConv2dKeepsItsDilationRateInBothKerasForms() throws Exception {
        Sequential model = Sequential.of(new Input(7, 7, 2), new Conv2D(3, 2).dilationRate(2).padding("same"),
                new Conv2D(2, 3).dilationRate(1, 2), new Flatten(), new Dense(2));
        model.setSeed(5);
        INDArray x = Arrays2.random(2, 3, 7, 7, 2);
        for (String file : List.of("dilated.keras", "dilated.h5")) {
            Path path = temp.resolve(file);
            model.save(path);
            Model loaded = Model.load(path);
            assertEquals(model.predict(x), loaded.predict(x), file);
            assertArrayEquals(new int[] {1, 2}, ((Conv2D) loaded.getLayers().get(1)).getDilationRate(), file);
        }
        try (ZipFile zip = new ZipFile(temp.resolve("dilated.keras").toFile())) {
            Map<String, Object> config = ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) config
                    .get("config")).get("layers");
            assertEquals(List.of(2, 2), ((Map<String, Object>) layers.get(1).get("config")).get("dilation_rate"));
        }
    }

    @Test
    void kerassAliasesAndKeras2ArgumentFormsAreRead() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("pool_size", 3);
        config.put("strides", null);
        config.put("padding", "same");
        assertEquals(3, ((MaxPooling1D) Layer.fromConfig("MaxPool1D", config)).getStrides());
        assertEquals(3, ((AveragePooling1D) Layer.fromConfig("AvgPool1D", config)).getPoolSize());
        assertTrue(Layer.fromConfig("GlobalMaxPool1D", Map.of()) instanceof GlobalMaxPooling1D);
        assertTrue(Layer.fromConfig("GlobalAvgPool1D", Map.of()) instanceof GlobalAveragePooling1D);
        Map<String, Object> conv = new LinkedHashMap<>();
        conv.put("filters", 2);
        conv.put("kernel_size", List.of(5));
        conv.put("dilation_rate", 2);
        Conv1D read = (Conv1D) Layer.fromConfig("Conv1D", conv);
        assertEquals(5, read.getKernelSize());
        assertEquals(2, read.getDilationRate());
        assertEquals("valid", read.getPadding());
    }
}

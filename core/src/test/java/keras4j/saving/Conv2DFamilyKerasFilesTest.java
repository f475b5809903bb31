package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import io.jhdf.HdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.ModelFile;
import keras4j.layers.Conv2DTranspose;
import keras4j.layers.Dense;
import keras4j.layers.DepthwiseConv2D;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.SeparableConv2D;

/**
 * Conv2DTranspose, DepthwiseConv2D and SeparableConv2D in Keras's files: a model written as Keras 3's
 * {@code .keras} and Keras 2's {@code .h5} comes back predicting the same, each layer's config has
 * the keys of Keras's {@code get_config} and each weight Keras's name; a Keras config naming the
 * layers by Keras's aliases is read, and one keras4j can't compute is refused in one line. A
 * causal Conv1D comes back causal.
 */
class Conv2DFamilyKerasFilesTest {
    private static final List<String> BASE = List.of("name", "trainable", "dtype");

    @TempDir
    Path temp;

    private static Sequential model() {
        Sequential model = Sequential.of(new Input(5, 5, 2),
                new DepthwiseConv2D(3).depthMultiplier(2).padding("same").activation("relu").name("depthwise"),
                new SeparableConv2D(3, 2).padding("same").strides(2).kernelRegularizer("l2").name("separable"),
                new Conv2DTranspose(2, 3).strides(2).padding("same").activation("tanh").name("transpose"),
                new Flatten(), new Dense(3, "softmax"));
        model.setSeed(3);
        model.compile("adam", "categorical_crossentropy", "accuracy");
        model.fit(Arrays2.random(1, 6, 5, 5, 2), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2),
                new FitOptions().epochs(2).verbose(0));
        return model;
    }

    private static Map<String, List<String>> kerasKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("Conv2DTranspose", List.of("filters", "kernel_size", "strides", "padding", "output_padding",
                "data_format", "dilation_rate", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint"));
        keys.put("DepthwiseConv2D", List.of("depth_multiplier", "kernel_size", "strides", "padding", "data_format",
                "dilation_rate", "activation", "use_bias", "depthwise_initializer", "bias_initializer",
                "depthwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
                "bias_constraint"));
        keys.put("SeparableConv2D", List.of("depth_multiplier", "filters", "kernel_size", "strides", "padding",
                "data_format", "dilation_rate", "activation", "use_bias", "depthwise_initializer",
                "pointwise_initializer", "bias_initializer", "depthwise_regularizer", "pointwise_regularizer",
                "bias_regularizer", "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                "bias_constraint"));
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void assertKerasKeys(Map<String, Object> modelConfig) {
        List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) modelConfig
                .get("config")).get("layers");
        int seen = 0;
        for (Map<String, Object> layer : layers) {
            List<String> want = kerasKeys().get((String) layer.get("class_name"));
            if (want != null) {
                List<String> all = new ArrayList<>(BASE);
                all.addAll(want);
                Map<String, Object> config = (Map<String, Object>) layer.get("config");
                assertEquals(new TreeSet<>(all), new TreeSet<>(config.keySet()), (String) layer.get("class_name"));
                seen++;
            }
        }
        assertEquals(3, seen, "every new layer was checked");
    }

    private static void assertSameModel(Sequential model, Model loaded) {
        INDArray x = Arrays2.random(5, 4, 5, 5, 2);
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(model.summary(), loaded.summary());
        for (Layer layer : model.getLayers()) {
            assertEquals(layer.getConfig(), loaded.getLayer(layer.getName()).getConfig(), layer.getName());
            assertEquals(layer.getWeights(), loaded.getLayer(layer.getName()).getWeights(), layer.getName());
        }
    }

    @Test
    void aKeras3FileHoldsKerassKeysAndVariablesAndComesBackTheSame() throws Exception {
        Sequential model = model();
        Path file = temp.resolve("convs.keras");
        model.save(file);
        assertSameModel(model, Model.load(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> config = ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { });
            assertKerasKeys(config);
            Path weights = temp.resolve("model.weights.h5");
            Files.copy(zip.getInputStream(zip.getEntry("model.weights.h5")), weights);
            try (HdfFile h5 = new HdfFile(weights)) {
                // Keras 3's paths: the class in snake case; a separable layer's three variables in Keras's order.
                assertEquals(List.of(3, 3, 2, 2), shape(h5, "layers/depthwise_conv2d/vars/0"));
                assertEquals(List.of(2, 2, 4, 1), shape(h5, "layers/separable_conv2d/vars/0"));
                assertEquals(List.of(1, 1, 4, 3), shape(h5, "layers/separable_conv2d/vars/1"));
                assertEquals(List.of(3), shape(h5, "layers/separable_conv2d/vars/2"));
                assertEquals(List.of(3, 3, 2, 3), shape(h5, "layers/conv2d_transpose/vars/0"));
            }
        }
    }

    private static List<Integer> shape(HdfFile h5, String path) {
        return java.util.Arrays.stream(((io.jhdf.api.Dataset) h5.getByPath(path)).getDimensions()).boxed().toList();
    }

    @Test
    void aKeras2FileHoldsKeras2sKeysAndWeightNamesAndComesBackTheSame() throws Exception {
        Sequential model = model();
        Path file = temp.resolve("convs.h5");
        model.save(file);
        assertSameModel(model, Model.load(file));
        try (HdfFile h5 = new HdfFile(file)) {
            Map<String, Object> config = ModelFile.json().readValue(
                    (String) h5.getAttribute("model_config").getData(), new TypeReference<Map<String, Object>>() { });
            assertKerasKeys(config);
            assertEquals(List.of("separable/depthwise_kernel:0", "separable/pointwise_kernel:0", "separable/bias:0"),
                    List.of((String[]) h5.getByPath("model_weights/separable").getAttribute("weight_names")
                            .getData()));
            assertEquals(List.of("depthwise/depthwise_kernel:0", "depthwise/bias:0"),
                    List.of((String[]) h5.getByPath("model_weights/depthwise").getAttribute("weight_names")
                            .getData()));
        }
    }

    @Test
    void aCausalConv1dComesBackCausalFromBothForms() throws Exception {
        Sequential model = Sequential.of(new Input(6, 2), new keras4j.layers.Conv1D(3, 3).padding("causal")
                .dilationRate(2).name("causal"), new Flatten(), new Dense(2));
        INDArray x = Arrays2.random(2, 3, 6, 2);
        for (String name : List.of("causal.keras", "causal.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            assertEquals("causal", ((keras4j.layers.Conv1D) loaded.getLayer("causal")).getPadding(), name);
            assertEquals(model.predict(x), loaded.predict(x), name);
        }
    }

    @Test
    void kerasAliasesAreReadAndWhatKeras4jCantComputeIsRefused() throws Exception {
        String json = """
                {"class_name": "Sequential", "config": {"name": "aliases", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 2], "name": "in"}},
                  {"class_name": "Convolution2D", "config": {"name": "c", "filters": 2, "kernel_size": [3, 3],
                    "strides": [1, 1], "padding": "same", "activation": "relu", "use_bias": true,
                    "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}}},
                  {"class_name": "Convolution2DTranspose", "config": {"name": "t", "filters": 2,
                    "kernel_size": [2, 2], "strides": [2, 2], "padding": "valid", "output_padding": null,
                    "activation": "linear", "use_bias": true, "dilation_rate": [1, 1],
                    "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}}},
                  {"class_name": "SeparableConvolution2D", "config": {"name": "s", "filters": 2,
                    "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "depth_multiplier": 1,
                    "activation": "linear", "use_bias": true,
                    "depthwise_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                    "pointwise_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}}},
                  {"class_name": "MaxPool2D", "config": {"name": "m", "pool_size": [2, 2], "padding": "valid",
                    "strides": null}},
                  {"class_name": "AvgPool2D", "config": {"name": "a", "pool_size": [1, 1], "padding": "valid",
                    "strides": [1, 1]}}]}}""";
        Path file = temp.resolve("aliases.json");
        Files.writeString(file, json);
        Model model = KerasFiles.modelFromJson(file);
        assertEquals(List.of("Conv2D", "Conv2DTranspose", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D"),
                model.getLayers().stream().map(Layer::getClassName).toList());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 3, 2}, model.getOutputShape());

        Path padded = temp.resolve("padded.json");
        Files.writeString(padded, json.replace("\"output_padding\": null", "\"output_padding\": [1, 1]"));
        Keras4jException e = assertThrows(Keras4jException.class, () -> KerasFiles.modelFromJson(padded));
        assertTrue(e.getMessage().contains("layer 't' (Convolution2DTranspose)") && e.getMessage().contains(
                "output_padding"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}

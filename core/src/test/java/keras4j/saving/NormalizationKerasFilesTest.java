package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import io.jhdf.HdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.initializers.Initializer;
import keras4j.internal.ModelFile;
import keras4j.layers.CenterCrop;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.LayerNormalization;
import keras4j.layers.Normalization;
import keras4j.layers.Rescaling;
import keras4j.layers.Resizing;

/**
 * The normalization and preprocessing layers in Keras's files: a keras4j model written as
 * {@code .keras} and {@code .h5} comes back the same, each layer's config holding the keys of
 * Keras's {@code get_config}, and a config as Keras 3 writes it reads.
 */
class NormalizationKerasFilesTest {
    private static final List<String> BASE = List.of("name", "trainable", "dtype");
    private static final List<String> LAYER_NORMALIZATION = List.of("axis", "epsilon", "center", "scale",
            "beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
            "gamma_constraint");

    @TempDir
    Path temp;

    private static Sequential model() {
        Normalization adapted = new Normalization();
        adapted.adapt(Arrays2.random(9, 6, 3, 2, 2).mul(3).add(1));
        Sequential model = Sequential.of(new Input(5, 4, 2), new CenterCrop(4, 3), new Resizing(3, 2)
                        .cropToAspectRatio(true), adapted, new Rescaling(0.5, 0.25),
                new LayerNormalization(1, 2, 3).center(false),
                new LayerNormalization(1).scale(false).epsilon(0.01), new Flatten(),
                new LayerNormalization().gammaInitializer(Initializer.randomUniform(0.5, 1.5).seed(2)),
                new Normalization().meanAndVariance(new double[] {0.5}, new double[] {4}).invert(true), new Dense(2));
        model.setSeed(4);
        model.compile("adam", "mse");
        return model;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> layers(Map<String, Object> modelConfig) {
        return (List<Map<String, Object>>) ((Map<String, Object>) modelConfig.get("config")).get("layers");
    }

    @SuppressWarnings("unchecked")
    private static void assertKerasKeys(List<Map<String, Object>> layers, boolean keras2) {
        List<Object> axes = new ArrayList<>();
        for (Map<String, Object> layer : layers) {
            if (layer.get("class_name").equals("Resizing") || layer.get("class_name").equals("CenterCrop")) {
                Map<String, Object> config = (Map<String, Object>) layer.get("config");
                List<String> want = new ArrayList<>(BASE);
                want.addAll(List.of("height", "width"));
                if (layer.get("class_name").equals("Resizing")) {
                    want.addAll(List.of("interpolation", "crop_to_aspect_ratio"));
                    if (!keras2) {
                        want.addAll(List.of("pad_to_aspect_ratio", "fill_mode", "fill_value", "antialias"));
                    }
                }
                if (!keras2) {
                    want.add("data_format");
                }
                assertEquals(new TreeSet<>(want), new TreeSet<>(config.keySet()), (String) layer.get("class_name"));
            }
            if (layer.get("class_name").equals("Normalization")) {
                Map<String, Object> config = (Map<String, Object>) layer.get("config");
                List<String> want = new ArrayList<>(BASE);
                want.addAll(List.of("axis", "invert", "mean", "variance"));
                assertEquals(new TreeSet<>(want), new TreeSet<>(config.keySet()));
                assertEquals(List.of(-1), config.get("axis"));
            }
            if (layer.get("class_name").equals("Rescaling")) {
                Map<String, Object> config = (Map<String, Object>) layer.get("config");
                List<String> want = new ArrayList<>(BASE);
                want.addAll(List.of("scale", "offset"));
                assertEquals(new TreeSet<>(want), new TreeSet<>(config.keySet()));
                assertEquals(0.5, config.get("scale"));
            }
            if (layer.get("class_name").equals("LayerNormalization")) {
                Map<String, Object> config = (Map<String, Object>) layer.get("config");
                List<String> want = new ArrayList<>(BASE);
                want.addAll(LAYER_NORMALIZATION);
                if (!keras2) {
                    want.add("rms_scaling");
                }
                assertEquals(new TreeSet<>(want), new TreeSet<>(config.keySet()));
                axes.add(config.get("axis"));
            }
        }
        // Keras writes the axes it normalized, counted from the batch axis
        assertEquals(List.of(List.of(1, 2, 3), List.of(1), List.of(1)), axes);
    }

    private static void assertSameModel(Sequential model, Model loaded) {
        INDArray x = Arrays2.random(5, 4, 5, 4, 2);
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(model.summary(), loaded.summary());
        for (Layer layer : model.getLayers()) {
            Map<String, Object> config = new java.util.HashMap<>(layer.getConfig());
            Map<String, Object> back = new java.util.HashMap<>(loaded.getLayer(layer.getName()).getConfig());
            if (layer instanceof LayerNormalization norm) {
                // the file holds the axes as Keras writes them once built: counted from the batch axis
                int[] shape = model.getGraph().getLayerNodes().stream().filter(n -> n.getLayer() == layer)
                        .findFirst().orElseThrow().getInputs().get(0).getShape();
                assertArrayEquals(norm.normalizedAxes(shape),
                        ((LayerNormalization) loaded.getLayer(layer.getName())).normalizedAxes(shape));
                config.remove("axis");
                back.remove("axis");
            }
            assertEquals(config, back, layer.getName());
            assertEquals(layer.getWeights(), loaded.getLayer(layer.getName()).getWeights(), layer.getName());
        }
    }

    @Test
    void aKeras3AndAKeras2FileHoldKerassConfigKeysAndComeBackTheSame() throws Exception {
        Sequential model = model();
        Path keras = temp.resolve("norm.keras");
        model.save(keras);
        assertSameModel(model, Model.load(keras));
        try (ZipFile zip = new ZipFile(keras.toFile())) {
            assertKerasKeys(layers(ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { })), false);
        }
        Path h5 = temp.resolve("norm.h5");
        model.save(h5);
        assertSameModel(model, Model.load(h5));
        try (HdfFile file = new HdfFile(h5)) {
            assertKerasKeys(layers(ModelFile.json().readValue((String) file.getAttribute("model_config").getData(),
                    new TypeReference<Map<String, Object>>() { })), true);
            // a LayerNormalization without center holds gamma only, named as Keras names it
            String[] names = (String[]) file.getByPath("model_weights/layer_normalization").getAttribute(
                    "weight_names").getData();
            assertArrayEquals(new String[] {"layer_normalization/gamma:0"}, names);
            String[] statistics = (String[]) file.getByPath("model_weights/normalization").getAttribute(
                    "weight_names").getData();
            assertArrayEquals(new String[] {"normalization/mean:0", "normalization/variance:0",
                "normalization/count:0"}, statistics);
            assertEquals(0, ((io.jhdf.api.Dataset) file.getByPath("model_weights/normalization/normalization/"
                    + "count:0")).getDimensions().length, "count is a scalar");
        }
    }

    @Test
    void aNormalizationAsKeras3WritesItWithGivenStatisticsReads() throws Exception {
        String json = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2],
                    "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "Normalization", "config": {"name": "norm",
                    "trainable": true, "dtype": "float32", "axis": [-1], "invert": false,
                    "mean": [1.0, 3.0], "variance": [4.0, 0.25]}, "registered_name": null,
                    "build_config": {"input_shape": [null, 2]}}]}, "registered_name": null}
                """;
        Path file = temp.resolve("model.json");
        Files.writeString(file, json);
        Model model = KerasFiles.modelFromJson(file);
        assertEquals(0, model.countParams());
        INDArray out = model.predict(Arrays2.f(new double[][] {{3, 4}}));
        assertArrayEquals(new float[] {1, 2}, out.reshape(2).toFloatVector(), 1e-6f);
    }

    @Test
    void aLayerNormalizationAsKeras3WritesItReads() throws Exception {
        String json = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3, 4],
                    "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "LayerNormalization", "config": {"name": "ln",
                    "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy",
                    "config": {"name": "float32"}, "registered_name": null}, "axis": [2], "epsilon": 1e-05,
                    "center": true, "scale": false, "rms_scaling": false,
                    "beta_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                      "registered_name": null},
                    "gamma_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {},
                      "registered_name": null},
                    "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null,
                    "gamma_constraint": null}, "registered_name": null,
                    "build_config": {"input_shape": [null, 3, 4]}}]}, "registered_name": null}
                """;
        Path file = temp.resolve("model.json");
        Files.writeString(file, json);
        Model model = KerasFiles.modelFromJson(file);
        LayerNormalization ln = (LayerNormalization) model.getLayer("ln");
        assertArrayEquals(new int[] {2}, ln.getAxis());
        assertEquals(1e-5, ln.getEpsilon());
        assertEquals(false, ln.isScale());
        assertEquals(4, model.countParams());
    }
}

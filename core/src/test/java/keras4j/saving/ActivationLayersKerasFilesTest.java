package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.ModelFile;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.ELU;
import keras4j.layers.Flatten;
import keras4j.layers.GlobalMaxPooling2D;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.LeakyReLU;
import keras4j.layers.PReLU;
import keras4j.layers.Permute;
import keras4j.layers.ReLU;
import keras4j.layers.RepeatVector;
import keras4j.layers.Reshape;
import keras4j.layers.Softmax;

/**
 * ReLU, LeakyReLU, ELU, Softmax, PReLU, GlobalMaxPooling2D, Reshape, Permute and RepeatVector in
 * Keras's files: a model written as Keras 3's {@code .keras} and Keras 2's {@code .h5} comes back
 * predicting the same, and each layer's config has the keys of Keras's {@code get_config} (Keras 2's
 * {@code alpha} for LeakyReLU in .h5).
 */
class ActivationLayersKerasFilesTest {
    private static final List<String> BASE = List.of("name", "trainable", "dtype");

    @TempDir
    Path temp;

    private static Sequential model() {
        Sequential model = Sequential.of(new Input(6, 6, 2), new Conv2D(3, 3), new Reshape(2, -1, 3),
                new Permute(2, 1, 3), new PReLU().sharedAxes(1, 2),
                new ReLU(0.8, 0.1, 0.2), new ELU(0.7), new Softmax(2), new GlobalMaxPooling2D(), new Dense(4),
                new LeakyReLU(0.2), new RepeatVector(2), new Flatten(), new Dense(3), new Softmax());
        model.setSeed(3);
        model.compile("adam", "categorical_crossentropy", "accuracy");
        // Off zero, so that PReLU's alpha matters.
        model.fit(Arrays2.random(1, 8, 6, 6, 2), org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1),
                new FitOptions().epochs(3).verbose(0));
        return model;
    }

    /** Keras's get_config keys of each layer class, after the base layer's. */
    private static Map<String, List<String>> kerasKeys(boolean keras2) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("PReLU", List.of("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"));
        keys.put("ReLU", List.of("max_value", "negative_slope", "threshold"));
        keys.put("ELU", List.of("alpha"));
        keys.put("Softmax", List.of("axis"));
        keys.put("GlobalMaxPooling2D", List.of("data_format", "keepdims"));
        keys.put("Reshape", List.of("target_shape"));
        keys.put("Permute", List.of("dims"));
        keys.put("RepeatVector", List.of("n"));
        keys.put("LeakyReLU", List.of(keras2 ? "alpha" : "negative_slope"));
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void assertKerasKeys(Map<String, Object> modelConfig, boolean keras2) {
        List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) modelConfig
                .get("config")).get("layers");
        Map<String, List<String>> expected = kerasKeys(keras2);
        int seen = 0;
        for (Map<String, Object> layer : layers) {
            List<String> want = expected.get((String) layer.get("class_name"));
            if (want != null) {
                List<String> all = new ArrayList<>(BASE);
                all.addAll(want);
                assertEquals(all, List.copyOf(((Map<String, Object>) layer.get("config")).keySet()),
                        layer.get("class_name") + (keras2 ? " in Keras 2's form" : " in Keras 3's form"));
                seen++;
            }
        }
        assertEquals(10, seen, "every new layer was checked");
    }

    private static void assertSameModel(Sequential model, Model loaded) {
        INDArray x = Arrays2.random(5, 4, 6, 6, 2);
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(model.summary(), loaded.summary());
        for (Layer layer : model.getLayers()) {
            assertEquals(layer.getConfig(), loaded.getLayer(layer.getName()).getConfig(), layer.getName());
            assertEquals(layer.getWeights(), loaded.getLayer(layer.getName()).getWeights(), layer.getName());
        }
    }

    @Test
    void aKeras3FileHoldsKerassConfigKeysAndComesBackTheSame() throws Exception {
        Sequential model = model();
        Path file = temp.resolve("activations.keras");
        model.save(file);
        assertSameModel(model, Model.load(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> config = ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { });
            assertKerasKeys(config, false);
        }
    }

    @Test
    void aKeras2FileHoldsKeras2sConfigKeysAndComesBackTheSame() throws Exception {
        Sequential model = model();
        Path file = temp.resolve("activations.h5");
        model.save(file);
        assertSameModel(model, Model.load(file));
        try (HdfFile h5 = new HdfFile(file)) {
            Map<String, Object> config = ModelFile.json().readValue(
                    (String) h5.getAttribute("model_config").getData(), new TypeReference<Map<String, Object>>() { });
            assertKerasKeys(config, true);
        }
    }
}

package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.internal.ModelFile;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.BinaryCrossentropy;
import keras4j.losses.CategoricalCrossentropy;
import keras4j.losses.Huber;
import keras4j.losses.Loss;
import keras4j.losses.SparseCategoricalCrossentropy;
import keras4j.optimizers.Adam;

/**
 * Losses with arguments in Keras's files and keras4j's: written as Keras writes them (a plain
 * loss as its name, one with arguments as its serialized object), read back the same, and read
 * in the forms Keras writes (a serialized function, an object with Keras's own name).
 */
class KerasLossFilesTest {
    @TempDir
    Path temp;

    private static Sequential logitsModel(Loss loss) {
        Sequential model = Sequential.of(new Input(4), new Dense(5, "relu"), new Dense(3));
        model.compile(new Adam(0.01), loss, "accuracy");
        return model;
    }

    private static Map<String, Object> member(Path zip, String name) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return ModelFile.json().readValue(file.getInputStream(file.getEntry(name)),
                    new TypeReference<Map<String, Object>>() { });
        }
    }

    @SuppressWarnings("unchecked")
    private static Object kerasLoss(Path keras) throws Exception {
        return ((Map<String, Object>) member(keras, "config.json").get("compile_config")).get("loss");
    }

    /** @return a copy of a .keras file whose compile_config's loss is replaced */
    @SuppressWarnings("unchecked")
    private Path withLoss(Path keras, Object loss) throws Exception {
        Map<String, Object> config = member(keras, "config.json");
        ((Map<String, Object>) config.get("compile_config")).put("loss", loss);
        Path out = temp.resolve("edited-" + keras.getFileName());
        try (ZipFile in = new ZipFile(keras.toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("config.json")) {
                    zip.write(ModelFile.json().writeValueAsString(config).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.getInputStream(entry).transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out;
    }

    @Test
    void aFromLogitsLossIsWrittenAsKerasSerializedObjectAndReadBack() throws Exception {
        Sequential model = logitsModel(new SparseCategoricalCrossentropy(true));
        Path file = temp.resolve("logits.keras");
        model.save(file);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "sparse_categorical_crossentropy");
        config.put("reduction", "sum_over_batch_size");
        config.put("from_logits", true);
        config.put("ignore_class", null);
        config.put("axis", -1);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("module", "keras.losses");
        expected.put("class_name", "SparseCategoricalCrossentropy");
        expected.put("config", config);
        expected.put("registered_name", null);
        assertEquals(expected, kerasLoss(file));
        Model loaded = Model.load(file);
        assertEquals(model.getCompileSettings(), loaded.getCompileSettings());
        assertTrue(loaded.getCompileSettings().losses().get(0).isFromLogits());
        INDArray x = Arrays2.random(1, 3, 4);
        assertEquals(model.predict(x), loaded.predict(x));   // logits, as Keras's model predicts them
    }

    @Test
    void aPlainLossIsWrittenAsItsKerasName() throws Exception {
        Sequential model = Sequential.of(new Input(2), new Dense(1));
        model.compile(new Adam(), new Huber());
        Path file = temp.resolve("huber.keras");
        model.save(file);
        assertEquals("huber", kerasLoss(file));
        assertEquals(new Huber(), Model.load(file).getCompileSettings().losses().get(0));
        model.compile(new Adam(), new Huber(0.25));
        model.save(file);
        assertEquals(new Huber(0.25), Model.load(file).getCompileSettings().losses().get(0));
    }

    @Test
    void kerasOwnFormsOfALossAreRead() throws Exception {
        Path file = temp.resolve("m.keras");
        logitsModel(new CategoricalCrossentropy(true)).save(file);
        // keras.losses.huber compiled as a function, and an object with the user's own name and Keras 2's reduction.
        Model huber = Model.load(withLoss(file, Map.of("module", "keras.losses", "class_name", "function",
                "config", "huber", "registered_name", "huber")));
        assertEquals(new Huber(), huber.getCompileSettings().losses().get(0));
        Model named = Model.load(withLoss(file, Map.of("class_name", "CategoricalCrossentropy", "config",
                Map.of("name", "my_loss", "reduction", "auto", "from_logits", true, "label_smoothing", 0.1))));
        assertEquals(new CategoricalCrossentropy(true, 0.1), named.getCompileSettings().losses().get(0));
        Keras4jException e = org.junit.jupiter.api.Assertions.assertThrows(Keras4jException.class,
                () -> Model.load(withLoss(file, Map.of("class_name", "CategoricalCrossentropy", "config",
                        Map.of("axis", 0)))));
        assertTrue(e.getMessage().contains("CategoricalCrossentropy: axis=0 is not supported"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKeras2H5FileKeepsTheLossInTheLegacyForm() throws Exception {
        Sequential model = logitsModel(new CategoricalCrossentropy(true, 0.1));
        Path file = temp.resolve("logits.h5");
        model.save(file);
        String training;
        try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(file)) {
            training = (String) h5.getAttribute("training_config").getData();
        }
        Map<String, Object> loss = (Map<String, Object>) ModelFile.json()
                .readValue(training, new TypeReference<Map<String, Object>>() { }).get("loss");
        assertEquals(List.of("class_name", "config"), List.copyOf(loss.keySet()));
        assertEquals("CategoricalCrossentropy", loss.get("class_name"));
        assertEquals(Map.of("name", "categorical_crossentropy", "reduction", "auto", "from_logits", true,
                "label_smoothing", 0.1, "axis", -1), loss.get("config"));
        assertEquals(model.getCompileSettings(), Model.load(file).getCompileSettings());
    }

    @Test
    void aModelWithALossPerOutputKeepsEachOnesArguments() throws Exception {
        KerasTensor x = Input.tensor(3);
        KerasTensor h = new Dense(4, "tanh").apply(x);
        Functional model = new Functional(List.of(x), List.of(new Dense(3).name("kind").apply(h),
                new Dense(1).name("odd").apply(h)));
        model.compile(new Adam(), Map.of("kind", new SparseCategoricalCrossentropy(true), "odd",
                new BinaryCrossentropy(true, 0.2)), Map.of(), Map.of());
        for (String name : List.of("two.keras", "two.keras4j")) {
            Path file = temp.resolve(name);
            model.save(file);
            assertEquals(model.getCompileSettings(), Model.load(file).getCompileSettings(), name);
        }
    }

    @Test
    void keras4jOwnFilesKeepTheLossArguments() throws Exception {
        Sequential model = logitsModel(new CategoricalCrossentropy(true, 0.05));
        Path file = temp.resolve("m.keras4j");
        model.save(file);
        Model loaded = Model.load(file);
        assertEquals(new CategoricalCrossentropy(true, 0.05), loaded.getCompileSettings().losses().get(0));
        // The network read back trains with the same loss: one more step gives the same weights.
        INDArray x = Arrays2.random(2, 6, 4);
        INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2);
        keras4j.FitOptions once = new keras4j.FitOptions().epochs(1).batchSize(6).verbose(0);
        assertEquals(model.fit(x, y, once).last("loss"), loaded.fit(x, y, once).last("loss"), 1e-6);
        assertEquals(model.predict(x), loaded.predict(x));
    }
}

package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.internal.ModelFile;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.Loss;
import keras4j.optimizers.Adadelta;
import keras4j.optimizers.Adagrad;
import keras4j.optimizers.Adam;
import keras4j.optimizers.AdamW;
import keras4j.optimizers.Adamax;
import keras4j.optimizers.Optimizer;
import keras4j.optimizers.RMSprop;
import keras4j.optimizers.SGD;
import keras4j.optimizers.schedules.CosineDecay;
import keras4j.optimizers.schedules.ExponentialDecay;

/** The new optimizers, their options and schedules through keras4j's files and Keras's. */
class OptimizerFilesTest {
    private static final INDArray X = Arrays2.random(1, 8, 4);
    private static final INDArray Y = Arrays2.random(2, 8, 2);
    private static final FitOptions ONE_EPOCH = new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0);

    @TempDir
    Path temp;

    private static List<Optimizer> optimizers() {
        return List.of(new AdamW(new CosineDecay(0.01, 10, 0.0, 0.02, 2)).withGlobalClipnorm(0.5),
                new Adamax(0.01).withClipnorm(0.3), new Adadelta(1.0).withClipvalue(0.05), new Adagrad(0.05),
                new RMSprop(0.01, 0.9, 0.5, 1e-7, true), new SGD(0.1, 0.9, true).withLearningRate(new ExponentialDecay(0.1, 2, 0.5)),
                new Adam(0.01).withWeightDecay(0.05));
    }

    private static Model model(Optimizer optimizer, boolean functional) {
        Model model;
        if (functional) {
            KerasTensor x = Input.tensor(4);
            KerasTensor h = new BatchNormalization().apply(new Dense(3, "tanh").apply(x));
            model = new Functional(x, new Dense(2).apply(h));
        } else {
            model = new Sequential(new Input(4), new Dense(3, "tanh"), new BatchNormalization(), new Dense(2));
        }
        model.setSeed(7);
        model.compile(optimizer, Loss.get("mse"));
        return model;
    }

    @Test
    void keras4jFilesKeepTheOptimizerAndTrainingGoesOnBitForBit() throws Exception {
        for (Optimizer optimizer : optimizers()) {
            for (boolean functional : new boolean[] {false, true}) {
                Model model = model(optimizer, functional);
                model.fit(X, Y, ONE_EPOCH);
                Path file = temp.resolve("m" + System.nanoTime() + ".keras4j");
                model.save(file);
                Model loaded = Model.load(file);
                assertEquals(optimizer, loaded.getOptimizer());
                model.fit(X, Y, ONE_EPOCH);
                loaded.fit(X, Y, ONE_EPOCH);
                assertEquals(model.predict(X), loaded.predict(X), optimizer + (functional ? " Functional" : ""));
                assertEquals(model.getLearningRate(), loaded.getLearningRate());
            }
        }
    }

    @Test
    void kerasFilesKeepTheOptimizerAndItsStateWhereKerasHasOne() throws Exception {
        for (Optimizer optimizer : optimizers()) {
            Model model = model(optimizer, true);
            model.fit(X, Y, ONE_EPOCH);
            Path file = temp.resolve("m" + System.nanoTime() + ".keras");
            model.save(file);
            Model loaded = Model.load(file);
            assertEquals(optimizer, loaded.getOptimizer());
            boolean kerasForm = !(optimizer instanceof RMSprop);
            assertEquals(kerasForm, !model.getOptimizerVariables().isEmpty(), optimizer.toString());
            assertEquals(model.getOptimizerVariables(), loaded.getOptimizerVariables(), optimizer.toString());
            if (kerasForm) {
                model.fit(X, Y, ONE_EPOCH);
                loaded.fit(X, Y, ONE_EPOCH);
                assertEquals(model.predict(X), loaded.predict(X), optimizer + " trains on the same");
            }
        }
    }

    @Test
    void theCompileConfigHasKeras3sOptimizerKeys() throws Exception {
        Map<?, ?> optimizer = written(optimizers().get(0));
        assertEquals("AdamW", optimizer.get("class_name"));
        Map<?, ?> own = (Map<?, ?>) optimizer.get("config");
        assertEquals(0.004, own.get("weight_decay"));
        assertEquals(0.5, own.get("global_clipnorm"));
        assertEquals(null, own.get("clipnorm"));
        assertEquals(false, own.get("amsgrad"));
        Map<?, ?> lr = (Map<?, ?>) own.get("learning_rate");
        assertEquals("keras.optimizers.schedules", lr.get("module"));
        assertEquals("CosineDecay", lr.get("class_name"));
        assertEquals(0.02, ((Map<?, ?>) lr.get("config")).get("warmup_target"));
        assertEquals(List.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue"),
                List.copyOf(own.keySet()).subList(0, 6), "Keras's order");
        Map<?, ?> rmsprop = (Map<?, ?>) written(new RMSprop(0.01, 0.9, 0.5, 1e-7, true)).get("config");
        assertEquals(0.5, rmsprop.get("momentum"));
        assertEquals(true, rmsprop.get("centered"));
    }

    /** @return the optimizer object of the compile_config of a .keras file of a model compiled with it */
    private Map<?, ?> written(Optimizer optimizer) throws Exception {
        Path file = temp.resolve("m" + System.nanoTime() + ".keras");
        model(optimizer, true).save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> config = ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { });
            return (Map<?, ?>) ((Map<?, ?>) config.get("compile_config")).get("optimizer");
        }
    }

    @Test
    void keras2AndKeras3OptimizerConfigsWithSchedulesAndClippingAreRead() {
        Map<String, Object> schedule = Map.of("class_name", "ExponentialDecay", "config",
                Map.of("initial_learning_rate", 0.1, "decay_steps", 100, "decay_rate", 0.9, "staircase", true,
                        "name", "ExponentialDecay"));
        Map<String, Object> keras2 = new LinkedHashMap<>();
        keras2.put("name", "AdamW");
        keras2.put("learning_rate", schedule);
        keras2.put("weight_decay", 0.01);
        keras2.put("clipnorm", 1.0);
        keras2.put("global_clipnorm", null);
        keras2.put("beta_1", 0.8);
        keras2.put("is_legacy_optimizer", false);
        Model model = new Sequential(new Input(4), new Dense(2));
        KerasConfig.compile(model, Map.of("optimizer_config", Map.of("class_name", "AdamW", "config", keras2),
                "loss", "mse"), Path.of("m.h5"));
        assertEquals(new AdamW(0.001, 0.01, 0.8, 0.999, 1e-7).withLearningRate(new ExponentialDecay(0.1, 100, 0.9,
                true)).withClipnorm(1.0), model.getOptimizer());
        Map<String, Object> keras3 = new LinkedHashMap<>(Map.of("name", "adadelta", "learning_rate", 0.5, "rho", 0.9,
                "epsilon", 1e-6, "clipvalue", 0.1));
        keras3.put("weight_decay", null);
        KerasConfig.compile(model, Map.of("optimizer", Map.of("module", "keras.optimizers", "class_name",
                "Adadelta", "config", keras3), "loss", "mse"), Path.of("m.keras"));
        assertEquals(new Adadelta(0.5, 0.9, 1e-6).withClipvalue(0.1), model.getOptimizer());
        Keras4jException e = org.junit.jupiter.api.Assertions.assertThrows(Keras4jException.class,
                () -> KerasConfig.compile(model, Map.of("optimizer", Map.of("class_name", "Adam", "config",
                        Map.of("learning_rate", Map.of("class_name", "MyDecay", "config", Map.of()))),
                        "loss", "mse"), Path.of("m.keras")));
        assertTrue(e.getMessage().contains("MyDecay") && e.getMessage().contains("m.keras"), e.getMessage());
    }
}

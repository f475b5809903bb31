package keras4j.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
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
import keras4j.layers.Activation;
import keras4j.layers.Add;
import keras4j.layers.Average;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Concatenate;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Flatten;
import keras4j.layers.GlobalAveragePooling2D;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.layers.MaxPooling2D;
import keras4j.layers.Maximum;
import keras4j.layers.Minimum;
import keras4j.layers.Multiply;
import keras4j.layers.Subtract;
import keras4j.losses.Loss;
import keras4j.optimizers.Adam;
import keras4j.optimizers.SGD;
import keras4j.regularizers.Regularizer;

/**
 * keras4j models written as Keras 3 {@code .keras} files and Keras 2 {@code .h5} files and read
 * back: the same predictions and weights bit for bit, the compile settings kept, and the layout of
 * the real Keras 3 file in {@code keras4j/keras3} (its members, config keys and weight paths) and
 * of Keras 2's files. When Python's h5py is installed ({@code .ci/run} installs it), the files are
 * also read by the HDF5 library itself, as Keras reads them.
 */
class KerasSavingTest {
    @TempDir
    Path temp;

    /** Every image layer keras4j has, trained a little so that BatchNormalization's moving statistics move. */
    private static Sequential convNet() {
        return convNet(true);
    }

    /** @param dropout whether to have Dropout (whose random masks a loaded model doesn't continue) */
    private static Sequential convNet(boolean dropout) {
        Sequential model = new Sequential(new Input(12, 12, 2),
                new Conv2D(4, 3, "relu").padding("same").strides(2, 1),
                new BatchNormalization(),
                new MaxPooling2D(2).padding("same"),
                new Conv2D(3, 2).kernelRegularizer(Regularizer.l2(0.01)),
                new AveragePooling2D(2, 1),
                new Activation("tanh"),
                new Dropout(dropout ? 0.25 : 0),
                new Flatten(),
                new Dense(5, "softmax"));
        model.setSeed(3);
        model.compile(new Adam(0.01), Loss.get("sparse_categorical_crossentropy"), "accuracy");
        model.fit(Arrays2.random(1, 32, 12, 12, 2), Arrays2.classIds(2, 32, 5),
                new FitOptions().epochs(1).batchSize(8).verbose(0));
        return model;
    }

    /** Two inputs, every merge layer, a nested model, two outputs with their own losses and metrics. */
    private static Functional twoByTwo() {
        KerasTensor a = new Input(6).name("a").output();
        KerasTensor b = new Input(6).name("b").output();
        KerasTensor image = new Input(5, 5, 1).name("image").output();
        KerasTensor da = new Dense(4, "relu").apply(a);
        KerasTensor db = new Dense(4, "sigmoid").apply(b);
        List<KerasTensor> merged = List.of(new Add().apply(da, db), new Subtract().apply(da, db),
                new Multiply().apply(da, db), new Average().apply(da, db), new Maximum().apply(da, db),
                new Minimum().apply(da, db));
        Sequential base = new Sequential(new Input(5, 5, 1), new Conv2D(2, 3, "relu"), new GlobalAveragePooling2D());
        base.setName("base");
        KerasTensor seen = base.apply(image);
        List<KerasTensor> all = new ArrayList<>(merged);
        all.add(seen);
        KerasTensor joined = new Concatenate().apply(all);
        KerasTensor kind = new Dense(3, "softmax").name("kind").apply(joined);
        KerasTensor size = new Dense(1).name("size").apply(joined);
        Functional model = new Functional(List.of(a, b, image), List.of(kind, size));
        model.setSeed(5);
        model.compile(new SGD(0.05, 0.9, true), Map.of("kind", Loss.get("sparse_categorical_crossentropy"),
                "size", Loss.get("mse")), Map.of("size", 0.5), Map.of("kind", List.of("accuracy"), "size",
                List.of("mae")));
        return model;
    }

    private static Map<String, INDArray> twoByTwoInputs() {
        return Map.of("a", Arrays2.random(6, 4, 6), "b", Arrays2.random(7, 4, 6), "image", Arrays2.random(8, 4, 5, 5, 1));
    }

    @Test
    void aSequentialModelComesBackFromKerasFormatBitForBitWithItsCompileSettings() {
        Sequential model = convNet();
        Path file = temp.resolve("cnn.keras");
        model.save(file);
        Model loaded = Model.load(file);
        assertInstanceOf(Sequential.class, loaded);
        INDArray x = Arrays2.random(9, 6, 12, 12, 2);
        assertEquals(model.predict(x), loaded.predict(x), "the same predictions, bit for bit");
        assertEquals(names(model), names(loaded));
        for (int i = 0; i < model.getLayers().size(); i++) {
            assertEquals(model.getLayers().get(i).getWeights(), loaded.getLayers().get(i).getWeights());
            assertEquals(model.getLayers().get(i).getConfig(), loaded.getLayers().get(i).getConfig());
        }
        assertEquals(model.getCompileSettings(), loaded.getCompileSettings());
        loaded.fit(x, Arrays2.classIds(3, 6, 5), new FitOptions().epochs(1).verbose(0));   // and it trains on
    }

    @Test
    void aFunctionalModelWithMergesANestedModelAndTwoOutputsComesBackTheSame() {
        Functional model = twoByTwo();
        Path file = temp.resolve("two.keras");
        model.save(file);
        Model loaded = Model.load(file);
        assertInstanceOf(Functional.class, loaded);
        Map<String, INDArray> x = twoByTwoInputs();
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(names(model), names(loaded));
        assertEquals(model.getInputNames(), loaded.getInputNames());
        assertEquals(model.getOutputNames(), loaded.getOutputNames());
        assertEquals(model.getCompileSettings(), loaded.getCompileSettings());
        assertEquals(model.summary().lines().sorted().toList(), loaded.summary().lines().sorted().toList(),
                "the same layers, shapes and connections (listed in Keras's order)");
    }

    /**
     * The optimizer's state goes into the file as Keras keeps it (optimizer/vars: iterations,
     * learning_rate, then each trainable variable's slots in Keras's order), and comes back: a
     * loaded model trains on exactly as the saved one does.
     */
    @Test
    void theOptimizersStateIsSavedAsKerasKeepsItAndTrainingGoesOnTheSame() throws Exception {
        for (Model model : List.of(convNet(false), twoByTwo())) {
            boolean sequential = model instanceof Sequential;
            Map<String, INDArray> x = sequential ? Map.of(model.getInputNames().get(0), Arrays2.random(9, 8, 12, 12, 2))
                    : twoByTwoInputs();
            Map<String, INDArray> y = sequential ? Map.of(model.getOutputNames().get(0), Arrays2.classIds(3, 8, 5))
                    : Map.of("kind", Arrays2.classIds(3, 4, 3), "size", Arrays2.random(4, 4, 1));
            model.fit(x, y, new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0));
            Path file = temp.resolve(model.getName() + ".keras");
            model.save(file);
            Model loaded = Model.load(file);
            assertEquals(model.getOptimizerVariables(), loaded.getOptimizerVariables(), model.getName());
            model.fit(x, y, new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0));
            loaded.fit(x, y, new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0));
            assertEquals(model.predict(x), loaded.predict(x), model.getName() + " trains on the same");
        }
    }

    /** After Adam's first step from zeros, m = (1 - beta_1) g and v = (1 - beta_2) g^2, so v / 0.001 = (m / 0.1)^2. */
    @Test
    void adamsSlotsAreKerassMomentumThenVelocity() {
        Sequential model = new Sequential(new Input(3), new Dense(2, "softmax"));
        model.setSeed(1);
        model.compile(new Adam(0.01), Loss.get("sparse_categorical_crossentropy"));
        model.fit(Arrays2.random(1, 4, 3), Arrays2.classIds(2, 4, 2), new FitOptions().epochs(1).batchSize(4)
                .verbose(0));
        List<INDArray> variables = model.getOptimizerVariables();
        assertEquals(2 + 2 * 2, variables.size(), "iterations, learning_rate, then m and v of kernel and bias");
        assertEquals(1L, variables.get(0).getLong(0));
        assertEquals(0.01f, variables.get(1).getFloat(0));
        for (int w = 0; w < 2; w++) {
            INDArray m = variables.get(2 + 2 * w);
            INDArray v = variables.get(3 + 2 * w);
            assertEquals(model.getLayers().get(0).getWeights().get(w).shapeInfoToString().replaceAll(".*Shape: ", "")
                    .split(",")[0], m.shapeInfoToString().replaceAll(".*Shape: ", "").split(",")[0], "Keras's shape");
            assertTrue(v.div(0.001).equalsWithEps(m.div(0.1).mul(m.div(0.1)), 1e-4), m + " / " + v);
        }
    }

    @Test
    void anUncompiledModelIsWrittenWithAnEmptyCompileConfigAndLoadsUncompiled() throws Exception {
        KerasTensor x = Input.tensor(3);
        Functional model = new Functional(x, new Dense(2).apply(x));
        Path file = temp.resolve("plain.keras");
        model.save(file);
        assertEquals(Map.of(), config(file).get("compile_config"));
        Model loaded = Model.load(file);
        assertTrue(!loaded.isCompiled());
        INDArray in = Arrays2.random(1, 2, 3);
        assertEquals(model.predict(in), loaded.predict(in));
    }

    @Test
    void theFileHasTheMembersConfigKeysAndWeightPathsOfKerasOwnFile() throws Exception {
        Path sample = resource("keras3/pre_pr22362_nested_container.keras");
        Path file = temp.resolve("cnn.keras");
        Sequential model = convNet();
        model.save(file);
        assertEquals(members(sample), members(file), "the members, in Keras's order");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertTrue(Collections.list(zip.entries()).stream().allMatch(e -> e.getMethod() == ZipEntry.STORED),
                    "stored, as Keras stores them");
        }
        assertEquals(json(sample, "metadata.json").keySet(), json(file, "metadata.json").keySet());
        Map<String, Object> written = config(file);
        assertEquals(json(sample, "config.json").keySet(), written.keySet());
        assertEquals("Sequential", written.get("class_name"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) written.get("config"))
                .get("layers");
        assertEquals("InputLayer", layers.get(0).get("class_name"));
        for (Map<String, Object> layer : layers.subList(1, layers.size())) {
            assertEquals(List.of("module", "class_name", "config", "registered_name", "build_config"),
                    List.copyOf(layer.keySet()));
            assertEquals("keras.layers", layer.get("module"));
        }
        // Keras addresses weights by class, in order (conv2d, conv2d_1, ...), not by layer name.
        assertEquals(List.of("layers/batch_normalization/vars/0", "layers/batch_normalization/vars/1",
                        "layers/batch_normalization/vars/2", "layers/batch_normalization/vars/3",
                        "layers/conv2d/vars/0", "layers/conv2d/vars/1", "layers/conv2d_1/vars/0",
                        "layers/conv2d_1/vars/1", "layers/dense/vars/0", "layers/dense/vars/1"),
                datasets(file).stream().filter(p -> p.startsWith("layers/")).toList());
        // Adam's variables: iterations, learning_rate, then momentum and velocity of the 8 trainable variables
        assertEquals(2 + 2 * 8, datasets(file).stream().filter(p -> p.startsWith("optimizer/vars/")).count());
        assertTrue(datasets(sample).stream().allMatch(p -> p.matches("layers/[a-z_0-9]+/vars/\\d+")),
                "the sample's weights have the same form: " + datasets(sample));
    }

    /**
     * Keras orders a Functional model's layers by depth, not by the order the code made them
     * (its map_graph): here a, c, b (c is deeper than b), so its weight paths are a: dense,
     * c: dense_1, b: dense_2 and its Keras 2 layer_names a, c, b. The file must say the same.
     */
    @Test
    void aFunctionalModelsLayersAreWrittenInKerassOwnOrder() throws Exception {
        KerasTensor x = new Input(3).name("x").output();
        KerasTensor a = new Dense(4).name("a").apply(x);
        KerasTensor b = new Dense(5).name("b").apply(x);
        KerasTensor c = new Dense(5).name("c").apply(a);
        Functional model = new Functional(x, new Add().name("sum").apply(c, b));
        Path file = temp.resolve("order.keras");
        model.save(file);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) config(file)
                .get("config")).get("layers");
        assertEquals(List.of("x", "a", "c", "b", "sum"), layers.stream().map(l -> l.get("name")).toList());
        Path weights = temp.resolve("order.weights.h5");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Files.copy(zip.getInputStream(zip.getEntry("model.weights.h5")), weights);
        }
        try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(weights)) {
            for (String[] pair : new String[][] {{"dense", "a"}, {"dense_1", "c"}, {"dense_2", "b"}}) {
                float[][] kernel = (float[][]) h5.getDatasetByPath("layers/" + pair[0] + "/vars/0").getData();
                assertEquals(model.getLayer(pair[1]).getWeights().get(0), org.nd4j.linalg.factory.Nd4j
                        .createFromArray(kernel), pair[0] + " holds " + pair[1]);
            }
        }
        Path h5 = temp.resolve("order.h5");
        model.save(h5);
        try (io.jhdf.HdfFile file2 = new io.jhdf.HdfFile(h5)) {
            assertEquals(List.of("a", "c", "b"), List.of((String[]) file2.getByPath("model_weights")
                    .getAttribute("layer_names").getData()));
        }
        INDArray in = Arrays2.random(4, 2, 3);
        assertEquals(model.predict(in), Model.load(file).predict(in));
        assertEquals(model.predict(in), Model.load(h5).predict(in));
    }

    @Test
    void kerasOwnSubclassedModelIsRefusedAsPythonCode() throws Exception {
        Path sample = resource("keras3/pre_pr22362_nested_container.keras");
        Keras4jException e = assertThrows(Keras4jException.class, () -> Model.load(sample));
        assertTrue(e.getMessage().contains("'NestedDenseModel' (a subclassed model: Python code)")
                && e.getMessage().contains("keras4j reads Sequential and Functional"), e.getMessage());
    }

    @Test
    void aKeras3ArchitectureJsonWithItsWeightsFileLoadsToo() throws Exception {
        Functional model = twoByTwo();
        Path file = temp.resolve("two.keras");
        model.save(file);
        Path json = temp.resolve("model.json");
        Path weights = temp.resolve("model.weights.h5");
        try (ZipFile zip = new ZipFile(file.toFile())) {   // what to_json() and save_weights() write in Keras 3
            Files.copy(zip.getInputStream(zip.getEntry("config.json")), json);
            Files.copy(zip.getInputStream(zip.getEntry("model.weights.h5")), weights);
        }
        Model loaded = KerasFiles.load(json, weights);
        assertEquals(model.predict(twoByTwoInputs()), loaded.predict(twoByTwoInputs()));
    }

    @Test
    void aKeras2H5FileComesBackBitForBitWithItsCompileSettings() {
        for (Model model : List.of(convNet(), twoByTwoFlat())) {
            Path file = temp.resolve(model.getName() + ".h5");
            model.save(file);
            Model loaded = Model.load(file);
            assertEquals(model.getClass(), loaded.getClass());
            Map<String, INDArray> x = model instanceof Sequential ? Map.of(model.getInputNames().get(0),
                    Arrays2.random(9, 6, 12, 12, 2)) : twoByTwoInputs();
            assertEquals(model.predict(x), loaded.predict(x), model.getName());
            assertEquals(names(model), names(loaded));
            assertEquals(model.getCompileSettings(), loaded.getCompileSettings());
        }
    }

    @Test
    void whatAKerasFileCantHoldIsRefusedClearly() throws Exception {
        Keras4jException e = assertThrows(Keras4jException.class, () -> twoByTwo().save(temp.resolve("m.h5")));
        assertTrue(e.getMessage().contains("nests model 'base'") && e.getMessage().contains("Save it as .keras"),
                e.getMessage());
        e = assertThrows(Keras4jException.class, () -> convNet().saveWeights(temp.resolve("m.keras")));
        assertTrue(e.getMessage().contains("saveWeights writes keras4j's own format"), e.getMessage());
        // Keras 3 redefined hard_sigmoid (slope 1/6): keras4j's (Keras 2's, 0.2) is not written to, or read from, .keras.
        Sequential hard = new Sequential(new Input(2), new Dense(2, "hard_sigmoid"));
        e = assertThrows(Keras4jException.class, () -> hard.save(temp.resolve("m.keras")));
        assertTrue(e.getMessage().contains("'dense' uses hard_sigmoid") && e.getMessage().contains("Save it as .h5"),
                e.getMessage());
        assertTrue(!Files.exists(temp.resolve("m.h5")) && !Files.exists(temp.resolve("m.keras")));
        hard.save(temp.resolve("m.h5"));
        assertEquals("hard_sigmoid", Model.load(temp.resolve("m.h5")).getLayers().get(0).getConfig().get("activation"));
        Path sigmoid = temp.resolve("s.keras");
        new Sequential(new Input(2), new Dense(2, "sigmoid")).save(sigmoid);
        Path edited = temp.resolve("edited.keras");
        try (ZipFile in = new ZipFile(sigmoid.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(edited))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals("config.json") ? new String(bytes, StandardCharsets.UTF_8)
                        .replace("\"sigmoid\"", "\"hard_sigmoid\"").getBytes(StandardCharsets.UTF_8) : bytes);
            }
        }
        e = assertThrows(Keras4jException.class, () -> Model.load(edited));
        assertTrue(e.getMessage().contains("uses Keras 3's hard_sigmoid (slope 1/6)"), e.getMessage());
    }

    /** {@link #twoByTwo} without the nested model, which Keras 2 files don't hold. */
    private static Functional twoByTwoFlat() {
        KerasTensor a = new Input(6).name("a").output();
        KerasTensor b = new Input(6).name("b").output();
        KerasTensor image = new Input(5, 5, 1).name("image").output();
        KerasTensor seen = new GlobalAveragePooling2D().apply(new Conv2D(2, 3, "relu").apply(image));
        KerasTensor joined = new Concatenate().apply(new Maximum().apply(new Dense(4).apply(a), new Dense(4).apply(b)),
                seen);
        Functional model = new Functional(List.of(a, b, image), List.of(new Dense(3, "softmax").name("kind")
                .apply(joined), new Dense(1).name("size").apply(joined)));
        model.setName("flat");
        model.compile(new Adam(0.01), Map.of("kind", Loss.get("sparse_categorical_crossentropy"),
                "size", Loss.get("mse")), Map.of("size", 0.5), Map.of("kind", List.of("accuracy")));
        return model;
    }

    /**
     * h5py (the HDF5 library Keras reads with) opens every group and dataset keras4j wrote, with
     * Keras's paths, float32 and the model's values.
     */
    @Test
    void h5pyReadsTheWeightsAsKerasWould() throws Exception {
        assumeTrue(h5py(), "Python 3 with h5py is not installed here (.ci/run installs python3-h5py)");
        Functional model = twoByTwo();
        Path file = temp.resolve("two.keras");
        model.save(file);
        Path weights = temp.resolve("w.h5");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Files.copy(zip.getInputStream(zip.getEntry("model.weights.h5")), weights);
        }
        String script = String.join("\n",
                "import h5py, json, sys",
                "out = {}",
                "def visit(name, obj):",
                "    if isinstance(obj, h5py.Dataset):",
                "        out[name] = [str(obj.dtype), list(obj.shape), [float(v) for v in obj[()].flatten()]]",
                "    else:",
                "        out[name] = dict((k, v.decode() if isinstance(v, bytes) else str(v)) for k, v in obj.attrs.items())",
                "with h5py.File(sys.argv[1], 'r') as f:",
                "    f.visititems(visit)",
                "print(json.dumps(out))");
        Process python = new ProcessBuilder(python(), "-c", script, weights.toString()).redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS) && python.exitValue() == 0, output);
        Map<String, Object> seen = ModelFile.json().readValue(output, new TypeReference<Map<String, Object>>() { });
        // Keras's walk: the Functional model's layers in order (Inputs included), nested models by class.
        Map<String, Layer> expected = new LinkedHashMap<>();
        expected.put("layers/dense", model.getLayer("dense"));
        expected.put("layers/dense_1", model.getLayer("dense_1"));
        expected.put("layers/sequential/layers/conv2d", model.getLayer("conv2d"));
        expected.put("layers/dense_2", model.getLayer("kind"));
        expected.put("layers/dense_3", model.getLayer("size"));
        for (Map.Entry<String, Layer> e : expected.entrySet()) {
            assertEquals(Map.of("name", e.getValue().getName()), seen.get(e.getKey() + "/vars"), e.getKey());
            List<INDArray> values = e.getValue().getWeights();
            for (int i = 0; i < values.size(); i++) {
                List<?> dataset = (List<?>) seen.get(e.getKey() + "/vars/" + i);
                assertEquals("float32", dataset.get(0), e.getKey());
                assertEquals(java.util.Arrays.stream(values.get(i).shape()).boxed().toList(), ((List<?>) dataset.get(1))
                        .stream().map(v -> ((Number) v).longValue()).toList(), e.getKey());
                float[] want = values.get(i).dup().data().asFloat();
                List<?> have = (List<?>) dataset.get(2);
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[j], ((Number) have.get(j)).floatValue(), 0f, e.getKey() + "/vars/" + i);
                }
            }
        }
        assertEquals(expected.size() * 3, seen.keySet().stream().filter(k -> k.matches("layers/.*/vars(/\\d+)?")).count(),
                "nothing else has variables: " + seen.keySet());
        // SGD with momentum: iterations (int64), learning_rate (float32), a momentum per trainable variable
        assertEquals(Map.of("name", "sgd"), seen.get("optimizer/vars"));
        assertEquals(List.of("int64", List.of()), ((List<?>) seen.get("optimizer/vars/0")).subList(0, 2));
        assertEquals(List.of("float32", List.of()), ((List<?>) seen.get("optimizer/vars/1")).subList(0, 2));
        assertEquals(2 + 10, seen.keySet().stream().filter(k -> k.startsWith("optimizer/vars/")).count());
    }

    /**
     * h5py reads a Keras 2 file keras4j wrote the way Keras's {@code legacy_h5_format} does: the
     * model_config is JSON, and {@code layer_names} then each layer's {@code weight_names} lead to
     * the model's arrays, in order.
     */
    @Test
    void h5pyReadsAKeras2FileAsKerasLoadsIt() throws Exception {
        assumeTrue(h5py(), "Python 3 with h5py is not installed here (.ci/run installs python3-h5py)");
        Sequential model = convNet();
        Path file = temp.resolve("cnn.h5");
        model.save(file);
        String script = String.join("\n",
                "import h5py, json, sys",
                "with h5py.File(sys.argv[1], 'r') as f:",
                "    config = json.loads(f.attrs['model_config'])",
                "    training = json.loads(f.attrs['training_config'])",
                "    g = f['model_weights']",
                "    layers = []",
                "    for name in [n.decode('utf8') for n in g.attrs['layer_names']]:",
                "        names = [n.decode('utf8') for n in g[name].attrs['weight_names']]",
                "        layers.append([name, [[n, str(g[name][n].dtype), [float(v) for v in g[name][n][()].flatten()]]",
                "                              for n in names]])",
                "print(json.dumps({'class': config['class_name'], 'loss': training['loss'], 'layers': layers}))");
        Process python = new ProcessBuilder(python(), "-c", script, file.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS) && python.exitValue() == 0, output);
        Map<String, Object> seen = ModelFile.json().readValue(output, new TypeReference<Map<String, Object>>() { });
        assertEquals("Sequential", seen.get("class"));
        assertEquals("sparse_categorical_crossentropy", seen.get("loss"));
        List<?> layers = (List<?>) seen.get("layers");
        List<Layer> weighted = model.getLayers().stream().filter(l -> !l.getWeights().isEmpty()).toList();
        assertEquals(weighted.size(), layers.size());
        for (int i = 0; i < weighted.size(); i++) {
            List<?> layer = (List<?>) layers.get(i);
            assertEquals(weighted.get(i).getName(), layer.get(0));
            List<?> arrays = (List<?>) layer.get(1);
            List<INDArray> values = weighted.get(i).getWeights();
            assertEquals(values.size(), arrays.size());
            for (int j = 0; j < values.size(); j++) {
                List<?> array = (List<?>) arrays.get(j);
                assertEquals(weighted.get(i).getName() + "/" + KerasConfig.weightNames(weighted.get(i)).get(j) + ":0",
                        array.get(0));
                assertEquals("float32", array.get(1));
                float[] want = values.get(j).dup().data().asFloat();
                List<?> have = (List<?>) array.get(2);
                assertEquals(want.length, have.size());
                for (int k = 0; k < want.length; k++) {
                    assertEquals(want[k], ((Number) have.get(k)).floatValue(), 0f, array.get(0).toString());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** @return the layer names, sorted for a Functional model (whose file lists them in Keras's order) */
    private static List<String> names(Model model) {
        List<String> names = model.getLayers().stream().map(Layer::getName).toList();
        return model instanceof Functional ? names.stream().sorted().toList() : names;
    }

    private Path resource(String name) throws Exception {
        Path file = temp.resolve(Path.of(name).getFileName());
        try (InputStream in = KerasSavingTest.class.getResourceAsStream("/keras4j/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static List<String> members(Path zip) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    private static Map<String, Object> json(Path zip, String member) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return ModelFile.json().readValue(file.getInputStream(file.getEntry(member)),
                    new TypeReference<Map<String, Object>>() { });
        }
    }

    private static Map<String, Object> config(Path zip) throws Exception {
        return json(zip, "config.json");
    }

    /** @return the paths of every dataset in a .keras file's weights, sorted */
    private List<String> datasets(Path zip) throws Exception {
        Path weights = Files.createTempFile(temp, "w", ".h5");
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Files.copy(file.getInputStream(file.getEntry("model.weights.h5")), weights,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> out = new ArrayList<>();
        try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(weights)) {
            collect(h5, out);
        }
        Collections.sort(out);
        return out;
    }

    private static void collect(io.jhdf.api.Group group, List<String> out) {
        for (io.jhdf.api.Node node : group) {
            if (node instanceof io.jhdf.api.Group child) {
                collect(child, out);
            } else {
                out.add(node.getPath().replaceFirst("^/+", ""));
            }
        }
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static boolean h5py() {
        try {
            Process p = new ProcessBuilder(python(), "-c", "import h5py").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}

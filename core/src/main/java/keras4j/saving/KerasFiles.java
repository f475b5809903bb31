package keras4j.saving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.internal.ModelFile;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.losses.Loss;
import keras4j.optimizers.Optimizer;

/**
 * Models written by Keras, read into keras4j's own {@link Sequential} and {@link Functional}
 * models with Keras's layer names, settings and weights: a Keras 2 / tf.keras whole-model
 * {@code .h5} ({@code model.save("m.h5")}: the architecture, the weights and, when Keras saved it, the
 * compile settings), or a {@code model.to_json()} file with a {@code model.save_weights("w.h5")}
 * file. HDF5 is read by jHDF, in pure Java. A layer keras4j doesn't have (a {@code Lambda}, a custom
 * layer) is refused with one message naming it.
 *
 * <pre>{@code
 * Model lenet = KerasFiles.load(Path.of("mnist_cnn.h5"));             // or Model.load(path)
 * Model same = KerasFiles.load(Path.of("model.json"), Path.of("weights.h5"));
 * }</pre>
 */
public final class KerasFiles {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasFiles() {
    }

    /** @param path a file @return whether it starts as an HDF5 file does (what Keras's {@code .h5} files are) */
    public static boolean isHdf5(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(HDF5_SIGNATURE.length), HDF5_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** @param path a file @return whether it starts as a JSON object does (a {@code model.to_json()} file) */
    public static boolean isJson(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!Character.isWhitespace(b)) {
                    return b == '{';
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Reads a whole model saved by Keras 2 / tf.keras ({@code model.save("m.h5")}).
     *
     * @param h5 the file
     * @return the model, compiled with Keras's settings when the file has them (else built, to predict)
     * @throws Keras4jException naming the file and what keras4j can't read
     */
    public static Model load(Path h5) {
        try (HdfFile file = new HdfFile(h5)) {
            String config = stringAttribute(file, "model_config");
            if (config == null) {
                throw new Keras4jException("Keras file " + h5 + " holds weights only (no model_config): it was "
                        + "written by save_weights. Load it with the architecture saved by model.to_json(): "
                        + "KerasFiles.load(jsonFile, weightsFile).");
            }
            Model model = architecture(parse(config, h5), h5);
            Node weights = file.getChild("model_weights");
            if (!(weights instanceof Group group)) {
                throw new Keras4jException("Keras file " + h5 + " has a model_config but no model_weights group; "
                        + "it is not a complete model.save() file.");
            }
            setWeights(model, group, h5);
            compile(model, stringAttribute(file, "training_config"), h5);
            return model;
        } catch (Keras4jException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // jHDF's answers to a damaged file (a wrong offset, a huge claimed size, a loop of links)
            throw unreadable(h5, e);
        }
    }

    /**
     * Reads a model from Keras's {@code model.to_json()} and {@code model.save_weights("w.h5")}.
     *
     * @param json    the architecture
     * @param weights the weights
     * @return the model, built with those weights (not compiled: the JSON has no compile settings)
     */
    public static Model load(Path json, Path weights) {
        String config;
        try {
            config = Files.readString(json);
        } catch (IOException e) {
            throw new Keras4jException("Keras architecture file " + json + " can't be read: " + e.getMessage());
        }
        Model model = architecture(parse(config, json), json);
        try (HdfFile file = new HdfFile(weights)) {
            setWeights(model, file, weights);
        } catch (Keras4jException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw unreadable(weights, e);
        }
        return model;
    }

    private static Keras4jException unreadable(Path file, Throwable e) {
        return new Keras4jException("Keras file " + file + " can't be read as HDF5 (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + "); it may be "
                + "truncated or not a Keras file.", e);
    }

    private static String stringAttribute(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        return data instanceof String s ? s : data instanceof String[] a && a.length == 1 ? a[0] : null;
    }

    private static Map<String, Object> parse(String json, Path file) {
        try {
            return ModelFile.json().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new Keras4jException("Keras file " + file + " has an architecture that is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    // ------------------------------------------------------------------------------ architecture

    @SuppressWarnings("unchecked")
    private static Model architecture(Map<String, Object> json, Path file) {
        String className = String.valueOf(json.get("class_name"));
        Object config = json.get("config");
        return switch (className) {
            case "Sequential" -> sequential(config instanceof List<?> list ? (List<Object>) list
                    : (List<Object>) ((Map<String, Object>) config).get("layers"),
                    config instanceof Map<?, ?> m ? (String) m.get("name") : null, file);
            case "Model", "Functional" -> functional((Map<String, Object>) config, file);
            default -> throw new Keras4jException("Keras file " + file + " holds a model of class '" + className
                    + "'; keras4j reads Sequential and Functional (Model) models.");
        };
    }

    @SuppressWarnings("unchecked")
    private static Sequential sequential(List<Object> layers, String name, Path file) {
        Sequential model = new Sequential();
        if (name != null) {
            model.setName(name);
        }
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> entry = (Map<String, Object>) layers.get(i);
            Map<String, Object> config = (Map<String, Object>) entry.get("config");
            String className = (String) entry.get("class_name");
            if (i == 0 && !className.equals("InputLayer")) {
                int[] shape = inputShape(config, file, className);
                model.add(new Input(shape).name(config.get("name") + "_input"));
            }
            model.add(layer(className, config, file));
        }
        return model;
    }

    @SuppressWarnings("unchecked")
    private static Functional functional(Map<String, Object> config, Path file) {
        Map<String, KerasTensor> tensors = new LinkedHashMap<>();
        for (Object item : (List<Object>) config.get("layers")) {
            Map<String, Object> entry = (Map<String, Object>) item;
            String className = (String) entry.get("class_name");
            Map<String, Object> layerConfig = (Map<String, Object>) entry.get("config");
            String name = (String) entry.get("name");
            List<Object> nodes = (List<Object>) entry.get("inbound_nodes");
            if (className.equals("Sequential") || className.equals("Model") || className.equals("Functional")) {
                Model nested = architecture(entry, file);
                tensors.put(name, nested.apply(inbound(nodes, tensors, name, file).toArray(new KerasTensor[0])));
                continue;
            }
            if (nodes != null && nodes.size() > 1) {
                throw new Keras4jException("Keras file " + file + ": layer '" + name + "' (" + className + ") is used "
                        + nodes.size() + " times (a shared layer); keras4j uses a layer at one place only.");
            }
            Layer layer = layer(className, layerConfig, file);
            tensors.put(name, layer instanceof Input input ? input.output()
                    : layer.apply(inbound(nodes, tensors, name, file)));
        }
        List<KerasTensor> inputs = named((List<Object>) config.get("input_layers"), tensors, file);
        List<KerasTensor> outputs = named((List<Object>) config.get("output_layers"), tensors, file);
        Functional model = new Functional(inputs, outputs);
        if (config.get("name") instanceof String name) {
            model.setName(name);
        }
        return model;
    }

    @SuppressWarnings("unchecked")
    private static List<KerasTensor> inbound(List<Object> nodes, Map<String, KerasTensor> tensors, String layer,
                                             Path file) {
        List<KerasTensor> in = new ArrayList<>();
        if (nodes == null || nodes.isEmpty()) {
            return in;
        }
        for (Object connection : (List<Object>) nodes.get(0)) {
            String from = (String) ((List<Object>) connection).get(0);
            KerasTensor tensor = tensors.get(from);
            if (tensor == null) {
                throw new Keras4jException("Keras file " + file + ": layer '" + layer + "' takes from '" + from
                        + "', which no earlier layer is.");
            }
            in.add(tensor);
        }
        return in;
    }

    @SuppressWarnings("unchecked")
    private static List<KerasTensor> named(List<Object> entries, Map<String, KerasTensor> tensors, Path file) {
        List<KerasTensor> out = new ArrayList<>();
        for (Object entry : entries) {
            String name = (String) ((List<Object>) entry).get(0);
            KerasTensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new Keras4jException("Keras file " + file + " names '" + name + "' as an input or output, but "
                        + "has no such layer.");
            }
            out.add(tensor);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static int[] inputShape(Map<String, Object> config, Path file, String className) {
        Object shape = config.get("batch_input_shape");
        if (shape == null) {
            shape = config.get("batch_shape");
        }
        if (!(shape instanceof List<?> dims) || dims.size() < 2) {
            throw new Keras4jException("Keras file " + file + ": the first layer '" + config.get("name") + "' ("
                    + className + ") has no input shape; keras4j needs the model built with an input shape.");
        }
        int[] out = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            if (!(dims.get(i) instanceof Number n)) {
                throw new Keras4jException("Keras file " + file + ": the input of '" + config.get("name") + "' has a "
                        + "dimension of unknown size (" + dims + "); keras4j needs every dimension but the batch.");
            }
            out[i - 1] = n.intValue();
        }
        return out;
    }

    /** The Keras layers keras4j reads, as Keras names them. */
    private static final List<String> SUPPORTED = List.of("InputLayer", "Dense", "Conv2D", "MaxPooling2D",
            "AveragePooling2D", "GlobalAveragePooling2D", "Flatten", "Dropout", "BatchNormalization", "Activation",
            "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate");

    /** @return the keras4j layer of one Keras layer's class and config, named as Keras named it */
    @SuppressWarnings("unchecked")
    static Layer layer(String className, Map<String, Object> keras, Path file) {
        String name = String.valueOf(keras.get("name"));
        String where = "Keras file " + file + ": layer '" + name + "' (" + className + ")";
        if (!SUPPORTED.contains(className)) {
            throw new Keras4jException(where + " is not a layer keras4j has" + (className.equals("Lambda")
                    ? " (a Lambda layer is Python code, which can't be loaded outside Python)" : "") + ". keras4j "
                    + "reads " + String.join(", ", SUPPORTED) + ".");
        }
        Object format = keras.get("data_format");
        if (format != null && !"channels_last".equals(format)) {
            throw new Keras4jException(where + " has data_format '" + format + "'; keras4j reads channels_last "
                    + "models only (save the model from Keras with channels_last).");
        }
        Object dilation = keras.get("dilation_rate");
        if (dilation instanceof List<?> d && d.stream().anyMatch(v -> ((Number) v).intValue() != 1)) {
            throw new Keras4jException(where + " has dilation_rate " + d + "; keras4j's Conv2D has no dilation.");
        }
        if (className.equals("BatchNormalization")) {
            Object axis = keras.get("axis");
            int a = axis instanceof List<?> l && l.size() == 1 ? ((Number) l.get(0)).intValue()
                    : axis instanceof Number n ? n.intValue() : -1;
            if (a != -1 && a != 3 && a != 1) {
                throw new Keras4jException(where + " normalizes axis " + axis + "; keras4j normalizes the last axis.");
            }
            if (Boolean.FALSE.equals(keras.get("center")) || Boolean.FALSE.equals(keras.get("scale"))) {
                throw new Keras4jException(where + " has center or scale off; keras4j's BatchNormalization has both.");
            }
        }
        Map<String, Object> config = new LinkedHashMap<>(keras);
        if (className.equals("InputLayer")) {
            config.put("shape", List.of(Arrays.stream(inputShape(keras, file, className)).boxed().toArray()));
        }
        if (keras.containsKey("kernel_initializer")) {
            config.put("kernel_initializer", initializer(keras.get("kernel_initializer")));
        }
        if (keras.containsKey("kernel_regularizer")) {
            config.put("kernel_regularizer", regularizer(keras.get("kernel_regularizer"), where));
        }
        if (config.containsKey("pool_size") && config.get("strides") == null) {
            config.put("strides", config.get("pool_size"));
        }
        if (className.equals("Concatenate") && config.get("axis") == null) {
            config.put("axis", -1);
        }
        try {
            return Layer.fromConfig(className, config);
        } catch (Keras4jException e) {
            throw new Keras4jException(where + ": " + e.getMessage(), e);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new Keras4jException(where + " has a config keras4j can't read (" + e.getClass().getSimpleName()
                    + "): " + keras, e);
        }
    }

    /** @return keras4j's form of a Keras initializer ({@code GlorotUniform}, {@code VarianceScaling}, ...) */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> initializer(Object keras) {
        String className = keras instanceof Map<?, ?> m ? String.valueOf(m.get("class_name")) : String.valueOf(keras);
        Map<String, Object> config = keras instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c
                ? (Map<String, Object>) c : Map.of();
        String name = switch (className) {
            case "GlorotNormal", "glorot_normal" -> "glorot_normal";
            case "HeNormal", "he_normal" -> "he_normal";
            case "HeUniform", "he_uniform" -> "he_uniform";
            case "Zeros", "zeros" -> "zeros";
            case "Ones", "ones" -> "ones";
            case "RandomNormal", "random_normal" -> "random_normal";
            case "VarianceScaling" -> {
                boolean uniform = "uniform".equals(config.get("distribution"));
                boolean fanIn = "fan_in".equals(config.get("mode"));
                yield fanIn ? (uniform ? "he_uniform" : "he_normal") : uniform ? "glorot_uniform" : "glorot_normal";
            }
            default -> "glorot_uniform";   // the weights are read from the file; this only matters to re-draw them
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", name);
        Map<String, Object> params = new LinkedHashMap<>();
        if (name.equals("random_normal")) {
            params.put("mean", config.getOrDefault("mean", 0.0));
            params.put("stddev", config.getOrDefault("stddev", 0.05));
        }
        out.put("config", params);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> regularizer(Object keras, String where) {
        if (keras == null) {
            return null;
        }
        Map<String, Object> config = keras instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c
                ? (Map<String, Object>) c : null;
        if (config == null) {
            throw new Keras4jException(where + " has a kernel_regularizer keras4j can't read: " + keras + ".");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("l1", config.getOrDefault("l1", 0.0));
        out.put("l2", config.getOrDefault("l2", 0.0));
        return out;
    }

    // ----------------------------------------------------------------------------------- weights

    /** Sets every layer's weights from the groups named after the layers (Keras's {@code weight_names} order). */
    private static void setWeights(Model model, Group root, Path file) {
        for (Layer layer : model.getLayers()) {
            List<INDArray> expected = layer.getWeights();
            Node node = root.getChild(layer.getName());
            if (!(node instanceof Group group)) {
                if (expected.isEmpty()) {
                    continue;
                }
                throw new Keras4jException("Keras file " + file + " has no weights for layer '" + layer.getName()
                        + "', which has " + expected.size() + " weight arrays.");
            }
            String[] weightNames = strings(group.getAttribute("weight_names"));
            if (weightNames.length != expected.size()) {
                throw new Keras4jException("Keras file " + file + " has " + weightNames.length + " weight arrays for "
                        + "layer '" + layer.getName() + "' (" + String.join(", ", weightNames) + "); keras4j's "
                        + layer.getClassName() + " has " + expected.size() + ".");
            }
            List<INDArray> weights = new ArrayList<>();
            for (int i = 0; i < weightNames.length; i++) {
                Node array = group.getByPath(weightNames[i]);
                if (!(array instanceof Dataset dataset)) {
                    throw new Keras4jException("Keras file " + file + " lists weight '" + weightNames[i] + "' of layer '"
                            + layer.getName() + "' but holds no such array.");
                }
                // The shape is checked before anything is read: a damaged header can't make keras4j allocate.
                long[] want = expected.get(i).shape();
                long[] have = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
                if (!Arrays.equals(want, have) && !(want.length == 1 && have.length == 1 && want[0] == have[0])) {
                    throw new Keras4jException("Keras file " + file + ": weight '" + weightNames[i] + "' of layer '"
                            + layer.getName() + "' has shape " + Arrays.toString(have) + ", but the layer's "
                            + "architecture gives it " + Arrays.toString(want) + ".");
                }
                weights.add(array(dataset));
            }
            layer.setWeights(weights);
        }
    }

    /** @return an attribute's strings: none for an empty or absent one (a layer without weights) */
    private static String[] strings(Attribute attribute) {
        Object data = attribute == null ? null : attribute.getData();
        if (data instanceof String[] strings) {
            return strings;
        }
        if (data instanceof String one) {
            return new String[] {one};
        }
        return new String[0];
    }

    private static INDArray array(Dataset dataset) {
        int[] dims = dataset.getDimensions();
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        Object flat = dataset.getDataFlat();
        INDArray values;
        if (flat instanceof float[] f) {
            values = Nd4j.createFromArray(f);
        } else if (flat instanceof double[] d) {
            values = Nd4j.createFromArray(d).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        } else {
            throw new Keras4jException("Keras weight array " + dataset.getPath() + " holds " + dataset.getJavaType()
                    + " values; keras4j reads float and double weights.");
        }
        return shape.length == 0 ? values : values.reshape('c', shape);
    }

    // ----------------------------------------------------------------------------------- compile

    /**
     * Compiles the model with the file's training_config: Keras's optimizer with its settings, the
     * loss and the metrics. A loss or optimizer keras4j doesn't have is refused, naming it; a model
     * compiled with several losses (a dict per output) is left uncompiled.
     */
    @SuppressWarnings("unchecked")
    private static void compile(Model model, String trainingConfig, Path file) {
        if (trainingConfig == null) {
            return;
        }
        Map<String, Object> training = parse(trainingConfig, file);
        Object loss = training.get("loss");
        Map<String, Object> optimizer = (Map<String, Object>) training.get("optimizer_config");
        if (!(loss instanceof String lossName) || optimizer == null) {
            return;   // a loss per output: compile the model in Java
        }
        String where = "Keras file " + file + " was compiled with ";
        if (!Loss.NAMES.contains(lossName)) {
            throw new Keras4jException(where + "the loss '" + lossName + "', which keras4j doesn't have (a custom "
                    + "loss is Python code). keras4j has " + String.join(", ", Loss.NAMES) + ".");
        }
        String optimizerName = String.valueOf(optimizer.get("class_name")).toLowerCase(Locale.ROOT);
        if (!Optimizer.NAMES.contains(optimizerName)) {
            throw new Keras4jException(where + "the optimizer '" + optimizer.get("class_name") + "', which keras4j "
                    + "doesn't have. keras4j has " + String.join(", ", Optimizer.NAMES) + ".");
        }
        // Keras's settings over keras4j's defaults (Keras 2.2 wrote "lr" for the learning rate).
        Map<String, Object> config = new LinkedHashMap<>(Optimizer.get(optimizerName).getConfig());
        Map<String, Object> keras = optimizer.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
        for (String key : List.copyOf(config.keySet())) {
            Object value = keras.get(key.equals("learning_rate") && !keras.containsKey(key) ? "lr" : key);
            if (value != null && !key.equals("name")) {
                config.put(key, value);
            }
        }
        List<String> metrics = new ArrayList<>();
        if (training.get("metrics") instanceof List<?> list) {
            for (Object metric : list) {
                metrics.add(String.valueOf(metric instanceof Map<?, ?> m ? m.get("config") instanceof Map<?, ?> c
                        ? c.get("name") : m.get("class_name") : metric));
            }
        }
        try {
            model.compile(Optimizer.fromConfig(config), Loss.get(lossName), metrics.toArray(new String[0]));
        } catch (Keras4jException e) {
            throw new Keras4jException(where + "settings keras4j can't use: " + e.getMessage(), e);
        }
    }
}

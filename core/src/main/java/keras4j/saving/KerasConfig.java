package keras4j.saving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.graph.Node;
import keras4j.constraints.Constraint;
import keras4j.initializers.Initializer;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.losses.Loss;
import keras4j.metrics.Metric;
import keras4j.optimizers.Optimizer;
import keras4j.regularizers.Regularizer;
import keras4j.training.CompileSettings;

/**
 * Keras's model configs, both ways: the Keras 2 form ({@code model.to_json()}, an {@code .h5}'s
 * {@code model_config}) and the Keras 3 form ({@code config.json} of a {@code .keras} file) read
 * into keras4j models, and keras4j models written in the Keras 3 form.
 *
 * <p>Reading also records the {@link Saveable} tree: Keras 3 files address weights by the order
 * of a model's layers and their class names ({@code layers/dense_1/vars/0}), not by layer name.
 */
final class KerasConfig {
    /** The Keras layers keras4j reads, as Keras names them. */
    static final List<String> SUPPORTED = List.of("InputLayer", "Dense", "Conv2D", "Convolution2D",
            "Conv2DTranspose", "Convolution2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "SeparableConvolution2D",
            "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D", "GlobalAveragePooling2D", "Flatten", "Dropout", "BatchNormalization", "Activation",
            "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "ReLU", "LeakyReLU", "PReLU",
            "ELU", "Softmax", "GlobalMaxPooling2D", "GlobalMaxPool2D", "Reshape", "Permute",
            "RepeatVector", "Conv1D", "Convolution1D", "MaxPooling1D", "MaxPool1D", "AveragePooling1D", "AvgPool1D",
            "GlobalMaxPooling1D", "GlobalMaxPool1D", "GlobalAveragePooling1D", "GlobalAvgPool1D",
            "UpSampling2D", "ZeroPadding2D", "Cropping2D", "UpSampling1D", "ZeroPadding1D", "Cropping1D",
            "SimpleRNN", "LSTM", "Embedding", "GRU", "Bidirectional", "Masking", "TimeDistributed",
            "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
            "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom", "RandomContrast",
            "LayerNormalization", "Rescaling", "Normalization", "Resizing", "CenterCrop");

    /**
     * A model or layer as Keras 3's weights file walks it: a model's layers in Keras's
     * {@code model.layers} order (a Functional model's Inputs included, a Sequential's not).
     *
     * @param className Keras's class name ({@code Dense}, {@code Sequential}, {@code Functional})
     * @param name      the layer's or model's name
     * @param layer     the keras4j layer (null for a model)
     * @param model     the keras4j model (null for a layer)
     * @param layers    a model's layers, in order (empty for a layer)
     */
    record Saveable(String className, String name, Layer layer, Model model, List<Saveable> layers) {
        /** @return Keras's path segment of each layer: its class in snake case, numbered from the second */
        List<String> layerPaths() {
            Map<String, Integer> used = new HashMap<>();
            List<String> paths = new ArrayList<>();
            for (Saveable child : layers) {
                String base = snakeCase(child.className);
                Integer count = used.get(base);
                used.put(base, count == null ? 0 : count + 1);
                paths.add(count == null ? base : base + "_" + (count + 1));
            }
            return paths;
        }
    }

    /** A model read from a config, with its Keras 3 saveable tree. */
    record Read(Model model, Saveable saveable) {
    }

    /** The activation whose definition changed in Keras 3 (slope 1/6, where keras4j and Keras 2 have 0.2). */
    private static final String HARD_SIGMOID = "hard_sigmoid";

    private final Path file;
    /** Whether a model is written in Keras 2's form. */
    private final boolean legacy;
    /** Whether the config read is in Keras 3's form (its objects name their module). */
    private boolean keras3;

    private KerasConfig(Path file, boolean legacy) {
        this.file = file;
        this.legacy = legacy;
    }

    /** @return Keras's {@code naming.to_snake_case}: {@code Conv2D} to {@code conv2d}, {@code InputLayer} to {@code input_layer} */
    static String snakeCase(String className) {
        String name = className.replaceAll("\\W+", "");
        name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------- reading

    /**
     * @param json a serialized model, Keras 2 or Keras 3 form
     * @param file where it came from, for messages
     * @return the keras4j model and its saveable tree
     */
    static Read read(Map<String, Object> json, Path file) {
        return new KerasConfig(file, false).model(json);
    }

    @SuppressWarnings("unchecked")
    private Read model(Map<String, Object> json) {
        keras3 |= json.containsKey("module");
        String className = String.valueOf(json.get("class_name"));
        Object config = json.get("config");
        return switch (className) {
            case "Sequential" -> sequential(config instanceof List<?> list ? (List<Object>) list
                    : (List<Object>) map(config, "the Sequential model's config").get("layers"),
                    config instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), json);
            case "Model", "Functional" -> functional(map(config, "the model's config"));
            default -> throw new Keras4jException("Keras file " + file + " holds a model of class '" + className
                    + "'" + (json.get("registered_name") != null || json.get("module") != null
                    && !String.valueOf(json.get("module")).startsWith("keras") ? " (a subclassed model: Python code)" : "")
                    + "; keras4j reads Sequential and Functional (keras.Model(inputs, outputs)) models.");
        };
    }

    @SuppressWarnings("unchecked")
    private Read sequential(List<Object> entries, Map<String, Object> config, Map<String, Object> json) {
        if (entries == null || entries.isEmpty()) {
            throw new Keras4jException("Keras file " + file + " holds a Sequential model without layers.");
        }
        Sequential model = new Sequential();
        if (config.get("name") instanceof String name) {
            model.setName(name);
        }
        List<Saveable> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = map(entries.get(i), "a layer entry");
            String className = String.valueOf(entry.get("class_name"));
            Map<String, Object> layerConfig = map(entry.get("config"), "the config of layer " + i);
            if (i == 0 && !className.equals("InputLayer")) {
                // Keras 2 puts the input shape on the first layer; Keras 3 on the model or the layer's build_config.
                Object shape = layerConfig.get("batch_input_shape");
                if (shape == null) {
                    shape = config.get("build_input_shape");
                }
                if (shape == null && entry.get("build_config") instanceof Map<?, ?> build) {
                    shape = build.get("input_shape");
                }
                if (shape == null && json.get("build_config") instanceof Map<?, ?> build) {
                    shape = build.get("input_shape");
                }
                model.add(new Input(shape(shape, layerConfig.get("name"), className))
                        .name(layerConfig.get("name") + "_input"));
            }
            if (isModel(className)) {
                throw new Keras4jException("Keras file " + file + ": the Sequential model nests model '"
                        + layerConfig.get("name") + "'; keras4j nests models in Functional models only.");
            }
            Layer layer = layer(className, layerConfig);
            model.add(layer);
            if (!(layer instanceof Input)) {
                layers.add(new Saveable(className, layer.getName(), layer, null, List.of()));
            }
        }
        return new Read(model, new Saveable("Sequential", model.getName(), null, model, layers));
    }

    private static boolean isModel(String className) {
        return className.equals("Sequential") || className.equals("Model") || className.equals("Functional");
    }

    @SuppressWarnings("unchecked")
    private Read functional(Map<String, Object> config) {
        Map<String, List<KerasTensor>> tensors = new LinkedHashMap<>();
        List<Saveable> layers = new ArrayList<>();
        Object entries = config.get("layers");
        if (!(entries instanceof List<?> list)) {
            throw new Keras4jException("Keras file " + file + " holds a Functional model without a list of layers.");
        }
        for (Object item : list) {
            Map<String, Object> entry = map(item, "a layer entry");
            String className = String.valueOf(entry.get("class_name"));
            Map<String, Object> layerConfig = map(entry.get("config"), "the config of a layer");
            String name = String.valueOf(entry.get("name") != null ? entry.get("name") : layerConfig.get("name"));
            List<KerasTensor> inbound = inbound(entry.get("inbound_nodes"), tensors, name, className);
            if (isModel(className)) {
                Read nested = model(entry);
                tensors.put(name, List.of(nested.model().apply(inbound.toArray(new KerasTensor[0]))));
                layers.add(nested.saveable());
                continue;
            }
            Layer layer = layer(className, layerConfig);
            tensors.put(name, layer instanceof Input input ? List.of(input.output()) : layer.applyAll(inbound));
            layers.add(new Saveable(className, name, layer, null, List.of()));
        }
        List<KerasTensor> inputs = named(config.get("input_layers"), tensors);
        List<KerasTensor> outputs = named(config.get("output_layers"), tensors);
        Functional model = new Functional(inputs, outputs);
        if (config.get("name") instanceof String name) {
            model.setName(name);
        }
        return new Read(model, new Saveable("Functional", model.getName(), null, model, layers));
    }

    /**
     * @return the tensors a layer takes, from Keras 2's {@code [[["dense", 0, 0, {}], ...]]} or Keras
     *         3's {@code [{"args": [{"class_name": "__keras_tensor__", ...}], "kwargs": {}}]}
     */
    @SuppressWarnings("unchecked")
    private List<KerasTensor> inbound(Object nodes, Map<String, List<KerasTensor>> tensors, String layer,
                                      String className) {
        List<KerasTensor> in = new ArrayList<>();
        if (!(nodes instanceof List<?> list) || list.isEmpty()) {
            return in;
        }
        if (list.size() > 1) {
            throw new Keras4jException("Keras file " + file + ": layer '" + layer + "' (" + className + ") is used "
                    + list.size() + " times (a shared layer); keras4j uses a layer at one place only.");
        }
        List<List<?>> histories = new ArrayList<>();
        Object node = list.get(0);
        if (node instanceof Map<?, ?> call) {
            collectHistory(call.get("args"), histories);
            if (call.get("kwargs") instanceof Map<?, ?> kwargs) {   // a recurrent layer's states to start from
                collectHistory(kwargs.get("initial_state"), histories);
            }
        } else if (node instanceof List<?> connections) {
            for (Object connection : connections) {
                histories.add((List<Object>) connection);
            }
        }
        for (List<?> history : histories) {
            in.add(tensor(history, tensors, "layer '" + layer + "' takes from"));
        }
        return in;
    }

    /**
     * @param history Keras's {@code [layer, node_index, tensor_index]} (Keras 2's with its kwargs after)
     * @param what    what names it, for the message
     * @return the tensor it names: the layer's output, or one of its states (tensor_index 1, 2)
     */
    private KerasTensor tensor(List<?> history, Map<String, List<KerasTensor>> tensors, String what) {
        String from = history.isEmpty() ? null : String.valueOf(history.get(0));
        List<KerasTensor> outputs = tensors.get(from);
        if (outputs == null) {
            throw new Keras4jException("Keras file " + file + ": " + what + " '" + from + "', which no earlier layer "
                    + "is.");
        }
        int index = history.size() > 2 && history.get(2) instanceof Number n ? n.intValue() : 0;
        if (index < 0 || index >= outputs.size()) {
            throw new Keras4jException("Keras file " + file + ": " + what + " output " + index + " of '" + from
                    + "', which has " + outputs.size() + " output(s).");
        }
        return outputs.get(index);
    }

    /** Adds the keras_history of every {@code __keras_tensor__} in a Keras 3 call's arguments, in order. */
    private static void collectHistory(Object args, List<List<?>> histories) {
        if (args instanceof List<?> list) {
            for (Object arg : list) {
                collectHistory(arg, histories);
            }
        } else if (args instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))
                && m.get("config") instanceof Map<?, ?> c && c.get("keras_history") instanceof List<?> history) {
            histories.add(history);
        }
    }

    /** @return the tensors named by {@code input_layers} / {@code output_layers}: one triple, a list or a dict of them */
    private List<KerasTensor> named(Object entries, Map<String, List<KerasTensor>> tensors) {
        List<Object> triples = new ArrayList<>();
        if (entries instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
            triples.add(list);
        } else if (entries instanceof List<?> list) {
            triples.addAll(list);
        } else if (entries instanceof Map<?, ?> m) {
            triples.addAll(m.values());
        }
        List<KerasTensor> out = new ArrayList<>();
        for (Object entry : triples) {
            List<?> triple = entry instanceof List<?> list ? list : List.of();
            String name = triple.isEmpty() ? null : String.valueOf(triple.get(0));
            if (!tensors.containsKey(name)) {
                throw new Keras4jException("Keras file " + file + " names '" + name + "' as an input or output, but "
                        + "has no such layer.");
            }
            out.add(tensor(triple, tensors, "an input or output names"));
        }
        if (out.isEmpty()) {
            throw new Keras4jException("Keras file " + file + " holds a Functional model without inputs or outputs.");
        }
        return out;
    }

    private int[] shape(Object shape, Object layerName, String className) {
        if (!(shape instanceof List<?> dims) || dims.size() < 2) {
            throw new Keras4jException("Keras file " + file + ": the first layer '" + layerName + "' (" + className
                    + ") has no input shape; keras4j needs the model built with an input shape.");
        }
        int[] out = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            if (!(dims.get(i) instanceof Number n) || n.intValue() <= 0) {
                throw new Keras4jException("Keras file " + file + ": the input of '" + layerName + "' has a "
                        + "dimension of unknown size (" + dims + "); keras4j needs every dimension but the batch.");
            }
            out[i - 1] = n.intValue();
        }
        return out;
    }

    /** @return the keras4j layer of one Keras layer's class and config, named as Keras named it */
    private Layer layer(String className, Map<String, Object> keras) {
        String name = String.valueOf(keras.get("name"));
        String where = "Keras file " + file + ": layer '" + name + "' (" + className + ")";
        if (!SUPPORTED.contains(className)) {
            throw new Keras4jException(where + " is not a layer keras4j has" + (className.equals("Lambda")
                    ? " (a Lambda layer is Python code, which can't be loaded outside Python)" : "") + ". keras4j "
                    + "reads " + String.join(", ", SUPPORTED) + ".");
        }
        if (className.equals("Bidirectional") || className.equals("TimeDistributed")) {
            return wrapper(className, keras, where);
        }
        Object format = keras.get("data_format");
        if (format != null && !"channels_last".equals(format)) {
            throw new Keras4jException(where + " has data_format '" + format + "'; keras4j reads channels_last "
                    + "models only (save the model from Keras with channels_last).");
        }
        if (keras.get("groups") instanceof Number groups && groups.intValue() != 1) {
            throw new Keras4jException(where + " has groups=" + groups + "; keras4j's Conv2D has no grouped "
                    + "convolution.");
        }
        if (Boolean.TRUE.equals(keras.get("keepdims"))) {
            throw new Keras4jException(where + " has keepdims=True; keras4j's global pooling layers drop the "
                    + "spatial axes.");
        }
        if (keras3 && HARD_SIGMOID.equals(keras.get("recurrent_activation"))) {
            throw new Keras4jException(where + " uses Keras 3's hard_sigmoid (slope 1/6) as recurrent_activation; "
                    + "keras4j's is Keras 2's (slope 0.2), so the model would predict differently. Use sigmoid.");
        }
        if (keras3 && HARD_SIGMOID.equals(keras.get("activation"))) {
            throw new Keras4jException(where + " uses Keras 3's hard_sigmoid (slope 1/6); keras4j's is Keras 2's "
                    + "(slope 0.2), so the model would predict differently. Use another activation.");
        }
        if (keras.get("activation") instanceof Map<?, ?> custom) {
            throw new Keras4jException(where + " has the activation " + custom.get("class_name") + " "
                    + custom.get("config") + ", which is not one keras4j has (a custom activation is Python code).");
        }
        if (className.equals("BatchNormalization")) {
            Object axis = keras.get("axis");
            int a = axis instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Number n ? n.intValue()
                    : axis instanceof Number n ? n.intValue() : -1;
            if (a != -1 && a != 3 && a != 1) {
                throw new Keras4jException(where + " normalizes axis " + axis + "; keras4j normalizes the last axis.");
            }
            if (Boolean.FALSE.equals(keras.get("center")) || Boolean.FALSE.equals(keras.get("scale"))) {
                throw new Keras4jException(where + " has center or scale off; keras4j's BatchNormalization has both.");
            }
            if (Boolean.TRUE.equals(keras.get("renorm"))) {
                throw new Keras4jException(where + " uses batch renormalization, which keras4j doesn't have.");
            }
        }
        Map<String, Object> config = new LinkedHashMap<>(keras);
        if (className.equals("InputLayer")) {
            Object shape = keras.get("batch_input_shape") != null ? keras.get("batch_input_shape")
                    : keras.get("batch_shape");
            config.put("shape", List.of(Arrays.stream(shape(shape, name, className)).boxed().toArray()));
        }
        for (String key : List.of("kernel_initializer", "depthwise_initializer", "pointwise_initializer")) {
            if (keras.containsKey(key)) {
                config.put(key, initializer(keras.get(key)));
            }
        }
        if (keras.get("bias_initializer") != null) {
            Map<String, Object> bias = initializer(keras.get("bias_initializer"));
            // A random bias initializer only matters to re-draw the weights read from the file.
            config.put("bias_initializer", Initializer.fromConfig(bias).isConstant() ? bias
                    : Initializer.zeros().getConfig());
        }
        if (keras.containsKey("alpha_initializer")) {
            config.put("alpha_initializer", initializer(keras.get("alpha_initializer")));
        }
        if (keras.containsKey("recurrent_initializer")) {
            config.put("recurrent_initializer", initializer(keras.get("recurrent_initializer")));
        }
        for (String key : List.of("beta_initializer", "gamma_initializer")) {
            if (className.equals("LayerNormalization") && keras.containsKey(key)) {
                config.put(key, initializer(keras.get(key)));
            }
        }
        for (String key : List.of("kernel_regularizer", "depthwise_regularizer", "pointwise_regularizer",
                "bias_regularizer", "activity_regularizer")) {
            if (keras.containsKey(key)) {
                config.put(key, regularizer(keras.get(key), where, key));
            }
        }
        for (String key : List.of("kernel_constraint", "depthwise_constraint", "pointwise_constraint",
                "bias_constraint")) {
            if (keras.get(key) instanceof Map<?, ?> constraint) {
                config.put(key, constraint(constraint, where, key));
            }
        }
        if (config.containsKey("pool_size") && config.get("strides") == null) {
            config.put("strides", config.get("pool_size"));
        }
        if (!keras3 && className.equals("RandomContrast") && keras.get("factor") instanceof Number f) {
            // Keras 2's one factor f draws in [1 - f, 1 + f], Keras 3's in [1, 1 + f]
            config.put("factor", List.of(f, f));
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

    /**
     * @return a Bidirectional or TimeDistributed, its wrapped layers read as Keras layers (a
     *         Bidirectional's backward one without its go_backwards)
     */
    @SuppressWarnings("unchecked")
    private Layer wrapper(String className, Map<String, Object> keras, String where) {
        Map<String, Object> config = new LinkedHashMap<>(keras);
        for (String key : List.of("layer", "backward_layer")) {
            Object entry = keras.get(key);
            if (entry == null) {
                continue;
            }
            if (!(entry instanceof Map<?, ?> m) || !(m.get("class_name") instanceof String wrapped)
                    || !(m.get("config") instanceof Map<?, ?> inner)) {
                throw new Keras4jException(where + " has a `" + key + "` that is not a layer's class_name and config: "
                        + entry);
            }
            Map<String, Object> innerConfig = new LinkedHashMap<>((Map<String, Object>) inner);
            if (key.equals("backward_layer")) {
                innerConfig.remove("go_backwards");
            }
            Layer layer = layer(wrapped, innerConfig);
            Map<String, Object> own = new LinkedHashMap<>();
            own.put("class_name", layer.getClassName());
            own.put("config", layer.getConfig());
            config.put(key, own);
        }
        try {
            return Layer.fromConfig(className, config);
        } catch (Keras4jException e) {
            throw new Keras4jException(where + ": " + e.getMessage(), e);
        }
    }

    /** @return keras4j's form of a Keras initializer ({@code GlorotUniform}, {@code VarianceScaling}, ...) */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> initializer(Object keras) {
        String className = keras instanceof Map<?, ?> m ? String.valueOf(m.get("class_name")) : String.valueOf(keras);
        Map<String, Object> config = keras instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c
                ? new LinkedHashMap<>((Map<String, Object>) c) : new LinkedHashMap<>();
        if (!(config.get("seed") instanceof Number)) {
            config.remove("seed");   // Keras 3's SeedGenerator: keras4j's seeds are integers
        }
        if (config.get("value") instanceof List<?> || config.get("value") instanceof Map<?, ?>) {
            config.remove("value");  // a Constant of an array: the weights are read from the file
        }
        if (!Initializer.NAMES.contains(canonical(className))) {
            // the weights are read from the file; this only matters to re-draw them
            return Initializer.glorotUniform().getConfig();
        }
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("class_name", className);
        own.put("config", config);
        return Initializer.fromConfig(own).getConfig();
    }

    /** @return keras4j's name of a Keras initializer class, or null when keras4j has none */
    private static String canonical(String className) {
        try {
            return Initializer.get(className).getName();
        } catch (Keras4jException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> regularizer(Object keras, String where, String key) {
        if (keras == null) {
            return null;
        }
        Map<String, Object> config = keras instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c
                ? (Map<String, Object>) c : null;
        if (config == null) {
            throw new Keras4jException(where + " has a " + key + " keras4j can't read: " + keras + ".");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("l1", config.getOrDefault("l1", 0.0));
        out.put("l2", config.getOrDefault("l2", 0.0));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> constraint(Map<?, ?> keras, String where, String key) {
        try {
            return Constraint.fromConfig((Map<String, Object>) keras).getConfig();
        } catch (Keras4jException e) {
            throw new Keras4jException(where + " has a " + key + " keras4j can't read (" + e.getMessage() + ").", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new Keras4jException("Keras file " + file + ": " + what + " is not a JSON object (" + value + ").");
        }
        return (Map<String, Object>) value;
    }

    // ------------------------------------------------------------------------------- compile

    /**
     * Compiles a model with Keras's compile settings: a Keras 2 {@code training_config} or a Keras 3
     * {@code compile_config}. A loss or optimizer keras4j doesn't have is refused, naming it; a model
     * compiled with a loss per output is compiled one loss per output when every one is known. A model
     * with an output that is not one vector per sample (a Conv1D's sequence, scored per step by Keras)
     * stays uncompiled: keras4j's losses score vectors; it predicts as Keras did.
     *
     * @param model    the model read
     * @param training the settings (null or empty: the model stays uncompiled)
     * @param file     where they came from
     */
    @SuppressWarnings("unchecked")
    static void compile(Model model, Map<String, Object> training, Path file) {
        if (training == null || training.isEmpty()
                || model.getOutputShapes().stream().anyMatch(shape -> shape.length != 1)) {
            return;
        }
        String where = "Keras file " + file + " was compiled with ";
        Object optimizerJson = training.containsKey("optimizer_config") ? training.get("optimizer_config")
                : training.get("optimizer");
        Optimizer optimizer = optimizer(optimizerJson, where);
        Object loss = training.get("loss");
        if (optimizer == null || loss == null) {
            return;
        }
        try {
            List<Metric> metrics = new ArrayList<>();
            if (training.get("metrics") instanceof List<?> list) {
                for (Object metric : list) {
                    metrics.add(metric(metric));
                }
            }
            if (loss instanceof Map<?, ?> perOutput && !perOutput.containsKey("class_name")) {
                Map<String, Loss> losses = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : perOutput.entrySet()) {
                    losses.put(String.valueOf(e.getKey()), loss(e.getValue(), where));
                }
                Map<String, Double> weights = null;
                if (training.get("loss_weights") instanceof Map<?, ?> w) {
                    weights = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : w.entrySet()) {
                        weights.put(String.valueOf(e.getKey()), ((Number) e.getValue()).doubleValue());
                    }
                }
                Map<String, List<Metric>> byOutput = new LinkedHashMap<>();
                if (training.get("metrics") instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        List<Metric> names = new ArrayList<>();
                        for (Object metric : e.getValue() instanceof List<?> l ? l : List.of(e.getValue())) {
                            names.add(metric(metric));
                        }
                        byOutput.put(String.valueOf(e.getKey()), names);
                    }
                }
                model.compile(optimizer, losses, weights, byOutput);
            } else {
                model.compile(optimizer, loss(loss, where), metrics);
            }
        } catch (Keras4jException e) {
            throw new Keras4jException(where + "settings keras4j can't use: " + e.getMessage(), e);
        }
    }

    /** @return a metric: a name, or a serialized Metric object (its config read), else its name */
    @SuppressWarnings("unchecked")
    private static Metric metric(Object json) {
        if (json instanceof Map<?, ?> m && Metric.CLASS_NAMES.contains(String.valueOf(m.get("class_name")))) {
            return Metric.fromConfig(String.valueOf(m.get("class_name")),
                    m.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : null);
        }
        return Metric.get(name(json));
    }

    /** @return a metric's, loss's or optimizer's name: a string, or a serialized object's config name or class */
    private static String name(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String name) {
                return name;
            }
            return snakeCase(String.valueOf(m.get("class_name")));
        }
        return String.valueOf(value);
    }

    /** @return a loss given as a string, a serialized function or a serialized Loss object (its config read) */
    @SuppressWarnings("unchecked")
    private static Loss loss(Object json, String where) {
        if (json instanceof Map<?, ?> m && !"function".equals(m.get("class_name"))) {
            String className = String.valueOf(m.get("class_name"));
            if (Loss.CLASS_NAMES.contains(className)) {
                return Loss.fromKeras(className, m.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : null);
            }
            json = snakeCase(className);
        }
        String name = json instanceof Map<?, ?> m ? String.valueOf(m.get("config")) : String.valueOf(json);
        if (!Loss.NAMES.contains(keras4j.internal.Names.normalize(name))) {
            throw new Keras4jException(where + "the loss '" + name + "', which keras4j doesn't have (a custom "
                    + "loss is Python code). keras4j has " + String.join(", ", Loss.NAMES) + ".");
        }
        return Loss.get(name);
    }

    /** @return Keras's optimizer with its settings over keras4j's defaults (Keras 2.2 wrote "lr") */
    @SuppressWarnings("unchecked")
    private static Optimizer optimizer(Object json, String where) {
        if (json == null) {
            return null;
        }
        String className = json instanceof Map<?, ?> m ? String.valueOf(m.get("class_name")) : String.valueOf(json);
        String name = className.toLowerCase(Locale.ROOT);
        if (!Optimizer.NAMES.contains(name)) {
            throw new Keras4jException(where + "the optimizer '" + className + "', which keras4j doesn't have. "
                    + "keras4j has " + String.join(", ", Optimizer.NAMES) + ".");
        }
        Map<String, Object> config = new LinkedHashMap<>(Optimizer.get(name).getConfig());
        Map<String, Object> keras = json instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c
                ? (Map<String, Object>) c : Map.of();
        List<String> keys = new ArrayList<>(config.keySet());
        keys.addAll(List.of("weight_decay", "clipnorm", "global_clipnorm", "clipvalue"));
        for (String key : keys) {
            Object value = keras.get(key.equals("learning_rate") && !keras.containsKey(key) ? "lr" : key);
            if (value instanceof Number || value instanceof Boolean
                    || key.equals("learning_rate") && value instanceof Map) {   // a schedule, serialized
                config.put(key, value);
            }
        }
        try {
            return Optimizer.fromConfig(config);
        } catch (Keras4jException e) {
            throw new Keras4jException(where + "settings keras4j can't use: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------- writing

    /**
     * A model serialized as Keras writes it.
     *
     * @param config   the model's config: Keras 3's {@code config.json}, or Keras 2's {@code model_config}
     * @param training Keras 2's {@code training_config} (null when not compiled, and in Keras 3's
     *                 form, where {@code compile_config} is inside the config)
     * @param saveable the model's tree, in Keras's order
     */
    record Written(Map<String, Object> config, Map<String, Object> training, Saveable saveable) {
    }

    /**
     * @param model  a keras4j model
     * @param legacy Keras 2's form (an {@code .h5} file's {@code model_config}) instead of Keras 3's
     * @return its serialization and its saveable tree
     */
    static Written write(Model model, boolean legacy) {
        Map<String, Object> json = new LinkedHashMap<>();
        Saveable saveable = new KerasConfig(null, legacy).serialize(model, json);
        Map<String, Object> compile = model.isCompiled() ? new KerasConfig(null, legacy).compileConfig(model) : null;
        if (!legacy) {
            json.put("compile_config", compile == null ? Map.of() : compile);
        }
        return new Written(json, legacy ? compile : null, saveable);
    }

    /** Fills {@code json} with the model's serialization (without compile_config) and returns its tree. */
    private Saveable serialize(Model model, Map<String, Object> json) {
        boolean sequential = model instanceof Sequential;
        if (!legacy) {
            json.put("module", sequential ? "keras" : "keras.src.models.functional");
        }
        json.put("class_name", sequential ? "Sequential" : "Functional");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.getName());
        if (!legacy) {
            config.put("trainable", true);
            if (sequential) {
                config.put("dtype", "float32");
            }
        }
        List<Object> layers = new ArrayList<>();
        List<Saveable> saveables = new ArrayList<>();
        for (Node node : sequential ? model.getGraph().getNodes() : kerasOrder(model.getGraph())) {
            Map<String, Object> entry;
            Saveable saveable;
            if (node.getModel() != null) {
                if (legacy) {
                    throw new Keras4jException("Model '" + model.getName() + "' nests model '" + node.getName()
                            + "'; keras4j writes nested models to .keras files only. Save it as .keras.");
                }
                entry = new LinkedHashMap<>();
                saveable = serialize(node.getModel(), entry);
            } else {
                entry = layer(node);
                saveable = new Saveable(className(node.getLayer()), node.getName(), node.getLayer(), null, List.of());
            }
            if (!sequential) {
                entry.put("name", node.getName());
                entry.put("inbound_nodes", inboundNodes(node));
            }
            layers.add(entry);
            if (!sequential || !node.isInput()) {
                saveables.add(saveable);
            }
        }
        config.put("layers", layers);
        if (sequential && !legacy) {
            config.put("build_input_shape", batchShape(model.getInputShapes().get(0)));
        } else if (!sequential) {
            config.put("input_layers", tensorList(model.getGraph().getInputs().stream().map(Node::getOutput).toList()));
            config.put("output_layers", tensorList(model.getGraph().getOutputTensors()));
        }
        json.put("config", config);
        if (!legacy) {
            json.put("registered_name", sequential ? null : "Functional");
            if (sequential) {
                json.put("build_config", Map.of("input_shape", batchShape(model.getInputShapes().get(0))));
            }
        }
        return new Saveable(sequential ? "Sequential" : "Functional", model.getName(), null, model, saveables);
    }

    /**
     * @return a Functional model's nodes in the order Keras gives its operations, which is the order
     *         of {@code model.layers}, of the weight paths ({@code dense}, {@code dense_1}, ...) and of
     *         a Keras 2 file's {@code layer_names}: from the inputs by decreasing depth (the longest
     *         path to an output), ties in the order a depth-first walk from the outputs first meets
     *         them (Keras's {@code map_graph}). Keras recomputes this order when it loads a file, so
     *         a file written in another order would put weights at paths Keras reads for other layers.
     */
    static List<Node> kerasOrder(keras4j.graph.LayerGraph graph) {
        Map<Node, Integer> index = new java.util.IdentityHashMap<>();
        List<Node> postOrder = new ArrayList<>();
        java.util.Set<Node> finished = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Node output : graph.getOutputs()) {
            walk(output, index, postOrder, finished);
        }
        Map<Node, Integer> depth = new java.util.IdentityHashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            Node node = postOrder.get(i);
            int d = depth.getOrDefault(node, 0);
            depth.put(node, d);
            for (KerasTensor input : node.getInputs()) {
                depth.merge(input.getNode(), d + 1, Math::max);
            }
        }
        for (Node input : graph.getInputs()) {
            if (!depth.containsKey(input)) {   // an input no output uses
                depth.put(input, 0);
                index.put(input, -1);
            }
        }
        List<Node> order = new ArrayList<>(depth.keySet());
        order.sort(java.util.Comparator.<Node>comparingInt(depth::get).reversed().thenComparingInt(index::get));
        return order;
    }

    private static void walk(Node node, Map<Node, Integer> index, List<Node> postOrder, java.util.Set<Node> finished) {
        if (finished.contains(node)) {
            return;
        }
        index.putIfAbsent(node, index.size());
        for (KerasTensor input : node.getInputs()) {
            walk(input.getNode(), index, postOrder, finished);
        }
        finished.add(node);
        postOrder.add(node);
    }

    private List<Object> tensorList(List<KerasTensor> tensors) {
        List<Object> out = new ArrayList<>();
        for (KerasTensor tensor : tensors) {
            out.add(history(tensor));
        }
        return tensors.size() == 1 && !legacy ? List.copyOf((List<?>) out.get(0)) : out;
    }

    /** @return Keras's {@code keras_history} of a tensor: {@code [layer, node_index, tensor_index]} */
    private static List<Object> history(KerasTensor tensor) {
        return List.of(tensor.getName(), nodeIndex(tensor.getNode()), tensor.getIndex());
    }

    /**
     * @return Keras's index of the call that makes a node's output: 1 for a nested Functional model
     *         (Keras counts the model's own graph as its first node), 0 for anything else
     */
    private static int nodeIndex(Node node) {
        return node.getModel() instanceof Functional ? 1 : 0;
    }

    private List<Object> inboundNodes(Node node) {
        if (node.isInput()) {
            return List.of();
        }
        List<Object> tensors = new ArrayList<>();
        if (legacy) {   // Keras 2: [[["dense", 0, 0, {}], ...]], a recurrent layer's initial states after its input
            for (KerasTensor input : node.getInputs()) {
                List<Object> connection = new ArrayList<>(history(input));
                connection.add(Map.of());
                tensors.add(connection);
            }
            return List.of(tensors);
        }
        for (KerasTensor input : node.getInputs()) {
            Map<String, Object> tensorConfig = new LinkedHashMap<>();
            tensorConfig.put("shape", batchShape(input.getShape()));
            tensorConfig.put("dtype", "float32");
            tensorConfig.put("keras_history", history(input));
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("class_name", "__keras_tensor__");
            tensor.put("config", tensorConfig);
            tensors.add(tensor);
        }
        boolean merge = node.getLayer() instanceof keras4j.layers.Merge;
        Map<String, Object> call = new LinkedHashMap<>();
        if (node.getLayer() instanceof keras4j.layers.Recurrent && tensors.size() > 1) {
            call.put("args", tensors.subList(0, 1));
            call.put("kwargs", Map.of("initial_state", tensors.subList(1, tensors.size())));
        } else {
            call.put("args", merge ? List.of(tensors) : tensors);
            call.put("kwargs", Map.of());
        }
        return List.of(call);
    }

    /** @return Keras's names of a layer's weights, in its order ({@code kernel}, {@code bias}; {@code gamma}, ...) */
    static List<String> weightNames(Layer layer) {
        if (layer instanceof keras4j.layers.Normalization) {
            return List.of("mean", "variance", "count").subList(0, layer.getWeights().size());
        }
        if (layer instanceof keras4j.layers.LayerNormalization norm) {
            return (norm.isScale() ? norm.isCenter() ? List.of("gamma", "beta") : List.of("gamma")
                    : norm.isCenter() ? List.of("beta") : List.<String>of());
        }
        if (layer instanceof keras4j.layers.Bidirectional bi) {
            List<String> names = new ArrayList<>();
            int each = layer.getWeights().size() / 2;
            for (String side : List.of("forward_", "backward_")) {
                for (String name : List.of("kernel", "recurrent_kernel", "bias").subList(0, each)) {
                    names.add(side + name);
                }
            }
            return names;
        }
        List<String> names = layer.getClassName().equals("BatchNormalization")
                ? List.of("gamma", "beta", "moving_mean", "moving_variance")
                : layer.getClassName().equals("PReLU") ? List.of("alpha")
                : isRecurrent(layer) ? List.of("kernel", "recurrent_kernel", "bias")
                : layer.getClassName().equals("DepthwiseConv2D") ? List.of("depthwise_kernel", "bias")
                : layer.getClassName().equals("SeparableConv2D") ? List.of("depthwise_kernel", "pointwise_kernel", "bias")
                : List.of("kernel", "bias");
        return names.subList(0, layer.getWeights().size());
    }

    /** @return whether Keras 3 keeps the layer's variables in its {@code cell} (SimpleRNN, LSTM, GRU) */
    static boolean isRecurrent(Layer layer) {
        return layer instanceof keras4j.layers.Recurrent;
    }

    /**
     * @return where Keras 3 keeps a layer's variables, below its group: {@code ""} (its {@code vars}),
     *         a recurrent layer's {@code cell}, a TimeDistributed's {@code layer}, or a
     *         Bidirectional's two layers' cells (each holds half of the layer's weights, the forward
     *         layer's first)
     */
    static List<String> variableGroups(Layer layer) {
        if (layer instanceof keras4j.layers.Bidirectional) {
            return List.of("forward_layer/cell", "backward_layer/cell");
        }
        if (layer instanceof keras4j.layers.TimeDistributed) {
            return List.of("layer");
        }
        return List.of(isRecurrent(layer) ? "cell" : "");
    }

    /** @return how many of a layer's weights are trained (Keras's trainable_weights): none when frozen; BatchNormalization's gamma and beta */
    static int trainableWeights(Layer layer) {
        if (!layer.isTrainable()) {
            return 0;
        }
        if (layer instanceof keras4j.layers.Normalization) {
            return 0;   // its mean, variance and count are statistics
        }
        return layer.getClassName().equals("BatchNormalization") ? 2 : layer.getWeights().size();
    }

    private static String className(Layer layer) {
        return layer instanceof Input ? "InputLayer" : layer.getClassName();
    }

    /**
     * @return one layer's entry: Keras 3's module, class_name, config (Keras's keys),
     *         registered_name and build_config, or Keras 2's class_name and config
     */
    private Map<String, Object> layer(Node node) {
        Layer layer = node.getLayer();
        Map<String, Object> own = layer.getConfig();
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> entry = new LinkedHashMap<>();
        if (!legacy) {
            entry.put("module", "keras.layers");
        }
        entry.put("class_name", className(layer));
        entry.put("config", config);
        if (!legacy) {
            entry.put("registered_name", null);
        }
        if (layer instanceof Input) {
            config.put(legacy ? "batch_input_shape" : "batch_shape", batchShape(node.getOutput().getShape()));
            config.put("dtype", "float32");
            config.put("sparse", false);
            if (legacy) {
                config.put("ragged", false);
            }
            config.put("name", node.getName());
            return entry;
        }
        if (!legacy && (HARD_SIGMOID.equals(own.get("activation"))
                || HARD_SIGMOID.equals(own.get("recurrent_activation")))) {
            throw new Keras4jException("Layer '" + node.getName() + "' uses hard_sigmoid, which Keras 3 defines with "
                    + "slope 1/6 (keras4j, like Keras 2, with 0.2): in a .keras file it would predict differently. "
                    + "Save it as .h5 for Keras 2, or use another activation.");
        }
        config.put("name", node.getName());
        config.put("trainable", layer.isTrainable());
        config.put("dtype", "float32");
        switch (layer.getClassName()) {
            case "Dense" -> {
                config.put("units", own.get("units"));
                config.put("activation", own.get("activation"));
                config.put("use_bias", own.get("use_bias"));
                kernel(config, own);
            }
            case "Conv2D" -> {
                config.put("filters", own.get("filters"));
                config.put("kernel_size", own.get("kernel_size"));
                config.put("strides", own.get("strides"));
                config.put("padding", own.get("padding"));
                config.put("data_format", "channels_last");
                config.put("dilation_rate", own.get("dilation_rate"));
                config.put("groups", 1);
                config.put("activation", own.get("activation"));
                config.put("use_bias", own.get("use_bias"));
                kernel(config, own);
            }
            case "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D" -> {
                boolean depthwise = !layer.getClassName().equals("Conv2DTranspose");
                if (depthwise) {
                    config.put("depth_multiplier", own.get("depth_multiplier"));
                }
                if (own.containsKey("filters")) {
                    config.put("filters", own.get("filters"));
                }
                config.put("kernel_size", own.get("kernel_size"));
                config.put("strides", own.get("strides"));
                config.put("padding", own.get("padding"));
                if (!depthwise) {
                    config.put("output_padding", null);
                }
                config.put("data_format", "channels_last");
                config.put("dilation_rate", own.get("dilation_rate"));
                config.put("activation", own.get("activation"));
                config.put("use_bias", own.get("use_bias"));
                kernel(config, own, layer.getClassName().equals("Conv2DTranspose") ? new String[] {"kernel"}
                        : layer.getClassName().equals("DepthwiseConv2D") ? new String[] {"depthwise"}
                        : new String[] {"depthwise", "pointwise"});
            }
            case "Conv1D" -> {
                config.put("filters", own.get("filters"));
                config.put("kernel_size", own.get("kernel_size"));
                config.put("strides", own.get("strides"));
                config.put("padding", own.get("padding"));
                config.put("data_format", "channels_last");
                config.put("dilation_rate", own.get("dilation_rate"));
                config.put("groups", 1);
                config.put("activation", own.get("activation"));
                config.put("use_bias", own.get("use_bias"));
                kernel(config, own);
                config.put("activity_regularizer", null);
            }
            case "MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D" -> {
                config.put("pool_size", own.get("pool_size"));
                config.put("padding", own.get("padding"));
                config.put("strides", own.get("strides"));
                config.put("data_format", "channels_last");
            }
            case "GlobalAveragePooling2D" -> {
                config.put("data_format", "channels_last");
                config.put("keepdims", false);
            }
            case "Flatten" -> config.put("data_format", "channels_last");
            case "UpSampling2D" -> {
                config.put("size", own.get("size"));
                config.put("data_format", "channels_last");
                config.put("interpolation", own.get("interpolation"));
            }
            case "ZeroPadding2D", "Cropping2D" -> {
                String key = layer.getClassName().equals("Cropping2D") ? "cropping" : "padding";
                config.put(key, own.get(key));
                config.put("data_format", "channels_last");
            }
            case "ZeroPadding1D" -> {
                config.put("padding", own.get("padding"));
                if (!legacy) {
                    config.put("data_format", "channels_last");   // Keras 3's, not Keras 2's
                }
            }
            case "Cropping1D" -> config.put("cropping", own.get("cropping"));
            case "UpSampling1D" -> config.put("size", own.get("size"));
            case "Reshape" -> config.put("target_shape", own.get("target_shape"));
            case "Permute" -> config.put("dims", own.get("dims"));
            case "RepeatVector" -> config.put("n", own.get("n"));
            case "Dropout" -> {
                config.put("rate", own.get("rate"));
                config.put("seed", null);
                config.put("noise_shape", null);
            }
            case "SpatialDropout1D", "SpatialDropout2D", "GaussianDropout" -> {
                config.put("rate", own.get("rate"));
                config.put("seed", own.get("seed"));
                if (layer.getClassName().equals("SpatialDropout2D")) {
                    config.put("data_format", "channels_last");
                }
            }
            case "GaussianNoise" -> {
                config.put("stddev", own.get("stddev"));
                config.put("seed", own.get("seed"));
            }
            case "RandomFlip" -> {
                config.put("seed", own.get("seed"));
                config.put("mode", own.get("mode"));
                if (!legacy) {
                    config.put("data_format", "channels_last");
                }
            }
            case "RandomRotation", "RandomTranslation", "RandomZoom" -> {
                for (String key : List.of("factor", "height_factor", "width_factor")) {
                    if (own.containsKey(key)) {
                        config.put(key, own.get(key));
                    }
                }
                config.put("fill_mode", own.get("fill_mode"));
                config.put("fill_value", own.get("fill_value"));
                config.put("interpolation", own.get("interpolation"));
                config.put("seed", own.get("seed"));
                if (!legacy) {
                    config.put("data_format", "channels_last");
                }
            }
            case "RandomContrast" -> {
                config.put("factor", own.get("factor"));   // the pair: Keras 2 and 3 read it alike
                if (!legacy) {
                    config.put("value_range", own.get("value_range"));
                }
                config.put("seed", own.get("seed"));
            }
            case "Activation" -> config.put("activation", own.get("activation"));
            case "ReLU" -> {
                config.put("max_value", own.get("max_value"));
                config.put("negative_slope", own.get("negative_slope"));
                config.put("threshold", own.get("threshold"));
            }
            // Keras 2 calls the slope alpha.
            case "LeakyReLU" -> config.put(legacy ? "alpha" : "negative_slope", own.get("negative_slope"));
            // Keras 3's ELU has no get_config of its own (its files lose alpha); its constructor takes alpha.
            case "ELU" -> config.put("alpha", own.get("alpha"));
            case "Softmax" -> config.put("axis", own.get("axis"));
            case "PReLU" -> {
                config.put("alpha_initializer", initializerJson(own.get("alpha_initializer")));
                config.put("alpha_regularizer", null);
                config.put("alpha_constraint", null);
                config.put("shared_axes", own.get("shared_axes"));
            }
            case "GlobalMaxPooling2D", "GlobalMaxPooling1D", "GlobalAveragePooling1D" -> {
                config.put("data_format", "channels_last");
                config.put("keepdims", false);
            }
            case "BatchNormalization" -> {
                config.put("axis", -1);
                config.put("momentum", own.get("momentum"));
                config.put("epsilon", own.get("epsilon"));
                config.put("center", true);
                config.put("scale", true);
                config.put("beta_initializer", initializer("Zeros", Map.of()));
                config.put("gamma_initializer", initializer("Ones", Map.of()));
                config.put("moving_mean_initializer", initializer("Zeros", Map.of()));
                config.put("moving_variance_initializer", initializer("Ones", Map.of()));
                config.put("beta_regularizer", null);
                config.put("gamma_regularizer", null);
                config.put("beta_constraint", null);
                config.put("gamma_constraint", null);
                config.put("synchronized", false);
            }
            case "Resizing" -> {
                config.put("height", own.get("height"));
                config.put("width", own.get("width"));
                config.put("interpolation", own.get("interpolation"));
                config.put("crop_to_aspect_ratio", own.get("crop_to_aspect_ratio"));
                if (!legacy) {   // Keras 3's
                    config.put("pad_to_aspect_ratio", false);
                    config.put("fill_mode", "constant");
                    config.put("fill_value", 0.0);
                    config.put("antialias", false);
                    config.put("data_format", "channels_last");
                }
            }
            case "CenterCrop" -> {
                config.put("height", own.get("height"));
                config.put("width", own.get("width"));
                if (!legacy) {
                    config.put("data_format", "channels_last");
                }
            }
            case "Normalization" -> {
                config.put("axis", own.get("axis"));
                config.put("invert", own.get("invert"));
                config.put("mean", own.get("mean"));
                config.put("variance", own.get("variance"));
            }
            case "Rescaling" -> {
                config.put("scale", own.get("scale"));
                config.put("offset", own.get("offset"));
            }
            case "LayerNormalization" -> {
                // Keras writes the axes it normalizes once built: counted from the batch axis, sorted
                int[] shape = node.getInputs().get(0).getShape();
                int[] block = ((keras4j.layers.LayerNormalization) layer).normalizedAxes(shape);
                List<Integer> axes = new ArrayList<>();
                for (int a = block[0]; a < block[1]; a++) {
                    axes.add(a + 1);
                }
                config.put("axis", axes);
                config.put("epsilon", own.get("epsilon"));
                config.put("center", own.get("center"));
                config.put("scale", own.get("scale"));
                if (!legacy) {
                    config.put("rms_scaling", false);   // Keras 3 only
                }
                config.put("beta_initializer", initializerJson(own.get("beta_initializer")));
                config.put("gamma_initializer", initializerJson(own.get("gamma_initializer")));
                for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint",
                        "gamma_constraint")) {
                    config.put(key, null);
                }
            }
            case "SimpleRNN", "LSTM", "GRU" -> recurrent(config, own, layer.getClassName());
            case "Masking" -> config.put("mask_value", own.get("mask_value"));
            case "TimeDistributed" -> {
                keras4j.layers.Dense dense = ((keras4j.layers.TimeDistributed) layer).getLayer();
                Map<String, Object> denseOwn = dense.getConfig();
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("name", dense.getName() != null ? dense.getName() : dense.defaultName());
                inner.put("trainable", layer.isTrainable());
                inner.put("dtype", "float32");
                inner.put("units", denseOwn.get("units"));
                inner.put("activation", denseOwn.get("activation"));
                inner.put("use_bias", denseOwn.get("use_bias"));
                kernel(inner, denseOwn);
                config.put("layer", wrappedEntry("Dense", inner));
            }
            case "Bidirectional" -> {
                keras4j.layers.Bidirectional bi = (keras4j.layers.Bidirectional) layer;
                String inner = bi.getLayer().getName() != null ? bi.getLayer().getName() : bi.getLayer().defaultName();
                config.put("merge_mode", own.get("merge_mode"));
                config.put("layer", wrapped(bi, "forward_" + inner, false, node));
                config.put("backward_layer", wrapped(bi, "backward_" + inner, true, node));
            }
            case "Embedding" -> {
                config.put("input_dim", own.get("input_dim"));
                config.put("output_dim", own.get("output_dim"));
                Map<String, Object> uniform = new LinkedHashMap<>();
                uniform.put("minval", -0.05);
                uniform.put("maxval", 0.05);
                uniform.put("seed", null);
                config.put("embeddings_initializer", initializer("RandomUniform", uniform));
                config.put("embeddings_regularizer", null);
                config.put("activity_regularizer", null);
                config.put("embeddings_constraint", null);
                config.put("mask_zero", own.get("mask_zero"));
                if (legacy) {
                    config.put("input_length", node.getInputs().get(0).getShape()[0]);
                }
            }
            case "Concatenate" -> config.put("axis", own.get("axis"));
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> {
                // merge layers have the base config only
            }
            default -> throw new Keras4jException("Layer '" + node.getName() + "' (" + layer.getClassName() + ") "
                    + "has no Keras form keras4j can write.");
        }
        if (legacy) {
            return entry;
        }
        List<Object> shapes = new ArrayList<>();
        for (KerasTensor input : node.getInputs()) {
            shapes.add(batchShape(input.getShape()));
        }
        entry.put("build_config", Map.of("input_shape", shapes.size() == 1 ? shapes.get(0) : shapes));
        return entry;
    }

    /** @return a wrapped layer's entry: Keras 3's module, class_name, config and registered_name, or Keras 2's */
    private Map<String, Object> wrappedEntry(String className, Map<String, Object> config) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (!legacy) {
            entry.put("module", "keras.layers");
        }
        entry.put("class_name", className);
        entry.put("config", config);
        if (!legacy) {
            entry.put("registered_name", null);
        }
        return entry;
    }

    /** @return the entry of one direction's layer of a Bidirectional, as Keras serializes it */
    private Map<String, Object> wrapped(keras4j.layers.Bidirectional bi, String name, boolean backwards, Node node) {
        Map<String, Object> own = bi.getLayer().getConfig();
        if (!legacy && (HARD_SIGMOID.equals(own.get("activation"))
                || HARD_SIGMOID.equals(own.get("recurrent_activation")))) {
            throw new Keras4jException("Layer '" + node.getName() + "' uses hard_sigmoid, which Keras 3 defines with "
                    + "slope 1/6 (keras4j, like Keras 2, with 0.2): in a .keras file it would predict differently. "
                    + "Save it as .h5 for Keras 2, or use another activation.");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> entry = wrappedEntry(bi.getLayer().getClassName(), config);
        config.put("name", name);
        config.put("trainable", bi.isTrainable());
        config.put("dtype", "float32");
        recurrent(config, own, bi.getLayer().getClassName());
        config.put("go_backwards", backwards);
        if (!legacy) {
            entry.put("build_config", Map.of("input_shape", batchShape(node.getInputs().get(0).getShape())));
        }
        return entry;
    }

    /** Adds a SimpleRNN's, LSTM's or GRU's keys, as Keras's {@code get_config} writes them. */
    private void recurrent(Map<String, Object> config, Map<String, Object> own, String className) {
        boolean lstm = className.equals("LSTM");
        boolean gru = className.equals("GRU");
        config.put("return_sequences", own.get("return_sequences"));
        config.put("return_state", own.get("return_state"));
        config.put("go_backwards", own.get("go_backwards"));
        config.put("stateful", false);
        config.put("unroll", false);
        if (!legacy) {
            config.put("zero_output_for_mask", false);
        }
        config.put("units", own.get("units"));
        config.put("activation", own.get("activation"));
        if (lstm || gru) {
            config.put("recurrent_activation", own.get("recurrent_activation"));
        }
        config.put("use_bias", gru ? own.get("use_bias") : true);
        if (lstm) {
            config.put("unit_forget_bias", own.get("unit_forget_bias"));
        }
        kernel(config, own);
        // SimpleRNN and LSTM draw the recurrent kernel with the kernel's initializer.
        config.put("recurrent_initializer", gru ? initializerJson(own.get("recurrent_initializer"))
                : config.get("kernel_initializer"));
        config.put("recurrent_regularizer", null);
        config.put("recurrent_constraint", null);
        config.put("activity_regularizer", null);
        config.put("dropout", own.get("dropout"));
        config.put("recurrent_dropout", own.get("recurrent_dropout"));
        if (gru) {
            config.put("reset_after", own.get("reset_after"));
        }
        if (legacy) {
            if (lstm || gru) {
                config.put("implementation", 2);
            }
        } else {
            config.put("seed", null);
        }
    }

    /** Adds Keras's kernel and bias initializers, regularizers and constraints from keras4j's config. */
    @SuppressWarnings("unchecked")
    private void kernel(Map<String, Object> config, Map<String, Object> own) {
        kernel(config, own, "kernel");
    }

    /** As {@link #kernel(Map, Map)}, each kernel's keys once per name ({@code depthwise}, {@code pointwise}). */
    @SuppressWarnings("unchecked")
    private void kernel(Map<String, Object> config, Map<String, Object> own, String... kernels) {
        for (String k : kernels) {
            config.put(k + "_initializer", initializerJson(own.get(k + "_initializer")));
        }
        Object bias = own.get("bias_initializer");
        config.put("bias_initializer", initializerJson(bias != null ? bias : Initializer.zeros().getConfig()));
        List<String> regularizers = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        for (String k : kernels) {
            regularizers.add(k + "_regularizer");
            constraints.add(k + "_constraint");
        }
        regularizers.addAll(List.of("bias_regularizer", "activity_regularizer"));
        constraints.add("bias_constraint");
        for (String key : regularizers) {
            Map<String, Object> reg = (Map<String, Object>) own.get(key);
            config.put(key, reg == null ? null : regularizerJson(reg));
        }
        for (String key : constraints) {
            Map<String, Object> constraint = (Map<String, Object>) own.get(key);
            config.put(key, constraint == null ? null : object("keras.constraints",
                    camel((String) constraint.get("class_name")), constraint.get("config")));
        }
    }

    /** @return Keras's serialized form of keras4j's initializer config ({@code GlorotUniform} with its seed, ...) */
    @SuppressWarnings("unchecked")
    private Map<String, Object> initializerJson(Object own) {
        Initializer init = Initializer.fromConfig((Map<String, Object>) own);
        Map<String, Object> params = new LinkedHashMap<>(init.getParams());
        if (init.isRandom()) {
            params.put("seed", init.getSeed());
        }
        return initializer(camel(init.getName()), params);
    }

    /** @return Keras's class name of a keras4j name: "max_norm" is MaxNorm */
    private static String camel(String name) {
        StringBuilder camel = new StringBuilder();
        for (String part : name.split("_")) {
            camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return camel.toString();
    }

    private Map<String, Object> regularizerJson(Map<String, Object> reg) {
        double l1 = ((Number) reg.get("l1")).doubleValue();
        double l2 = ((Number) reg.get("l2")).doubleValue();
        String className = l1 != 0 && l2 != 0 ? "L1L2" : l1 != 0 ? "L1" : "L2";
        Map<String, Object> config = new LinkedHashMap<>();
        if (l1 != 0 || className.equals("L1L2")) {
            config.put("l1", l1);
        }
        if (l2 != 0 || className.equals("L1L2")) {
            config.put("l2", l2);
        }
        return object("keras.regularizers", className, config);
    }

    private Map<String, Object> initializer(String className, Map<String, Object> config) {
        return object("keras.initializers", className, config);
    }

    /** @return a serialized Keras object: Keras 3's module, class_name, config, registered_name; Keras 2's two */
    private Map<String, Object> object(String module, String className, Object config) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!legacy) {
            out.put("module", module);
        }
        out.put("class_name", className);
        out.put("config", config);
        if (!legacy) {
            out.put("registered_name", null);
        }
        return out;
    }

    /** @return a loss as Keras writes it: its name when its arguments are the defaults, else the serialized object */
    private Object lossConfig(Loss loss) {
        if (loss.hasDefaultArguments()) {
            return loss.getName();
        }
        Map<String, Object> config = loss.getConfig();
        if (legacy) {
            config.put("reduction", "auto");
        }
        return object("keras.losses", loss.getClassName(), config);
    }

    private static List<Object> batchShape(int[] shape) {
        List<Object> out = new ArrayList<>();
        out.add(null);
        for (int d : shape) {
            out.add(d);
        }
        return out;
    }

    /**
     * @return Keras 3's compile_config (or Keras 2's training_config) of a compiled model:
     *         optimizer, loss(es), weights and metrics
     */
    private Map<String, Object> compileConfig(Model model) {
        CompileSettings settings = model.getCompileSettings();
        List<String> outputs = model.getOutputNames();
        Map<String, Object> config = new LinkedHashMap<>();
        Optimizer optimizer = settings.optimizer();
        Map<String, Object> optimizerConfig = new LinkedHashMap<>();
        Map<String, Object> own = optimizer.getConfig();
        optimizerConfig.put("name", own.get("name"));
        optimizerConfig.put("learning_rate", own.get("learning_rate"));
        for (String key : List.of("weight_decay", "clipnorm", "global_clipnorm", "clipvalue")) {
            optimizerConfig.put(key, null);
        }
        optimizerConfig.put("use_ema", false);
        optimizerConfig.put("ema_momentum", 0.99);
        optimizerConfig.put("ema_overwrite_frequency", null);
        for (Map.Entry<String, Object> e : own.entrySet()) {
            if (!e.getKey().equals("name") && !e.getKey().equals("learning_rate")) {
                optimizerConfig.put(e.getKey(), e.getValue());
            }
        }
        String className = switch (optimizer.getName()) {
            case "sgd" -> "SGD";
            case "rmsprop" -> "RMSprop";
            case "adamw" -> "AdamW";
            default -> Character.toUpperCase(optimizer.getName().charAt(0)) + optimizer.getName().substring(1);
        };

        config.put(legacy ? "optimizer_config" : "optimizer", object("keras.optimizers", className, optimizerConfig));
        boolean perOutput = outputs.size() > 1;
        if (perOutput) {
            Map<String, Object> losses = new LinkedHashMap<>();
            Map<String, Object> weights = new LinkedHashMap<>();
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (int i = 0; i < outputs.size(); i++) {
                losses.put(outputs.get(i), lossConfig(settings.losses().get(i)));
                weights.put(outputs.get(i), settings.lossWeights().get(i));
                metrics.put(outputs.get(i), settings.metrics().get(i).stream().map(Metric::serialize).toList());
            }
            config.put("loss", losses);
            config.put("loss_weights", weights);
            config.put("metrics", metrics);
        } else {
            config.put("loss", lossConfig(settings.losses().get(0)));
            config.put("loss_weights", null);
            config.put("metrics", settings.metrics().get(0).stream().map(Metric::serialize).toList());
        }
        config.put("weighted_metrics", null);
        if (!legacy) {
            config.put("run_eagerly", false);
            config.put("steps_per_execution", 1);
            config.put("jit_compile", false);
        }
        return config;
    }
}

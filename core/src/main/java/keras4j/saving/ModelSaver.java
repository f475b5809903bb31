package keras4j.saving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.History;
import keras4j.graph.KerasTensor;
import keras4j.graph.Node;
import keras4j.internal.MetricTracker;
import keras4j.internal.ModelFile;
import keras4j.internal.ModelJson;
import keras4j.internal.TrainingPosition;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.losses.Loss;
import keras4j.metrics.Metric;
import keras4j.optimizers.Optimizer;
import keras4j.training.CompileSettings;

/**
 * The schema of a model file's {@code keras4j.json}, in one place: what keras4j writes about a
 * model beside DL4J's network (the seed; the architecture of a Sequential or Functional model,
 * nested models and frozen layers included; the compile settings, per output for several; the
 * history; the properties; where a mid-epoch checkpoint stood) and how it is read back, every
 * value checked. {@link ModelFile} is the container (zip, checksums, format version, atomic write).
 *
 * <p>A Sequential model is {@code {"class_name": "Sequential", "name", "layers": [{class_name,
 * config}, ...]}} (files of format 1 have no class_name); a Functional model lists each layer with
 * its {@code inbound_nodes} (the names of the layers it takes from) and names its
 * {@code input_layers} and {@code output_layers}; a nested model is an entry whose {@code config}
 * is its own architecture.
 *
 * <pre>{@code
 * Map<String, Object> metadata = ModelSaver.describe(model, null);
 * Model again = ModelSaver.architecture(ModelJson.root(path, metadata).get("model"));
 * }</pre>
 */
public final class ModelSaver {
    private ModelSaver() {
    }

    /**
     * @param model    the model
     * @param position where a mid-epoch checkpoint stands, or null
     * @return keras4j.json's model part
     */
    public static Map<String, Object> describe(Model model, TrainingPosition position) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seed", model.getSeed());
        json.put("model", architecture(model));
        json.put("compile", compile(model));
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("epochs", model.getHistory().getEpochs());
        history.put("metrics", model.getHistory().getHistory());
        json.put("history", history);
        json.put("properties", new LinkedHashMap<>(model.getProperties()));
        if (position != null) {
            json.put(TrainingPosition.KEY, position.toJson());
        }
        return json;
    }

    /** @return the architecture of a model, as keras4j.json's {@code model} */
    public static Map<String, Object> architecture(Model model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("class_name", model.getClassName());
        json.put("name", model.getName());
        List<Map<String, Object>> layers = new ArrayList<>();
        if (model instanceof Sequential) {
            for (Node node : model.getGraph().getNodes()) {
                layers.add(layerEntry(node.getLayer()));
            }
            json.put("layers", layers);
            return json;
        }
        for (Node node : model.getGraph().getNodes()) {
            Map<String, Object> entry;
            if (node.getLayer() != null) {
                entry = layerEntry(node.getLayer());
            } else {
                entry = new LinkedHashMap<>();
                entry.put("class_name", node.getModel().getClassName());
                entry.put("config", architecture(node.getModel()));
            }
            entry.put("name", node.getName());
            references(entry, "inbound_nodes", "inbound_indices", node.getInputs());
            layers.add(entry);
        }
        json.put("layers", layers);
        json.put("input_layers", model.getInputNames());
        references(json, "output_layers", "output_indices", model.getGraph().getOutputTensors());
        return json;
    }

    /**
     * Writes where tensors come from: the names of the layers making them, and only where one is a
     * recurrent layer's state, which of the layer's outputs each is (files before them hold names
     * alone).
     */
    private static void references(Map<String, Object> json, String names, String indices, List<KerasTensor> tensors) {
        json.put(names, tensors.stream().map(KerasTensor::getName).toList());
        if (tensors.stream().anyMatch(t -> t.getIndex() != 0)) {
            json.put(indices, tensors.stream().map(KerasTensor::getIndex).toList());
        }
    }

    /** @return the tensors {@link #references} wrote, each checked to be an output of an earlier layer */
    private static List<KerasTensor> referenced(ModelJson json, String names, String indices,
                                                Map<String, List<KerasTensor>> tensors) {
        List<String> from = json.get(names).asStrings();
        List<ModelJson> which = json.get(indices).isNull() ? null : json.get(indices).elements();
        if (which != null && which.size() != from.size()) {
            throw json.get(indices).damaged("has " + which.size() + " entries for the " + from.size() + " of "
                    + names);
        }
        List<KerasTensor> out = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            List<KerasTensor> outputs = tensors.get(from.get(i));
            if (outputs == null) {
                throw json.get(names).damaged("names '" + from.get(i) + "', which " + (names.equals("output_layers")
                        ? "is not a layer of the model" : "no earlier layer is"));
            }
            int index = which == null ? 0 : which.get(i).asInt();
            if (index < 0 || index >= outputs.size()) {
                throw which.get(i).damaged("is " + index + ", but '" + from.get(i) + "' has " + outputs.size()
                        + " output(s)");
            }
            out.add(outputs.get(index));
        }
        return out;
    }

    private static Map<String, Object> layerEntry(Layer layer) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("class_name", layer.getClassName());
        entry.put("config", layer.getConfig());
        return entry;
    }

    /** @return the metrics as keras4j.json holds them: a name as given, an object as its class and config */
    private static List<Object> metrics(List<Metric> metrics) {
        List<Object> out = new ArrayList<>();
        for (Metric metric : metrics) {
            if (metric.getAlias() != null) {
                out.add(metric.getAlias());
            } else {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("class_name", metric.getClassName());
                entry.put("config", metric.getConfig());
                out.add(entry);
            }
        }
        return out;
    }

    /** @return metrics read back from {@link #metrics(List)}'s form (older files hold names only) */
    private static List<Metric> readMetrics(ModelJson json) {
        List<Metric> out = new ArrayList<>();
        for (ModelJson element : json.elements()) {
            if (!element.isObject()) {
                try {
                    out.add(Metric.get(element.asString()));
                } catch (Keras4jException e) {
                    throw element.damaged(": " + e.getMessage());
                }
            } else {
                String className = element.get("class_name").asString();
                out.add(element.get("config").read(config -> Metric.fromConfig(className, config), Metric::getConfig));
            }
        }
        return out;
    }

    private static Map<String, Object> compile(Model model) {
        CompileSettings settings = model.getCompileSettings();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("optimizer", settings.optimizer().getConfig());
        List<String> outputs = model.getOutputNames();
        if (outputs.size() == 1) {
            json.put("loss", settings.losses().get(0).getConfig());
            json.put("metrics", metrics(settings.metrics().get(0)));
            return json;
        }
        Map<String, Object> losses = new LinkedHashMap<>();
        Map<String, Object> weights = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            losses.put(outputs.get(i), settings.losses().get(i).getConfig());
            weights.put(outputs.get(i), settings.lossWeights().get(i));
            metrics.put(outputs.get(i), metrics(settings.metrics().get(i)));
        }
        json.put("losses", losses);
        json.put("loss_weights", weights);
        json.put("metrics", metrics);
        return json;
    }

    // ---------------------------------------------------------------------------------- reading

    /**
     * @param json keras4j.json's {@code model}
     * @return the model it describes, not built yet
     */
    public static Model architecture(ModelJson json) {
        ModelJson className = json.get("class_name");
        String kind = className.isPresent() ? className.asString() : "Sequential";
        String name = json.get("name").asString();
        Model model = switch (kind) {
            case "Sequential" -> sequential(json);
            case "Functional" -> functional(json);
            default -> throw className.damaged("is '" + kind + "', not Sequential or Functional");
        };
        try {
            model.setName(name);
        } catch (Keras4jException e) {
            throw json.get("name").damaged(": " + e.getMessage());
        }
        return model;
    }

    private static Sequential sequential(ModelJson json) {
        Sequential model = new Sequential();
        for (ModelJson entry : json.get("layers").elements()) {
            Layer layer = layer(entry);
            try {
                model.add(layer);
            } catch (Keras4jException e) {
                throw entry.damaged(": " + e.getMessage());
            }
        }
        return model;
    }

    private static Layer layer(ModelJson entry) {
        String className = entry.get("class_name").asString();
        return entry.get("config").read(config -> Layer.fromConfig(className, config), Layer::getConfig);
    }

    private static Functional functional(ModelJson json) {
        Map<String, List<KerasTensor>> tensors = new LinkedHashMap<>();
        for (ModelJson entry : json.get("layers").elements()) {
            String name = entry.get("name").asString();
            List<KerasTensor> inbound = referenced(entry, "inbound_nodes", "inbound_indices", tensors);
            String className = entry.get("class_name").asString();
            List<KerasTensor> out;
            try {
                if (className.equals("Sequential") || className.equals("Functional")) {
                    out = List.of(architecture(entry.get("config")).apply(inbound.toArray(new KerasTensor[0])));
                } else {
                    Layer layer = layer(entry);
                    out = layer instanceof Input input ? List.of(input.output()) : layer.applyAll(inbound);
                }
            } catch (Keras4jException e) {
                if (e.getMessage().startsWith("Model file ")) {
                    throw e;
                }
                throw entry.damaged(": " + e.getMessage());
            }
            if (!out.get(0).getName().equals(name)) {
                throw entry.get("name").damaged("is '" + name + "' but its config names it '" + out.get(0).getName()
                        + "'");
            }
            tensors.put(name, out);
        }
        List<KerasTensor> inputs = new ArrayList<>();
        for (String name : json.get("input_layers").asStrings()) {
            if (!tensors.containsKey(name)) {
                throw json.get("input_layers").damaged("names '" + name + "', which is not a layer of the model");
            }
            inputs.add(tensors.get(name).get(0));
        }
        List<KerasTensor> outputs = referenced(json, "output_layers", "output_indices", tensors);
        try {
            return new Functional(inputs, outputs);
        } catch (Keras4jException e) {
            throw json.damaged(": " + e.getMessage());
        }
    }

    /** @return the list of layer entries of an architecture, for messages */
    public static ModelJson layersJson(ModelJson architecture) {
        return architecture.get("layers");
    }

    /**
     * @param architecture keras4j.json's {@code model} of a file
     * @param model        a model
     * @return whether the file's architecture is the model's (layers, names, settings, connections)
     */
    public static boolean sameArchitecture(ModelJson architecture, Model model) {
        Map<String, Object> saved = new LinkedHashMap<>(architecture.asObject());
        Map<String, Object> ours = architecture(model);
        saved.putIfAbsent("class_name", "Sequential");
        saved.remove("name");
        ours.remove("name");
        return ModelFile.json().valueToTree(saved).equals(ModelFile.json().valueToTree(ours));
    }

    /**
     * @param json  keras4j.json's {@code compile}
     * @param model the model read from the file
     * @return the compile settings, each checked
     */
    public static CompileSettings compileSettings(ModelJson json, Model model) {
        Optimizer optimizer = json.get("optimizer").read(Optimizer::fromConfig, Optimizer::getConfig);
        List<String> outputs = model.getOutputNames();
        List<Loss> losses = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<List<Metric>> metrics = new ArrayList<>();
        ModelJson metricsJson = json.get("metrics");
        if (json.get("loss").isPresent()) {
            if (outputs.size() != 1) {
                throw json.get("loss").damaged("is one loss, but the model has " + outputs.size() + " outputs");
            }
            losses.add(json.get("loss").read(Loss::fromConfig, Loss::getConfig));
            weights.add(1.0);
            metrics.add(readMetrics(metricsJson));
        } else {
            ModelJson lossesJson = json.get("losses");
            for (String output : outputs) {
                losses.add(lossesJson.get(output).read(Loss::fromConfig, Loss::getConfig));
                weights.add(json.get("loss_weights").get(output).asDouble());
                metrics.add(readMetrics(metricsJson.get(output)));
            }
        }
        List<int[]> shapes = model.getOutputShapes();
        for (int i = 0; i < outputs.size(); i++) {
            try {
                MetricTracker.create(metrics.get(i), losses.get(i), shapes.get(i).length == 0 ? 1 : shapes.get(i)[0]);
            } catch (Keras4jException e) {
                throw metricsJson.damaged(": " + e.getMessage());
            }
        }
        return new CompileSettings(optimizer, losses, weights, metrics);
    }

    /** @param root keras4j.json @return the saved history, every value checked */
    public static History history(ModelJson root) {
        ModelJson historyJson = root.get("history");
        List<ModelJson> epochs = historyJson.get("epochs").elements();
        ModelJson metricsJson = historyJson.get("metrics");
        Map<String, List<ModelJson>> values = new LinkedHashMap<>();
        for (String metric : metricsJson.asObject().keySet()) {
            List<ModelJson> list = metricsJson.get(metric).elements();
            if (list.size() > epochs.size()) {
                throw metricsJson.get(metric).damaged("has " + list.size() + " values for " + epochs.size()
                        + " epochs");
            }
            values.put(metric, list);
        }
        History restored = new History();
        for (int i = 0; i < epochs.size(); i++) {
            int epoch = epochs.get(i).asInt();
            if (epoch < 0 || epoch == Integer.MAX_VALUE) {
                throw epochs.get(i).damaged("is " + epoch + ", not an epoch number");
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            for (Map.Entry<String, List<ModelJson>> e : values.entrySet()) {
                List<ModelJson> list = e.getValue();
                logs.put(e.getKey(), i < list.size() && !list.get(i).isNull() ? list.get(i).asDouble() : Double.NaN);
            }
            restored.record(epoch, logs);
        }
        return restored;
    }

    /** @param root keras4j.json @return the saved properties; none in files from before properties existed */
    public static Map<String, String> properties(ModelJson root) {
        ModelJson saved = root.get("properties");
        Map<String, String> restored = new LinkedHashMap<>();
        if (!saved.isPresent()) {
            return restored;
        }
        for (String key : saved.asObject().keySet()) {
            if (key.isEmpty()) {
                throw saved.damaged("has an empty key");
            }
            restored.put(key, saved.get(key).asString());
        }
        return restored;
    }
}

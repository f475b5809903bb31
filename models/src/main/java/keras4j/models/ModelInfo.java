package keras4j.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Keras4jException;
import keras4j.internal.AtomicFiles;
import keras4j.internal.ModelFile;

/**
 * What a trained model was trained on, saved as a small JSON "sidecar" next to the model file
 * ({@code mnist.keras4j} → {@code mnist.json}): the recipe, the data set, the task, the class
 * names, the feature names and the input preprocessing. {@code keras4j predict} and
 * {@code keras4j evaluate} read it to prepare new examples exactly as in training.
 *
 * <pre>{@code
 * ModelInfo info = ModelInfo.read(ModelInfo.sidecarOf(Path.of("runs/iris/model.keras4j")));
 * info.classNames();   // [setosa, versicolor, virginica]
 * }</pre>
 *
 * @param recipe        the recipe's name, e.g. {@code mnist-mlp}, or {@code csv-mlp}
 * @param task          classification or regression
 * @param dataset       the data source's config ({@link DataSource#getConfig()})
 * @param classNames    class names by class id (empty for regression)
 * @param featureNames  a table's column names (empty for images)
 * @param targetName    what is predicted
 * @param preprocessing how raw examples become model inputs
 */
public record ModelInfo(String recipe, Task task, Map<String, Object> dataset, List<String> classNames,
                        List<String> featureNames, String targetName, Preprocessing preprocessing) {
    /** The value of "format" in a sidecar. */
    public static final String FORMAT = "keras4j-model-info";
    /** The sidecar format version this keras4j writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Copies the collections. */
    public ModelInfo {
        dataset = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dataset));
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
    }

    /**
     * @param recipe the recipe's name
     * @param source where the data came from
     * @param data   what it loaded
     * @return the info of a model trained on that data
     */
    public static ModelInfo of(String recipe, DataSource source, RecipeData data) {
        return new ModelInfo(recipe, data.task(), source.getConfig(), data.classNames(), data.featureNames(),
                data.targetName(), data.preprocessing());
    }

    /** @return the data source the model was trained on */
    public DataSource dataSource() {
        return DataSources.fromConfig(dataset);
    }

    /** @return the data set's name, e.g. {@code mnist} or {@code csv} */
    public String datasetName() {
        return String.valueOf(dataset.get("name"));
    }

    /**
     * @param modelFile a model file, e.g. {@code runs/mnist/model.keras4j}
     * @return its sidecar: the same name with {@code .json} instead of {@code .keras4j} (or appended)
     */
    public static Path sidecarOf(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".keras4j") ? name.substring(0, name.length() - ".keras4j".length()) : name;
        return modelFile.resolveSibling(base + ".json");
    }

    /** @return the sidecar's JSON content */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("format_version", FORMAT_VERSION);
        json.put("recipe", recipe);
        json.put("task", task.id());
        json.put("dataset", dataset);
        json.put("class_names", classNames);
        json.put("feature_names", featureNames);
        json.put("target_name", targetName);
        json.put("preprocessing", preprocessing.getConfig());
        return json;
    }

    /**
     * @param json a sidecar's content
     * @param from how errors name its file
     * @return the info
     */
    @SuppressWarnings("unchecked")
    public static ModelInfo fromJson(Map<String, Object> json, String from) {
        if (!FORMAT.equals(json.get("format"))) {
            throw new Keras4jException(from + " is not a keras4j model sidecar (its format is '" + json.get("format")
                    + "', expected '" + FORMAT + "').");
        }
        int version = ((Number) json.get("format_version")).intValue();
        if (version > FORMAT_VERSION) {
            throw new Keras4jException(from + " was written in sidecar format " + version + ", newer than this "
                    + "keras4j reads (" + FORMAT_VERSION + "); upgrade keras4j.");
        }
        return new ModelInfo((String) json.get("recipe"), Task.of((String) json.get("task")),
                (Map<String, Object>) json.get("dataset"), (List<String>) json.get("class_names"),
                (List<String>) json.get("feature_names"), (String) json.get("target_name"),
                Preprocessing.fromConfig((Map<String, Object>) json.get("preprocessing")));
    }

    /**
     * @param sidecar the file to write, atomically
     */
    public void write(Path sidecar) {
        try {
            byte[] bytes = ModelFile.json().writeValueAsBytes(toJson());
            AtomicFiles.write(sidecar, out -> out.write(bytes));
        } catch (IOException e) {
            throw new Keras4jException("Could not write " + sidecar + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * @param sidecar a file written by {@link #write}
     * @return its info
     */
    public static ModelInfo read(Path sidecar) {
        try {
            Map<String, Object> json = ModelFile.json().readValue(Files.readAllBytes(sidecar),
                    new TypeReference<Map<String, Object>>() { });
            return fromJson(json, "File " + sidecar);
        } catch (NoSuchFileException e) {
            throw new Keras4jException("The model's sidecar " + sidecar + " is missing: it tells the classes and "
                    + "input preprocessing the model was trained with. Keep it next to the model file (keras4j train "
                    + "and TrainedModel.save write both).");
        } catch (IOException | RuntimeException e) {
            if (e instanceof Keras4jException k) {
                throw k;
            }
            throw new Keras4jException("The model's sidecar " + sidecar + " can't be read (" + e.getMessage() + ").",
                    e);
        }
    }
}

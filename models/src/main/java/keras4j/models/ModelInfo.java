package keras4j.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.internal.ModelFile;
import keras4j.internal.Shapes;

/**
 * What a trained model was trained on: the recipe, the data set, the task, the class names, the
 * feature names and the input preprocessing. It is saved inside the model file (the model property
 * {@link #PROPERTY}), so the model and what it needs always travel, and land, together; models
 * saved by keras4j 0.1 kept it in a JSON "sidecar" next to the model file ({@code mnist.keras4j}
 * → {@code mnist.json}), which is still read. {@code keras4j predict} and {@code keras4j evaluate}
 * use it to prepare new examples exactly as in training.
 *
 * <pre>{@code
 * ModelInfo info = TrainedModel.load(Path.of("runs/iris/model.keras4j")).info();
 * info.classNames();   // [setosa, versicolor, virginica]
 * }</pre>
 *
 * @param recipe        the recipe's name, e.g. {@code mnist-mlp}, or {@code csv-mlp}
 * @param task          classification, regression or reconstruction
 * @param dataset       the data source's config ({@link DataSource#getConfig()})
 * @param classNames    class names by class id (empty for regression)
 * @param featureNames  a table's column names (empty for images)
 * @param targetName    what is predicted
 * @param preprocessing how raw examples become model inputs
 */
public record ModelInfo(String recipe, Task task, Map<String, Object> dataset, List<String> classNames,
                        List<String> featureNames, String targetName, Preprocessing preprocessing) {
    /** The largest sidecar read: real ones are a few kilobytes. */
    static final long MAX_SIDECAR_BYTES = 16 << 20;
    /** The model property ({@code Model.getProperty}) the info is saved in. */
    public static final String PROPERTY = "keras4j.model_info";
    /** The value of "format" in a model info. */
    public static final String FORMAT = "keras4j-model-info";
    /** The model info format version this keras4j writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The recipe of {@link #forKerasModel}'s info: the model was not trained by a keras4j recipe. */
    public static final String KERAS_RECIPE = "keras";

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

    /**
     * The info of a model that carries none (a Keras model file, or a model saved with
     * {@code Model.save}), for a data source it was trained on, as a Keras user feeds such data:
     * images scaled to [0, 1] ({@code x / 255.0}) and shaped as the model's input, which must be
     * {@code (height, width, 1)}, {@code (height, width)} or the flat {@code (height * width)} of the
     * data set's gray images; a folder's photos scaled alike and shaped {@code (height, width,
     * channels)} as the {@link ImageFolderDataSource} reads them; table rows as they are (no
     * standardization: the scaling used in Python is unknown), which must be {@code (columns)}. The
     * class names, the task and the feature names are the data source's.
     *
     * @param model  a model with one input and one output
     * @param source the data source
     * @param data   what it loaded
     * @return the info
     * @throws Keras4jException when the model's input or output doesn't fit the data, saying both
     */
    public static ModelInfo forKerasModel(Model model, DataSource source, RecipeData data) {
        int[] input = model.getInputShape();
        int[] output = model.getOutputShape();
        String subject = "Model '" + model.getName() + "' ";
        String dataset = source instanceof CsvDataSource || source instanceof ImageFolderDataSource
                ? source.description() : "data set '" + source.name() + "'";
        String fix = ". Give it the data set it was trained on (keras4j evaluate and predict: --dataset).";
        Preprocessing preprocessing;
        if (data.preprocessing() instanceof ImagePreprocessing images) {
            int h = images.height();
            int w = images.width();
            boolean fits = input.length == 3 && input[0] == h && input[1] == w && input[2] == 1
                    || input.length == 2 && input[0] == h && input[1] == w
                    || input.length == 1 && input[0] == h * w;
            if (!fits) {
                throw new Keras4jException(subject + "takes inputs of shape " + Shapes.withBatch(input)
                        + describe(input) + ", but " + dataset + " holds " + h + " x " + w + " gray images: a model "
                        + "for them takes (None, " + h + ", " + w + ", 1), (None, " + h + ", " + w + ") or (None, "
                        + h * w + ")" + fix);
            }
            preprocessing = images;
        } else if (data.preprocessing() instanceof PhotoPreprocessing photos) {
            int h = photos.height();
            int w = photos.width();
            int c = photos.channels();
            if (!(input.length == 3 && input[0] == h && input[1] == w && input[2] == c)) {
                throw new Keras4jException(subject + "takes inputs of shape " + Shapes.withBatch(input)
                        + describe(input) + ", but " + dataset + " is read as " + h + " x " + w + " "
                        + photos.colorName() + " images: a model for them takes (None, " + h + ", " + w + ", " + c
                        + ")" + fix);
            }
            preprocessing = photos;
        } else {
            List<String> columns = data.featureNames();
            if (input.length != 1 || input[0] != columns.size()) {
                throw new Keras4jException(subject + "takes inputs of shape " + Shapes.withBatch(input)
                        + describe(input) + ", but " + dataset + " holds rows of " + columns.size() + " columns ("
                        + String.join(", ", columns) + "): a model for them takes (None, " + columns.size() + ")"
                        + fix);
            }
            preprocessing = TablePreprocessing.identity(columns);
        }
        int units = output.length == 1 ? output[0] : -1;
        int classes = data.classNames().size();
        if (data.task() == Task.REGRESSION ? units != 1 : units != classes && !(units == 1 && classes == 2)) {
            String wanted = data.task() == Task.REGRESSION ? "one value (" + data.targetName() + ") per example: a "
                    + "model for it gives (None, 1)" : classes + " classes (" + String.join(", ", data.classNames())
                    + "): a model for them gives (None, " + classes + ")" + (classes == 2 ? " or (None, 1)" : "");
            throw new Keras4jException(subject + "gives outputs of shape " + Shapes.withBatch(output) + ", but "
                    + dataset + " has " + wanted + fix);
        }
        return new ModelInfo(KERAS_RECIPE, data.task(), source.getConfig(), data.classNames(), data.featureNames(),
                data.targetName(), preprocessing);
    }

    /** What an input shape says about the model, for the messages of {@link #forKerasModel}. */
    private static String describe(int[] input) {
        if (input.length == 3) {
            return " (" + input[0] + " x " + input[1] + " images with " + input[2] + " channel"
                    + (input[2] == 1 ? "" : "s") + ")";
        }
        return input.length == 1 ? " (rows of " + input[0] + " values)" : "";
    }

    /**
     * @param model     a model read from {@code modelFile}
     * @param modelFile the file
     * @return the info saved in the model ({@link #PROPERTY}) or, from keras4j 0.1, in the sidecar
     *         beside the file; empty when there is neither, as for a Keras model file
     */
    public static Optional<ModelInfo> saved(Model model, Path modelFile) {
        String saved = model.getProperty(PROPERTY);
        if (saved != null) {
            return Optional.of(fromJsonText(saved, "Model file " + modelFile));
        }
        Path sidecar = sidecarOf(modelFile);
        return Files.isRegularFile(sidecar) ? Optional.of(read(sidecar)) : Optional.empty();
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
     * @return where keras4j 0.1 kept its info: the same name with {@code .json} instead of
     *         {@code .keras4j} (or appended)
     */
    public static Path sidecarOf(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".keras4j") ? name.substring(0, name.length() - ".keras4j".length()) : name;
        return modelFile.resolveSibling(base + ".json");
    }

    /** @return the info as JSON (what {@link #toJsonText()} writes) */
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
     * @param json the model info's JSON ({@link #toJson()})
     * @param from how errors name its file
     * @return the info
     * @throws Keras4jException naming the field when one is missing or of the wrong type
     */
    @SuppressWarnings("unchecked")
    public static ModelInfo fromJson(Map<String, Object> json, String from) {
        if (!FORMAT.equals(json.get("format"))) {
            throw new Keras4jException(from + " is not a keras4j model info (its format is '" + json.get("format")
                    + "', expected '" + FORMAT + "').");
        }
        int version = field(json, "format_version", Number.class, from).intValue();
        if (version > FORMAT_VERSION) {
            throw new Keras4jException(from + " was written in model info format " + version + ", newer than this "
                    + "keras4j reads (" + FORMAT_VERSION + "); upgrade keras4j.");
        }
        try {
            return new ModelInfo(field(json, "recipe", String.class, from),
                    Task.of(field(json, "task", String.class, from)),
                    field(json, "dataset", Map.class, from), strings(json, "class_names", from),
                    strings(json, "feature_names", from), field(json, "target_name", String.class, from),
                    Preprocessing.fromConfig(field(json, "preprocessing", Map.class, from)));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new Keras4jException(from + " holds a damaged model info (" + e.getMessage() + "). Train the model "
                    + "again, or restore the file.", e);
        }
    }

    private static <T> T field(Map<String, Object> json, String name, Class<T> type, String from) {
        Object value = json.get(name);
        if (!type.isInstance(value)) {
            throw new Keras4jException(from + " holds a damaged model info: its '" + name + "' is "
                    + (value == null ? "missing" : "not a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    .replace("map", "JSON object")) + ". Train the model again, or restore the file.");
        }
        return type.cast(value);
    }

    private static List<String> strings(Map<String, Object> json, String name, String from) {
        List<?> list = field(json, name, List.class, from);
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw new Keras4jException(from + " holds a damaged model info: its '" + name + "' holds " + item
                        + ", not a name. Train the model again, or restore the file.");
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** @return this info as the JSON text saved in the model file ({@link #PROPERTY}) */
    public String toJsonText() {
        try {
            return ModelFile.json().writeValueAsString(toJson());
        } catch (IOException e) {
            throw new IllegalStateException("model info can't be written as JSON", e);
        }
    }

    /**
     * @param text the output of {@link #toJsonText()}
     * @param from how errors name its file
     * @return the info
     */
    public static ModelInfo fromJsonText(String text, String from) {
        try {
            return fromJson(ModelFile.json().readValue(text, new TypeReference<Map<String, Object>>() { }), from);
        } catch (IOException e) {
            throw new Keras4jException(from + " holds a damaged model info (not JSON: " + e.getMessage() + ").", e);
        }
    }

    /**
     * @param sidecar a sidecar written by keras4j 0.1 next to its model file
     * @return its info
     */
    public static ModelInfo read(Path sidecar) {
        try {
            if (Files.size(sidecar) > MAX_SIDECAR_BYTES) {
                throw new Keras4jException("The model's sidecar " + sidecar + " is " + Files.size(sidecar) + " bytes, "
                        + "far more than model info takes (at most " + MAX_SIDECAR_BYTES + "); it is not keras4j's.");
            }
            Map<String, Object> json = ModelFile.json().readValue(Files.readAllBytes(sidecar),
                    new TypeReference<Map<String, Object>>() { });
            return fromJson(json, "File " + sidecar);
        } catch (NoSuchFileException e) {
            throw new Keras4jException("The model file holds no model info (the classes and input preprocessing it "
                    + "was trained with), and there is no sidecar " + sidecar + " beside it, where keras4j 0.1 kept "
                    + "it. Use a model written by 'keras4j train' or TrainedModel.save, or name the data the model "
                    + "was trained on, as a Keras model file needs: TrainedModel.of(Model.load(path), "
                    + "DataSources.get(\"mnist\")) (keras4j evaluate and predict: --dataset).");
        } catch (IOException | RuntimeException e) {
            if (e instanceof Keras4jException k) {
                throw k;
            }
            throw new Keras4jException("The model's sidecar " + sidecar + " can't be read (" + e.getMessage() + ").",
                    e);
        }
    }
}

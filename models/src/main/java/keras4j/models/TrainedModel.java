package keras4j.models;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.graph.KerasTensor;
import keras4j.graph.Node;
import keras4j.layers.Activation;
import keras4j.layers.Input;
import keras4j.models.internal.ModelArrays;

/**
 * A trained model with what it was trained on ({@link ModelInfo}): it takes examples as the data
 * set holds them (an image file, a CSV row, raw pixels) and prepares them exactly as in training.
 * Saved as one model file that holds the info too.
 *
 * <pre>{@code
 * TrainedModel model = TrainedModel.load(Path.of("runs/mnist-mlp/model.keras4j"));
 * List<Prediction> top3 = model.predictImage(Path.of("seven.png"), 3);
 * List<Prediction> species = TrainedModel.load(irisFile).predictRow(new double[] {5.1, 3.5, 1.4, 0.2}, 1);
 * TrainedModel keras = TrainedModel.of(Model.load(Path.of("lenet.h5")), DataSources.mnist());   // a Keras file
 * }</pre>
 *
 * <p>The model may be a {@code Sequential} or a {@code Functional}, with one input and one output.
 * Not thread-safe, like the {@link Model} it holds.
 */
public final class TrainedModel {
    /** The end of the refusal of a model with several inputs or outputs. */
    private static final String ONE_INPUT_AND_OUTPUT = "keras4j evaluate and predict (TrainedModel) take models with "
            + "one input and one output. Use the model itself from Java (Model.load(path) for a file): its predict "
            + "and evaluate take maps of arrays by input and output name.";

    private final Model model;
    private final ModelInfo info;

    /**
     * @param model a compiled model with one input and one output
     * @param info  what it was trained on
     */
    public TrainedModel(Model model, ModelInfo info) {
        ModelArrays.requireOneInputAndOutput(model, "Model '" + model.getName() + "'", ONE_INPUT_AND_OUTPUT);
        this.model = model;
        this.info = info;
    }

    /**
     * @param modelFile a model file written by {@link #save} (or, from keras4j 0.1, a model file
     *                  with its JSON sidecar next to it), of a model with one input and one output
     * @return the model and its info
     */
    public static TrainedModel load(Path modelFile) {
        return of(Model.load(modelFile), modelFile);
    }

    /**
     * @param model     a model read from {@code modelFile}
     * @param modelFile the file, holding the model's info ({@link ModelInfo#saved})
     * @return the model and its info
     * @throws Keras4jException when the model has several inputs or outputs, or the file no info
     */
    public static TrainedModel of(Model model, Path modelFile) {
        ModelArrays.requireOneInputAndOutput(model, "Model file " + modelFile, ONE_INPUT_AND_OUTPUT);
        ModelInfo info = ModelInfo.saved(model, modelFile).orElseGet(() -> ModelInfo.read(ModelInfo.sidecarOf(
                modelFile)));
        return new TrainedModel(model, info);
    }

    /**
     * A model that carries no info (a Keras model file), for the data source it was trained on: its
     * info is {@link ModelInfo#forKerasModel}'s.
     *
     * @param model  a model with one input and one output
     * @param source the data it was trained on; loaded here
     * @return the model ready to predict and evaluate, as {@link #of(Model, DataSource, RecipeData, Consumer)} says
     */
    public static TrainedModel of(Model model, DataSource source) {
        return of(model, source, source.load(), note -> { });
    }

    /**
     * A model that carries no info (a Keras model file), for the data source it was trained on: its
     * info is {@link ModelInfo#forKerasModel}'s. A model without compile settings (Keras's
     * {@code to_json()} and {@code save_weights()} files have none) is compiled to be evaluated, as
     * Keras users compile a classifier: categorical cross-entropy (binary for one output unit) and
     * accuracy, or for regression mean squared error and mean absolute error. When such a
     * classifier's output layer has no activation (it gives logits, as a model trained with
     * {@code from_logits=True} does), a softmax (a sigmoid for one unit) is put after it, so its
     * outputs are probabilities and the cross-entropy is Keras's {@code from_logits=True} one; the
     * model is then a layer of the returned {@link #model()}, which holds its weights (use that one).
     *
     * @param model  a model with one input and one output; compiled here when it isn't
     * @param source the data it was trained on
     * @param data   what {@code source} loaded
     * @param notes  told each thing assumed, e.g. the loss compiled
     * @return the model, or the model under that softmax, with its info
     * @throws Keras4jException when the model's input or output doesn't fit the data
     */
    public static TrainedModel of(Model model, DataSource source, RecipeData data, Consumer<String> notes) {
        ModelArrays.requireOneInputAndOutput(model, "Model '" + model.getName() + "'", ONE_INPUT_AND_OUTPUT);
        ModelInfo info = ModelInfo.forKerasModel(model, source, data);
        boolean images = !(info.preprocessing() instanceof TablePreprocessing);
        notes.accept(images ? "Pixels are scaled to 0..1 (x / 255.0), as Keras's examples feed them."
                : "The columns are fed as they are (not standardized).");
        Model ready = model;
        if (!model.isCompiled()) {
            int units = model.getOutputShape()[0];
            String loss;
            String[] metrics;
            if (info.task() == Task.REGRESSION) {
                loss = "mean_squared_error";
                metrics = new String[] {"mae"};
            } else {
                loss = units == 1 ? "binary_crossentropy" : "categorical_crossentropy";
                metrics = new String[] {"accuracy"};
                String activation = outputActivation(model);
                if ("linear".equals(activation)) {
                    String squash = units == 1 ? "sigmoid" : "softmax";
                    notes.accept("The output layer '" + model.getGraph().getOutputs().get(0).getName() + "' has no "
                            + "activation (it gives logits): a " + squash + " is put after it, as from_logits=True "
                            + "means.");
                    KerasTensor x = Input.tensor(model.getInputShape());
                    ready = new Functional(x, new Activation(squash).name(model.getName() + "_" + squash)
                            .apply(model.apply(x)));
                }
            }
            notes.accept("The model has no compile settings: its loss and metrics are taken to be " + loss + " and "
                    + String.join(", ", metrics) + ".");
            ready.compile("adam", loss, metrics);
        }
        return new TrainedModel(ready, info);
    }

    /** @return the activation of the layer that gives the model's output, or null when it has none */
    private static String outputActivation(Model model) {
        Node output = model.getGraph().getOutputs().get(0);
        return output.getLayer() == null ? null : (String) output.getLayer().getConfig().get("activation");
    }

    /**
     * Writes the model file, atomically, with the info inside it (the model property
     * {@link ModelInfo#PROPERTY}).
     *
     * @param modelFile e.g. {@code mnist.keras4j}
     */
    public void save(Path modelFile) {
        model.setProperty(ModelInfo.PROPERTY, info.toJsonText());
        model.save(modelFile);
    }

    /** @return the model */
    public Model model() {
        return model;
    }

    /** @return what it was trained on */
    public ModelInfo info() {
        return info;
    }

    /**
     * @param rawX examples as the data set holds them (e.g. pixels 0..255)
     * @return the model's outputs {@code [n, units]}
     */
    public INDArray outputs(INDArray rawX) {
        return model.predict(inputs(rawX));
    }

    /**
     * @param rawX examples as the data set holds them
     * @param y    class ids or target values {@code [n]}
     * @return the loss and the compiled metrics
     */
    public Map<String, Double> evaluate(INDArray rawX, INDArray y) {
        INDArray x = inputs(rawX);
        return model.evaluate(x, ModelArrays.targets(info.task(), y, x, model, "data set '" + info.datasetName()
                + "'"));
    }

    private INDArray inputs(INDArray rawX) {
        return ModelArrays.inputs(info.preprocessing().transform(rawX), model.getInputShape(),
                "data set '" + info.datasetName() + "'");
    }

    /**
     * @param file a PNG, JPEG, GIF or BMP image, read as {@link ImagePreprocessing#read(Path)} says
     * @param top  how many classes to return, most probable first
     * @return the top classes with their probabilities
     */
    public List<Prediction> predictImage(Path file, int top) {
        return predictImage(file, top, warning -> { });
    }

    /**
     * @param file     a PNG, JPEG, GIF or BMP image, read as {@link ImagePreprocessing#read(Path)} says;
     *                 prepared as the model's {@link ImagePreprocessing} (a drawing) or
     *                 {@link PhotoPreprocessing} (a photo) says
     * @param top      how many classes to return, most probable first
     * @param warnings told when the answer is likely meaningless, e.g. for a blank drawing
     * @return the top classes with their probabilities
     */
    public List<Prediction> predictImage(Path file, int top, Consumer<String> warnings) {
        if (info.preprocessing() instanceof PhotoPreprocessing photos) {
            return predict(photos.fromImage(file), top);
        }
        return predict(imagePreprocessing().fromImage(file, warnings), top);
    }

    /**
     * @param image any image; converted as {@link ImagePreprocessing#fromImage(BufferedImage)} or
     *              {@link PhotoPreprocessing#fromImage(BufferedImage)} says
     * @param top   how many classes to return
     * @return the top classes with their probabilities
     */
    public List<Prediction> predictImage(BufferedImage image, int top) {
        return predict(exampleOf(image), top);
    }

    private ImagePreprocessing imagePreprocessing() {
        if (!(info.preprocessing() instanceof ImagePreprocessing images)) {
            throw new Keras4jException("This model was trained on rows of " + info.featureNames().size()
                    + " features (" + String.join(", ", info.featureNames()) + "), not on images. Give it a CSV "
                    + "row instead.");
        }
        return images;
    }

    /**
     * @param row one example's features, in {@link ModelInfo#featureNames()} order, in the data's units
     * @param top how many classes to return
     * @return the top classes with their probabilities, or the predicted value
     */
    public List<Prediction> predictRow(double[] row, int top) {
        if (!(info.preprocessing() instanceof TablePreprocessing table)) {
            throw new Keras4jException("This model was trained on images, not on rows of numbers. Give it a PNG or "
                    + "JPEG image instead.");
        }
        return predict(table.fromRow(row), top);
    }

    /**
     * @param rawExample one example as the data set holds it, with a leading batch axis of 1
     * @param top        how many classes to return
     * @return the top classes with their probabilities, or the predicted value
     */
    public List<Prediction> predict(INDArray rawExample, int top) {
        return predictAll(rawExample, top).get(0);
    }

    /**
     * One {@code predict} for many examples at once (faster than one call each).
     *
     * @param rawExamples examples as the data set holds them, the batch axis first
     * @param top         how many classes to return for each
     * @return for each example, its top classes with their probabilities, or its predicted value
     */
    public List<List<Prediction>> predictAll(INDArray rawExamples, int top) {
        requireClassesOrValues();
        return predictions(outputs(rawExamples), top);
    }

    private void requireClassesOrValues() {
        if (info.task() == Task.RECONSTRUCTION) {
            throw new Keras4jException("Model '" + model.getName() + "' (recipe " + info.recipe() + ") rebuilds its "
                    + "input images, it doesn't classify them: there are no classes to predict. Use keras4j evaluate "
                    + "for its reconstruction error, or Model.predict from Java for the rebuilt images.");
        }
    }

    /**
     * @param outputs the model's outputs for some examples ({@link #outputs})
     * @param top     how many classes to return for each
     * @return for each example, its top classes with their probabilities, or its predicted value
     */
    public List<List<Prediction>> predictions(INDArray outputs, int top) {
        requireClassesOrValues();
        List<List<Prediction>> result = new ArrayList<>();
        for (int row = 0; row < outputs.size(0); row++) {
            INDArray out = outputs.getRow(row);
            if (info.task() == Task.REGRESSION) {
                result.add(List.of(new Prediction(-1, info.targetName(), out.getDouble(0))));
                continue;
            }
            double[] probabilities = ModelArrays.probabilities(out);
            List<Prediction> all = new ArrayList<>();
            for (int c = 0; c < probabilities.length; c++) {
                String name = c < info.classNames().size() ? info.classNames().get(c) : Integer.toString(c);
                all.add(new Prediction(c, name, probabilities[c]));
            }
            all.sort(Comparator.comparingDouble(Prediction::value).reversed());
            result.add(List.copyOf(all.subList(0, Math.max(1, Math.min(top, all.size())))));
        }
        return result;
    }

    /**
     * @param image any image
     * @return the example the model sees for it, as the data set holds its examples (e.g. 28 x 28
     *         pixels 0..255, gray, light on dark, centred as the training images): what
     *         {@link #predictImage(BufferedImage, int)} predicts on, with a batch axis of 1
     */
    public INDArray exampleOf(BufferedImage image) {
        if (info.preprocessing() instanceof PhotoPreprocessing photos) {
            return photos.fromImage(image);
        }
        return imagePreprocessing().fromImage(image);
    }
}

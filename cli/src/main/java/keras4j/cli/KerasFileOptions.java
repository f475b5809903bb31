package keras4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import picocli.CommandLine.Option;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.models.CsvDataSource;
import keras4j.models.DataSource;
import keras4j.models.DataSources;
import keras4j.models.ImageFolderDataSource;
import keras4j.models.ModelInfo;
import keras4j.models.RecipeData;
import keras4j.models.TrainedModel;
import keras4j.saving.KerasFiles;

/**
 * What {@code evaluate}, {@code predict} and {@code summary} need to read Keras's own model files
 * as well as keras4j's: {@code --weights} for a {@code model.to_json()} architecture, and the data
 * set a model file without keras4j's model info (every Keras file) is used with.
 */
final class KerasFileOptions {
    @Option(names = "--weights", paramLabel = "FILE", description = "The weights (Keras's model.save_weights .h5) of "
            + "a model file that is an architecture (Keras's model.to_json()).")
    Path weights;

    /**
     * @param modelFile a keras4j model file, a Keras whole-model file, or, with {@code --weights}, a
     *                  Keras JSON architecture; told apart by their content
     * @return the model
     */
    Model load(Path modelFile) {
        boolean json = Files.isRegularFile(modelFile) && KerasFiles.isJson(modelFile);
        if (weights == null) {
            if (json) {
                throw new Keras4jException("Model file " + modelFile + " is a Keras architecture (model.to_json()) "
                        + "without weights: give its weights file (model.save_weights) with --weights FILE.");
            }
            return Model.load(modelFile);   // says when it does not exist
        }
        if (!json && Files.isRegularFile(modelFile)) {
            throw new Keras4jException("--weights goes with a Keras architecture file (model.to_json()), but "
                    + modelFile + " is " + (KerasFiles.isHdf5(modelFile) ? "an HDF5 file, a whole Keras model"
                    : "a model file") + ", which holds its own weights. Drop --weights.");
        }
        for (Path file : new Path[] {modelFile, weights}) {
            if (!Files.isRegularFile(file)) {
                throw new Keras4jException((file == weights ? "The weights file " : "Model file ") + file
                        + (file == weights ? " (--weights)" : "") + " does not exist.");
            }
        }
        return KerasFiles.load(modelFile, weights);
    }

    /**
     * A model with one input and one output, ready to predict and evaluate: with the info saved in
     * its file, or, for a file with none, the info of {@code dataset}.
     *
     * @param modelFile the model file, read by {@link #load}
     * @param dataset   a data set's name or a CSV file, or null
     * @param notes     told what was assumed about a model without info
     * @return the model, and the data it was matched to when it had no info
     */
    Loaded trainedModel(Path modelFile, String dataset, Consumer<String> notes) {
        Model model = load(modelFile);
        if (ModelInfo.saved(model, modelFile).isPresent()) {
            return new Loaded(TrainedModel.of(model, modelFile), null, null);
        }
        if (dataset == null) {
            throw new Keras4jException("Model file " + modelFile + " holds no data set (nor class names or input "
                    + "preprocessing), as Keras's model files never do: name the one it was trained on with "
                    + "--dataset " + String.join(", ", DataSources.names()) + ", a CSV file or a folder of images.");
        }
        DataSource source = dataSource(dataset, model);
        RecipeData data = source.load();
        return new Loaded(TrainedModel.of(model, source, data, notes), source, data);
    }

    /**
     * @param dataset a built-in data set's name, a CSV file (by its {@code .csv} ending) or a folder
     *                of class subfolders of images
     * @param model   the model it is for: a folder's images are read at its input's size and channels
     * @return the data source
     */
    static DataSource dataSource(String dataset, Model model) {
        if (isImageFolder(dataset)) {
            ImageFolderDataSource folder = new ImageFolderDataSource(Path.of(dataset));
            int[] input = model.getInputShape();
            if (input.length == 3 && input[0] > 0 && input[1] > 0 && (input[2] == 1 || input[2] == 3)) {
                folder.imageSize(input[0], input[1]).grayscale(input[2] == 1);
            }
            return folder;
        }
        return dataset.toLowerCase(Locale.ROOT).endsWith(".csv") ? new CsvDataSource(Path.of(dataset))
                : DataSources.get(dataset);
    }

    /** @return whether {@code dataset} names a folder (of images, a subfolder per class) rather than a data set */
    static boolean isImageFolder(String dataset) {
        return dataset != null && Files.isDirectory(Path.of(dataset));
    }

    /**
     * @param model  the model with its info
     * @param source the data source of its info when its file had none, else null
     * @param data   what {@code source} loaded, else null
     */
    record Loaded(TrainedModel model, DataSource source, RecipeData data) {
    }
}

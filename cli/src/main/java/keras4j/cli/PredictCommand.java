package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.Keras4jException;
import keras4j.models.CsvDataSource;
import keras4j.models.ImagePreprocessing;
import keras4j.models.PhotoPreprocessing;
import keras4j.models.Prediction;
import keras4j.models.TrainedModel;

/** {@code keras4j predict}: a saved model's top classes for image files or CSV rows. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a saved model. Images (PNG, JPEG, GIF, BMP) for a model trained on drawings "
                + "(MNIST, Fashion-MNIST) are made gray, inverted when dark on light (the training images are light "
                + "on dark), cropped to the drawing, scaled and centered like the training images; for a model "
                + "trained by 'keras4j train-images', a photo is taken whole and resized as its folder's images "
                + "were. A CSV file gives one prediction per row: with a header, columns are matched "
                + "to the model's features by name; without one, each row holds exactly the features. A Keras model "
                + "file (a whole-model .h5, or a model.to_json() file with --weights) holds no class names or "
                + "preprocessing: name the data set it was trained on with --dataset."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<model-file>", description = "A model saved by 'keras4j train' or "
            + "TrainedModel.save, or by Keras, with one input and one output.")
    private Path modelFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<file>", description = "Images or CSV files.")
    private List<Path> files;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3",
            description = "How many classes to show, most probable first (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--delimiter", paramLabel = "C", defaultValue = ",", converter = DelimiterConverter.class,
            description = "The character between CSV cells (default: '${DEFAULT-VALUE}'; '\\t' or tab for a tab).")
    private char delimiter;

    @Option(names = "--dataset", paramLabel = "NAME", description = "For a Keras model file: the data set it was "
            + "trained on (mnist, fashion-mnist, iris, xor, linear-regression, a CSV file, or a folder of images), "
            + "which gives the class names, the features and the image size.")
    private String dataset;

    @Mixin
    private KerasFileOptions kerasFiles;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Score a table on a Spark cluster (local[2], "
            + "spark://HOST:7077, ...): then the files are <input> <output>, each Parquet (a file or folder) or CSV "
            + "(a name ending in .csv, with a header), and the output gets the columns prediction, probability "
            + "and, for classifiers, class. Needs the Spark module: ./keras4j builds it when --spark is given.")
    private String spark;

    @Override
    public Integer call() {
        if (spark != null) {
            if (files.size() != 2) {
                throw new Keras4jException("predict --spark takes a model, an input table and an output path; received "
                        + files.size() + " file(s) after the model. Example: keras4j predict --spark local[2] "
                        + "model.keras4j rows.parquet scored.parquet");
            }
            SparkRunner.find().predict(spark, modelFile, files.get(0), files.get(1), delimiter,
                    spec.commandLine().getOut());
            return 0;
        }
        if (top < 1) {
            throw new Keras4jException("--top must be at least 1; received " + top + ".");
        }
        PrintWriter err = spec.commandLine().getErr();
        KerasFileOptions.Loaded loaded = kerasFiles.trainedModel(modelFile, dataset, note -> err.println("Note: " + note));
        err.flush();
        TrainedModel model = loaded.model();
        if (dataset != null && loaded.source() == null) {
            throw new Keras4jException("Model file " + modelFile + " says what it was trained on (data set '"
                    + model.info().datasetName() + "'); --dataset is for a model file that doesn't, as Keras's don't. "
                    + "Drop --dataset.");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                if (model.info().preprocessing() instanceof ImagePreprocessing images) {
                    throw imagesNotRows(file, images.width(), images.height());
                }
                if (model.info().preprocessing() instanceof PhotoPreprocessing photos) {
                    throw imagesNotRows(file, photos.width(), photos.height());
                }
                List<double[]> rows = CsvDataSource.readFeatureRows(file, delimiter, model.info().featureNames());
                for (int i = 0; i < rows.size(); i++) {
                    out.println(file + " row " + (i + 1) + ": " + format(model.predictRow(rows.get(i), top)));
                }
            } else if (name.matches(".*\\.(png|jpe?g|gif|bmp)")) {
                List<Prediction> predictions = model.predictImage(file, top, warning -> err.println("Warning: "
                        + warning));
                err.flush();
                out.println(file + ": " + format(predictions));
            } else {
                throw new Keras4jException("Can't predict on " + file + ": expected a PNG, JPEG, GIF or BMP image, or a "
                        + "CSV file of feature rows.");
            }
            out.flush();
        }
        return 0;
    }

    private static Keras4jException imagesNotRows(Path file, int width, int height) {
        return new Keras4jException("Can't predict on " + file + ": this model takes images (any size, scaled to "
                + width + " x " + height + "), not CSV rows. Give it PNG, JPEG, GIF or BMP images.");
    }

    private static String format(List<Prediction> predictions) {
        if (predictions.size() == 1 && predictions.get(0).isValue()) {
            return predictions.get(0).toString();
        }
        return predictions.stream().map(p -> p.label() + " (" + String.format(Locale.ROOT, "%.1f%%", 100 * p.value())
                + ")").collect(Collectors.joining(", "));
    }
}

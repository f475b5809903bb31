package keras4j.cli.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Model;
import keras4j.callbacks.History;
import keras4j.internal.AtomicFiles;
import keras4j.internal.ModelFile;
import keras4j.models.ImagePreprocessing;
import keras4j.models.PhotoPreprocessing;
import keras4j.models.RecipeData;
import keras4j.models.Task;
import keras4j.models.TrainingResult;

/**
 * Writes a training run's folder: the model (with what it was trained on inside), {@code summary.txt},
 * {@code history.csv}, {@code metrics.json}, {@code history.png}, for classifiers
 * {@code confusion_matrix.csv}, {@code confusion_matrix.png} and the misclassified test examples
 * ({@code misclassified.png} for images, {@code misclassified.csv} for tables), and for an image
 * autoencoder {@code reconstructions.png} (test images over what it rebuilt of them). Every file is
 * written atomically. A chart that can't be drawn (say, no fonts on a bare server) is reported as a
 * warning; the other files are still written.
 *
 * <pre>{@code
 * List<String> files = RunReport.write(Path.of("runs/iris"), result, System.err::println);
 * }</pre>
 */
public final class RunReport {
    /** The model file's name in a run folder. */
    public static final String MODEL_FILE = "model.keras4j";
    /** The number of misclassified examples shown or listed. */
    public static final int MISCLASSIFIED_SHOWN = 16;
    /** The number of test images shown with their reconstructions (each pair takes two cells). */
    public static final int RECONSTRUCTIONS_SHOWN = 8;

    private RunReport() {
    }

    /**
     * @param folder the run folder (created if missing)
     * @param result the training run
     * @param warn   receives one line per chart that could not be drawn
     * @return the names of the files written, in order
     * @throws IOException when a file can't be written
     */
    public static List<String> write(Path folder, TrainingResult result, Consumer<String> warn) throws IOException {
        List<String> written = new ArrayList<>();
        Path model = folder.resolve(MODEL_FILE);
        result.trainedModel().save(model);
        written.add(MODEL_FILE);
        text(folder.resolve("summary.txt"), result.model().summary());
        written.add("summary.txt");
        text(folder.resolve("history.csv"), historyCsv(result.history()));
        written.add("history.csv");
        byte[] metrics = ModelFile.json().writeValueAsBytes(metrics(result));
        AtomicFiles.write(folder.resolve("metrics.json"), out -> out.write(metrics));
        written.add("metrics.json");
        png(folder, "history.png", () -> HistoryChart.render(result.history(), result.recipe()), written, warn);
        RecipeData data = result.data();
        if (data.task() == Task.RECONSTRUCTION && data.preprocessing() instanceof ImagePreprocessing images) {
            png(folder, "reconstructions.png", () -> reconstructions(result, images), written, warn);
        }
        if (data.task() == Task.CLASSIFICATION) {
            int[][] confusion = result.confusionMatrix();
            text(folder.resolve("confusion_matrix.csv"), confusionCsv(confusion, data));
            written.add("confusion_matrix.csv");
            png(folder, "confusion_matrix.png", () -> ConfusionChart.render(confusion, data.classNames()), written,
                    warn);
            List<Integer> wrong = result.misclassified();
            if (wrong.isEmpty()) {
                // Nothing to show: every test example is right.
            } else if (data.preprocessing() instanceof ImagePreprocessing images) {
                png(folder, "misclassified.png", () -> ImageGrid.render(data.xTest(), images.height(),
                        images.width(), wrong.subList(0, Math.min(MISCLASSIFIED_SHOWN, wrong.size())),
                        data.yTest().toIntVector(), result.predictedClasses(), data.classNames()), written, warn);
            } else if (data.preprocessing() instanceof PhotoPreprocessing photos) {
                png(folder, "misclassified.png", () -> ImageGrid.render(data.xTest(), photos.height(),
                        photos.width(), photos.channels(), wrong.subList(0, Math.min(MISCLASSIFIED_SHOWN,
                        wrong.size())), data.yTest().toIntVector(), result.predictedClasses(), data.classNames()),
                        written, warn);
            } else {
                text(folder.resolve("misclassified.csv"), misclassifiedCsv(result, wrong));
                written.add("misclassified.csv");
            }
        }
        return written;
    }

    /**
     * The first {@value #RECONSTRUCTIONS_SHOWN} test images over what the model rebuilt of them: rows
     * of originals, each followed by the row of their reconstructions.
     */
    static BufferedImage reconstructions(TrainingResult result, ImagePreprocessing images) {
        RecipeData data = result.data();
        int pixels = images.height() * images.width();
        int n = Math.min(RECONSTRUCTIONS_SHOWN, data.testSize());
        INDArray originals = data.xTest().castTo(DataType.FLOAT).reshape('c', new long[] {data.testSize(), pixels});
        // The outputs are the scaled pixels, 0..1 (ImagePreprocessing divides by 255).
        INDArray rebuilt = result.testOutputs().castTo(DataType.FLOAT).reshape('c', new long[] {data.testSize(),
                pixels}).mul(255f);
        int side = ImageGrid.SIDE;
        INDArray grid = Nd4j.create(DataType.FLOAT, 2L * n, pixels);
        List<Integer> shown = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        int at = 0;
        for (int row = 0; row < n; row += side) {
            for (INDArray from : List.of(originals, rebuilt)) {
                for (int i = row; i < Math.min(row + side, n); i++) {
                    grid.putRow(at, from.getRow(i));
                    shown.add(at++);
                    titles.add(from == originals ? data.className(data.yTest().getInt(i)) : "rebuilt");
                }
            }
        }
        return ImageGrid.render(grid, images.height(), images.width(), 1, shown, titles);
    }

    /** What metrics.json holds. */
    static Map<String, Object> metrics(TrainingResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        RecipeData data = result.data();
        Model model = result.model();
        m.put("recipe", result.recipe());
        m.put("dataset", data.dataset());
        m.put("task", data.task().id());
        for (Map.Entry<String, Double> e : result.testScores().entrySet()) {
            m.put("test_" + e.getKey(), e.getValue());
        }
        if (data.task() != Task.CLASSIFICATION && !m.containsKey("test_mse")
                && "mean_squared_error".equals(model.getLoss().getName())) {
            m.put("test_mse", result.testScores().get("loss"));
        }
        m.put("test_examples", data.testSize());
        m.put("train_examples", result.trainExamples());
        m.put("validation_split", result.validationSplit());
        m.put("epochs", result.epochs());
        m.put("batch_size", result.batchSize());
        m.put("optimizer", model.getOptimizer().getConfig());
        m.put("loss", model.getLoss().getName());
        m.put("seed", result.seed());
        m.put("params", model.countParams());
        m.put("fit_seconds", round(result.fitSeconds()));
        m.put("seconds_per_epoch", round(result.secondsPerEpoch()));
        m.put("wall_seconds", round(result.wallSeconds()));
        Map<String, Object> last = new LinkedHashMap<>();
        History history = result.history();
        for (String key : history.keys()) {
            last.put(key, history.last(key));
        }
        m.put("last_epoch", last);
        m.put("keras4j_version", ModelFile.keras4jVersion());
        m.put("dl4j_version", ModelFile.dl4jVersion());
        m.put("created", Instant.now().toString());
        return m;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** Keras's CSVLogger layout: epoch (from 0), then the metrics in alphabetical order. */
    static String historyCsv(History history) {
        List<String> keys = new ArrayList<>(history.keys());
        keys.sort(null);
        StringBuilder s = new StringBuilder("epoch");
        keys.forEach(k -> s.append(',').append(k));
        s.append('\n');
        Map<String, List<Double>> values = history.getHistory();
        List<Integer> epochs = history.getEpochs();
        for (int i = 0; i < epochs.size(); i++) {
            s.append(epochs.get(i));
            for (String k : keys) {
                List<Double> v = values.get(k);
                s.append(',').append(i < v.size() ? v.get(i) : Double.NaN);
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Rows: the true class; columns: the predicted class; both labelled with the class names. */
    static String confusionCsv(int[][] confusion, RecipeData data) {
        StringBuilder s = new StringBuilder("true\\predicted");
        for (int c = 0; c < confusion.length; c++) {
            s.append(',').append(csvCell(data.className(c)));
        }
        s.append('\n');
        for (int r = 0; r < confusion.length; r++) {
            s.append(csvCell(data.className(r)));
            for (int c = 0; c < confusion.length; c++) {
                s.append(',').append(confusion[r][c]);
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The wrong test rows in the data's own units, with the label, the prediction and its probability. */
    static String misclassifiedCsv(TrainingResult result, List<Integer> wrong) {
        RecipeData data = result.data();
        StringBuilder s = new StringBuilder("test_row");
        data.featureNames().forEach(f -> s.append(',').append(csvCell(f)));
        s.append(",label,predicted,probability\n");
        int[] truth = result.trueClasses();
        int[] predicted = result.predictedClasses();
        for (int i : wrong) {
            s.append(i);
            INDArray row = data.xTest().getRow(i);
            for (int f = 0; f < row.length(); f++) {
                s.append(',').append(row.getFloat(f));
            }
            INDArray out = result.testOutputs().getRow(i);
            double probability = out.length() == 1 ? (predicted[i] == 1 ? out.getDouble(0) : 1 - out.getDouble(0))
                    : out.getDouble(predicted[i]);
            s.append(',').append(csvCell(data.className(truth[i]))).append(',')
                    .append(csvCell(data.className(predicted[i]))).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.4f", probability)).append('\n');
        }
        return s.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void text(Path file, String content) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(content);
            w.flush();
        });
    }

    /** Draws an image; a drawing failure (not an I/O one) becomes a warning. */
    private static void png(Path folder, String name, ImageSupplier image, List<String> written,
                            Consumer<String> warn) throws IOException {
        BufferedImage picture;
        try {
            picture = image.get();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            warn.accept("could not draw " + name + " (" + e + "); the other files are written.");
            return;
        }
        AtomicFiles.write(folder.resolve(name), out -> ImageIO.write(picture, "png", out));
        written.add(name);
    }

    @FunctionalInterface
    private interface ImageSupplier {
        BufferedImage get();
    }
}

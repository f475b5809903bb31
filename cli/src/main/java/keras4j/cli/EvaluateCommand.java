package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.indexing.NDArrayIndex;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.Keras4jException;
import keras4j.datasets.LabeledData;
import keras4j.internal.ModelFile;
import keras4j.models.CsvDataSource;
import keras4j.models.DataSource;
import keras4j.models.DataSources;
import keras4j.models.ImageFolderDataSource;
import keras4j.models.RecipeData;
import keras4j.models.TrainedModel;

/** {@code keras4j evaluate}: a saved model's loss and metrics on a test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test set of the data it was trained on, or of another data set, "
                + "CSV file or folder of images with a subfolder per class (all of whose rows or images are then "
                + "used). A Keras model file (a whole-model .h5, or a "
                + "model.to_json() file with --weights) holds no data set: name it with --dataset.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<model-file>", description = "A model saved by 'keras4j train' or TrainedModel.save, or "
            + "by Keras, with one input and one output.")
    private Path modelFile;

    @Option(names = "--dataset", paramLabel = "NAME", description = "mnist, fashion-mnist, iris, xor, "
            + "linear-regression, a CSV file, or a folder of images (default: the model's; required for a Keras "
            + "model file).")
    private String dataset;

    @Option(names = "--limit", paramLabel = "N",
            description = "Evaluate on only the first N test examples, for a quick check.")
    private Integer limit;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    private boolean json;

    @Mixin
    private KerasFileOptions kerasFiles;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) {
            throw new Keras4jException("--limit must be at least 1; received " + limit + ".");
        }
        List<String> notes = new ArrayList<>();
        KerasFileOptions.Loaded loaded = kerasFiles.trainedModel(modelFile, dataset, notes::add);
        TrainedModel model = loaded.model();
        boolean csvFile = dataset != null && dataset.toLowerCase(Locale.ROOT).endsWith(".csv");
        String name;
        LabeledData test;
        if (KerasFileOptions.isImageFolder(dataset)) {
            DataSource trained = loaded.source() != null ? loaded.source() : model.info().dataSource();
            if (!(trained instanceof ImageFolderDataSource like)) {
                throw new Keras4jException("Model file " + modelFile + " was trained on data set '"
                        + model.info().datasetName() + "', not on a folder of images, so it can't be evaluated on "
                        + "the folder " + dataset + ". Give --dataset a data set like the one it was trained on.");
            }
            test = like.withFolder(Path.of(dataset)).loadAll(model.info().classNames());
            name = "image folder " + dataset;
        } else if (csvFile) {
            DataSource trained = loaded.source() != null ? loaded.source() : model.info().dataSource();
            CsvDataSource csv = trained instanceof CsvDataSource like ? like.withFile(Path.of(dataset))
                    : new CsvDataSource(Path.of(dataset));
            test = csv.loadAll(model.info().classNames());
            name = dataset;
        } else {
            DataSource source = dataset == null ? model.info().dataSource() : DataSources.get(dataset);
            RecipeData data = loaded.data() != null ? loaded.data() : source.load();
            test = data.test();
            name = source instanceof CsvDataSource || source instanceof ImageFolderDataSource
                    ? source.description() + " (test split)" : source.name();
        }
        if (limit != null && limit < test.size()) {
            test = new LabeledData(test.x().get(NDArrayIndex.interval(0, limit)),
                    test.y().get(NDArrayIndex.interval(0, limit)));
        }
        Map<String, Double> scores = model.evaluate(test.x(), test.y());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", modelFile.toString());
            result.put("dataset", name);
            result.put("examples", test.size());
            result.putAll(scores);
            if (!notes.isEmpty()) {
                result.put("notes", notes);
            }
            out.println(ModelFile.json().writer().withoutFeatures(
                    org.nd4j.shade.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            notes.forEach(note -> out.println("Note: " + note));
            out.println("Data set: " + name + " (" + test.size() + " examples)");
            for (Map.Entry<String, Double> e : scores.entrySet()) {
                out.println(e.getKey() + ": " + String.format(Locale.ROOT, "%.4f", e.getValue()));
            }
        }
        out.flush();
        return 0;
    }
}

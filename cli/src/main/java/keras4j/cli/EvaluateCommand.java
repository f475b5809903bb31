package keras4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.datasets.LabeledData;
import keras4j.internal.ModelFile;
import keras4j.models.CsvDataSource;
import keras4j.models.DataSource;
import keras4j.models.DataSources;
import keras4j.models.RecipeData;
import keras4j.models.TrainedModel;

/** {@code keras4j evaluate}: a saved model's loss and metrics on a test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test set of the data it was trained on, or of another data set "
                + "or CSV file (all of whose rows are then used).")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<model-file>", description =
            "A model saved by 'keras4j train' or TrainedModel.save, with one input and one output.")
    private Path modelFile;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "mnist, fashion-mnist, iris, xor, linear-regression, or a CSV file (default: the model's).")
    private String dataset;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        TrainedModel model = TrainedModel.load(modelFile);
        String name;
        LabeledData test;
        if (dataset != null && dataset.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            DataSource trained = model.info().dataSource();
            CsvDataSource csv = trained instanceof CsvDataSource like ? like.withFile(Path.of(dataset))
                    : new CsvDataSource(Path.of(dataset));
            test = csv.loadAll(model.info().classNames());
            name = dataset;
        } else {
            DataSource source = dataset == null ? model.info().dataSource() : DataSources.get(dataset);
            RecipeData data = source.load();
            test = data.test();
            name = source.name().equals(CsvDataSource.NAME) ? source.description() + " (test split)" : source.name();
        }
        Map<String, Double> scores = model.evaluate(test.x(), test.y());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", modelFile.toString());
            result.put("dataset", name);
            result.put("examples", test.size());
            result.putAll(scores);
            out.println(ModelFile.json().writer().withoutFeatures(
                    org.nd4j.shade.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            out.println("Data set: " + name + " (" + test.size() + " examples)");
            for (Map.Entry<String, Double> e : scores.entrySet()) {
                out.println(e.getKey() + ": " + String.format(Locale.ROOT, "%.4f", e.getValue()));
            }
        }
        out.flush();
        return 0;
    }
}

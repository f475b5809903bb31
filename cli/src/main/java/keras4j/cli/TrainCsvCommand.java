package keras4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.models.CsvDataSource;
import keras4j.models.Recipe;
import keras4j.models.Recipes;
import keras4j.models.Task;

/** {@code keras4j train-csv}: an MLP on the user's own table. */
@Command(name = "train-csv", mixinStandardHelpOptions = true,
        description = {"Train an MLP on your own CSV table: numeric feature columns and one label column, UTF-8 "
                + "text (Excel's 'CSV UTF-8'), cells quoted where they hold the delimiter. The first line is the "
                + "header when one of its cells is a word above a number. The rows are split 80/20 into training and test sets "
                + "(stratified for classification) and the features standardized; the run folder is written as by "
                + "'keras4j train'."})
final class TrainCsvCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Keras4jCommand parent;

    @Parameters(paramLabel = "<file.csv>", description = "The table.")
    private Path file;

    @Option(names = "--label-column", paramLabel = "C",
            description = "The label column: its header name, or its 0-based index (default: the last column).")
    private String labelColumn;

    @Option(names = "--task", paramLabel = "classification|regression",
            description = "What to predict (default: classification for words or at most "
                    + CsvDataSource.MAX_AUTO_CLASSES + " distinct integers, regression otherwise).")
    private Task task;

    @Option(names = "--hidden", paramLabel = "N,N", split = ",", defaultValue = "64,64",
            description = "Sizes of the hidden relu layers (default: ${DEFAULT-VALUE}).")
    private int[] hidden;

    @Option(names = "--delimiter", paramLabel = "C", defaultValue = ",", converter = DelimiterConverter.class,
            description = "The character between cells (default: '${DEFAULT-VALUE}'; '\\t' or tab for a tab).")
    private char delimiter;

    @Option(names = "--test-size", paramLabel = "F", defaultValue = "0.2",
            description = "Fraction of rows held out for testing (default: ${DEFAULT-VALUE}).")
    private double testSize;

    @Mixin
    private TrainingOptions options;

    @Override
    public Integer call() throws Exception {
        CsvDataSource source = new CsvDataSource(file).labelColumn(labelColumn).task(task).delimiter(delimiter)
                .testSize(testSize);
        Recipe recipe = Recipes.tableMlp(source, hidden);
        spec.commandLine().getOut().println("Task: " + recipe.task().id() + (task == null ? " (from the labels; "
                + "choose with --task)" : "") + ". Model: " + recipe.description() + ".");
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        return new TrainingRun(spec.commandLine(), parent.progressBar()).run(recipe, options, stem + "-mlp");
    }
}

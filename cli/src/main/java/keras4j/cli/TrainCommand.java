package keras4j.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.models.Recipe;
import keras4j.models.Recipes;

/** {@code keras4j train}: trains a recipe and writes the model and its reports. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recipe (see 'keras4j models') on its data set, fetching the data if needed, then test "
                + "it and write to the output folder: model.keras4j (with the classes and preprocessing inside), history.csv, "
                + "metrics.json, history.png, summary.txt and, for classifiers, confusion_matrix.csv/.png and "
                + "misclassified.png (image data) or misclassified.csv (tables)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Keras4jCommand parent;

    @Parameters(paramLabel = "<recipe>", description = "The recipe's name, e.g. mnist-mlp.")
    private String recipeName;

    @Mixin
    private TrainingOptions options;

    @Override
    public Integer call() throws Exception {
        Recipe recipe = Recipes.get(recipeName);
        return new TrainingRun(spec.commandLine(), parent.progressBar()).run(recipe, options, recipe.name());
    }
}

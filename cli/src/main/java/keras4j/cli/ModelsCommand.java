package keras4j.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import keras4j.cli.internal.TextTable;
import keras4j.models.Recipe;
import keras4j.models.Recipes;

/** {@code keras4j models}: the recipes, with their data set, size, settings and expected score. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the ready-made models (recipes): data set, parameters, default epochs and batch size, "
                + "and the test score measured with those defaults.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        TextTable table = new TextTable("Recipe", "Data set", "Params", "Epochs", "Batch", "Optimizer", "Expected",
                "Description");
        for (Recipe recipe : Recipes.all()) {
            String expected = recipe.expectedValue().isPresent()
                    ? String.format(Locale.ROOT, "%s %.4f", recipe.expectedMetric(), recipe.expectedValue().getAsDouble())
                    : "-";
            table.row(recipe.name(), recipe.dataSource().name(), String.format(Locale.ROOT, "%,d",
                    recipe.countParams()), recipe.epochs(), recipe.batchSize(), Format.optimizer(recipe.optimizer()),
                    expected, recipe.description());
        }
        table.print(spec.commandLine().getOut());
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().println("Train one with: keras4j train <recipe>   (keras4j summary <recipe> shows "
                + "its layers)");
        spec.commandLine().getOut().println("Or on your own data: keras4j train-csv <file.csv> (an MLP), keras4j "
                + "train-images <folder> (a CNN, a subfolder of images per class)");
        return 0;
    }
}

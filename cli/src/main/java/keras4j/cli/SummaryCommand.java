package keras4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.models.Recipes;

/**
 * {@code keras4j summary}: Keras's summary table of a recipe's model or of a saved model, a
 * Sequential or a Functional one (with Keras's "Connected to" column).
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print Keras's summary table (layers, output shapes, parameter counts) of a recipe's model or of "
                + "a saved model file.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<recipe | model-file>", description = "A recipe's name (see 'keras4j models') or a "
            + "model file saved by keras4j.")
    private String target;

    @Override
    public Integer call() {
        Model model;
        if (Recipes.names().contains(target)) {
            model = Recipes.get(target).build();
        } else if (Files.exists(Path.of(target))) {
            model = Model.load(Path.of(target));
        } else {
            throw new Keras4jException("No recipe or model file named '" + target + "'. Recipes: "
                    + String.join(", ", Recipes.names()) + "; or give the path of a saved model.");
        }
        model.summary(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

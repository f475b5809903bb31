package keras4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.models.Recipes;

/**
 * {@code keras4j summary}: Keras's summary table of a recipe's model or of a saved model (keras4j's
 * or Keras's own), a Sequential or a Functional one (with Keras's "Connected to" column).
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print Keras's summary table (layers, output shapes, parameter counts) of a recipe's model or of "
                + "a saved model file: keras4j's, a Keras whole-model .h5, or a Keras model.to_json() file with "
                + "--weights.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<recipe | model-file>", description = "A recipe's name (see 'keras4j models') or a "
            + "model file saved by keras4j or by Keras.")
    private String target;

    @Mixin
    private KerasFileOptions kerasFiles;

    @Override
    public Integer call() {
        Model model;
        if (Recipes.names().contains(target)) {
            if (kerasFiles.weights != null) {
                throw new Keras4jException("--weights goes with a Keras architecture file (model.to_json()), not "
                        + "with a recipe ('" + target + "'). Drop --weights.");
            }
            model = Recipes.get(target).build();
        } else if (Files.exists(Path.of(target))) {
            model = kerasFiles.load(Path.of(target));
        } else {
            throw new Keras4jException("No recipe or model file named '" + target + "'. Recipes: "
                    + String.join(", ", Recipes.names()) + "; or give the path of a saved model.");
        }
        model.summary(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

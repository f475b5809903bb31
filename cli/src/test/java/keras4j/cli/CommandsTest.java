package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.models.Recipes;

/** models, summary, datasets, help and usage errors of every command. */
class CommandsTest {

    @Test
    void modelsListsEveryRecipeWithItsDataAndSize() {
        Cli.Run run = Cli.run("models").assertOk();
        for (String name : Recipes.names()) {
            assertTrue(run.out().contains(name), name);
        }
        assertTrue(run.out().contains("795,010") && run.out().contains("fashion-mnist"), run.out());
        assertTrue(run.out().contains("accuracy 1.0000"), run.out());
        assertTrue(run.out().contains("keras4j train-images <folder>"), run.out());
    }

    @Test
    void summaryOfARecipeAndOfASavedModel(@TempDir Path dir) {
        Cli.Run recipe = Cli.run("summary", "mnist-cnn").assertOk();
        assertTrue(recipe.out().startsWith("Model: \"mnist_cnn\""), recipe.out());
        assertTrue(recipe.out().contains("conv2d (Conv2D)") && recipe.out().contains("Total params: 3,156,098"),
                recipe.out());
        keras4j.Model model = Recipes.get("xor-mlp").build();
        Recipes.get("xor-mlp").compile(model);
        Path file = dir.resolve("xor.keras4j");
        model.save(file);
        Cli.Run saved = Cli.run("summary", file.toString()).assertOk();
        assertTrue(saved.out().contains("Total params: 65"), saved.out());
        Cli.run("summary", "no-such-thing").assertUsageError("No recipe or model file named 'no-such-thing'");
        Cli.run("summary").assertUsageError("Missing required parameter");
    }

    @Test
    void datasetsListsWhereEachIsAndRefusesUnknownNames() {
        Cli.Run run = Cli.run("datasets").assertOk();
        assertTrue(run.out().contains("iris") && run.out().contains("inside the keras4j-datasets jar"), run.out());
        assertTrue(run.out().contains("mnist") && run.out().contains("xor") && run.out().contains("built into keras4j"),
                run.out());
        Cli.Run builtIn = Cli.run("datasets", "--fetch", "xor").assertOk();
        assertTrue(builtIn.out().contains("nothing to fetch"), builtIn.out());
        Cli.run("datasets", "--fetch", "cifar10").assertUsageError("Unknown data set 'cifar10'");
        Cli.run("datasets", "--fetch").assertUsageError("Missing required parameter for option '--fetch'");
    }

    @Test
    void helpEverywhereAndOneLineForBadUsage() {
        Cli.Run top = Cli.run("--help").assertOk();
        assertTrue(top.out().contains("Usage: keras4j") && top.out().contains("train-csv"), top.out());
        for (String command : new String[] {"models", "summary", "train", "train-csv", "train-images", "evaluate",
                "predict", "export", "datasets"}) {
            Cli.Run help = Cli.run(command, "--help").assertOk();
            assertTrue(help.out().startsWith("Usage: keras4j " + command), help.out());
        }
        assertTrue(Cli.run("--version").assertOk().out().startsWith("keras4j "));
        Cli.run().assertUsageError("Missing a command");
        Cli.run("fit").assertUsageError("Unmatched argument at index 0: 'fit'");
        Cli.run("models", "--bogus").assertUsageError("Unknown option: '--bogus'");
        Cli.run("train").assertUsageError("Missing required parameter: '<recipe>'");
        Cli.run("train", "mnist").assertUsageError("Unknown recipe 'mnist'");
        Cli.run("train", "iris-mlp", "--epochs", "many").assertUsageError("'many' is not an int");
        Cli.run("train", "iris-mlp", "--epochs", "0").assertUsageError("epochs must be a positive integer");
        Cli.run("train", "iris-mlp", "--optimizer", "lamb").assertUsageError("lamb");
        Cli.run("train", "iris-mlp", "--validation-split", "1.5").assertUsageError("validationSplit must be in");
        Cli.run("train-csv").assertUsageError("Missing required parameter: '<file.csv>'");
        Cli.run("train-csv", "missing.csv").assertUsageError("does not exist");
        Cli.run("train-csv", "x.csv", "--task", "clustering").assertUsageError("--task");
        Cli.run("evaluate").assertUsageError("Missing required parameter: '<model-file>'");
        Cli.run("evaluate", "missing.keras4j").assertUsageError("does not exist");
        Cli.run("predict", "model.keras4j").assertUsageError("Missing required parameter: '<file>'");
        Cli.run("predict", "missing.keras4j", "a.png").assertUsageError("does not exist");
        Cli.run("predict", "--top", "0", "m.keras4j", "a.png").assertUsageError("--top must be at least 1");
    }

    @Test
    void debugAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.keras4j"));
        Cli.Run run = Cli.run("evaluate", empty.toString(), "--debug");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("Error: Model file") && run.err().contains("\tat keras4j."), run.err());
    }
}

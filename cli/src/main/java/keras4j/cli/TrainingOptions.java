package keras4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import picocli.CommandLine.Option;

import keras4j.models.TrainOptions;

/** The options {@code train}, {@code train-csv} and {@code train-images} share. */
final class TrainingOptions {
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (default: the recipe's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step (default: the recipe's).")
    Integer batchSize;

    @Option(names = "--learning-rate", paramLabel = "X", description = "The optimizer's learning rate.")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, adam, adamw, adamax, nadam, rmsprop, adagrad or adadelta (default: the recipe's).")
    String optimizer;

    @Option(names = "--validation-split", paramLabel = "F",
            description = "Fraction of the training examples held out for val_ metrics (default: the recipe's); "
                    + "for train-images, of the folder's images, held out as the test set (default: 0.2).")
    Double validationSplit;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of weights, shuffling and dropout, and of train-images' split (default: 42).")
    Long seed;

    @Option(names = "--limit", paramLabel = "N",
            description = "Train on only the first N training examples, for a quick run (the test set stays whole).")
    Integer limit;

    @Option(names = "--verbose", paramLabel = "0|1|2",
            description = "0 silent, 1 progress bar (one line per epoch when not on a terminal), 2 one line per epoch.")
    Integer verbose;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the model and reports (default: runs/<name>-<timestamp>).")
    Path out;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Save the whole training state to <out>/checkpoint every N epochs, so that a killed run "
                    + "can be continued with --resume.")
    Integer checkpointEvery;

    @Option(names = "--resume",
            description = "Continue the interrupted run in --out from its last checkpoint. With the same options "
                    + "and seed it ends with the same model as a run never interrupted.")
    boolean resume;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train on a Spark cluster (DL4J's parameter averaging; --batch-size is per worker): "
                    + "local[2], spark://HOST:7077, ... Needs the Spark module: ./keras4j builds it when --spark is "
                    + "given.")
    String spark;

    /** @return these options for {@code Recipe.train} */
    TrainOptions toTrainOptions() {
        TrainOptions options = new TrainOptions();
        if (epochs != null) {
            options.epochs(epochs);
        }
        if (batchSize != null) {
            options.batchSize(batchSize);
        }
        if (optimizer != null) {
            options.optimizer(optimizer);
        }
        if (learningRate != null) {
            options.learningRate(learningRate);
        }
        if (validationSplit != null) {
            options.validationSplit(validationSplit);
        }
        if (seed != null) {
            options.seed(seed);
        }
        if (limit != null) {
            options.limit(limit);
        }
        if (verbose != null) {
            options.verbose(verbose);
        }
        return options;
    }

    /**
     * @param name the run's name, e.g. the recipe's
     * @return {@code --out}, or a new {@code runs/<name>-<timestamp>} folder name that does not exist yet
     */
    Path outputFolder(String name) {
        if (out != null) {
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of("runs", name + "-" + stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = Path.of("runs", name + "-" + stamp + "-" + i);
        }
        return folder;
    }
}

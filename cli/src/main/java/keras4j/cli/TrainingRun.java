package keras4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;

import keras4j.Keras4jException;
import keras4j.callbacks.BackupAndRestore;
import keras4j.cli.internal.RunReport;
import keras4j.models.Recipe;
import keras4j.models.TrainOptions;
import keras4j.models.TrainingResult;

/** What {@code train} and {@code train-csv} share: announce, train, test, write the run folder. */
final class TrainingRun {
    private final CommandLine cmd;
    private final boolean progressBar;

    TrainingRun(CommandLine cmd, boolean progressBar) {
        this.cmd = cmd;
        this.progressBar = progressBar;
    }

    int run(Recipe recipe, TrainingOptions options, String runName) throws IOException {
        PrintWriter out = cmd.getOut();
        TrainOptions train = options.toTrainOptions();
        Path folder = options.outputFolder(runName);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Keras4jException("Can't create the output folder " + folder + " (" + e.getMessage() + "). "
                    + "Choose another with --out.", e);
        }
        checkpoints(options, folder, train, out);
        out.println("Training " + recipe.name() + " on " + recipe.dataSource().name() + ": "
                + (train.getEpochs() != null ? train.getEpochs() : recipe.epochs()) + " epochs, batch size "
                + (train.getBatchSize() != null ? train.getBatchSize() : recipe.batchSize()) + ", "
                + Format.optimizer(recipe.optimizer(train)) + ", seed "
                + (train.getSeed() != null ? train.getSeed() : Recipe.DEFAULT_SEED));
        out.flush();
        if (!progressBar) {
            train.output(out); // a line per epoch, no control codes
        }
        TrainingResult result = recipe.train(train);
        out.println(String.format(Locale.ROOT, "Trained %d epochs in %.1f s (%.2f s/epoch) on %,d examples.",
                result.epochs(), result.fitSeconds(), result.secondsPerEpoch(), result.trainExamples()));
        out.println("Test (" + result.data().testSize() + " examples): " + Format.scores(result.testScores(), "test_"));
        List<String> written = RunReport.write(folder, result, warning -> cmd.getErr().println("Warning: " + warning));
        out.println("Wrote " + folder + "/: " + String.join(", ", written));
        out.flush();
        cmd.getErr().flush();
        return 0;
    }

    /** Adds the checkpoint callback for --checkpoint-every / --resume, refusing a resume with nothing to resume. */
    private static void checkpoints(TrainingOptions options, Path folder, TrainOptions train, PrintWriter out) {
        Path checkpoint = folder.resolve("checkpoint");
        boolean found = Files.exists(checkpoint.resolve(BackupAndRestore.FILE_NAME));
        if (options.resume && (options.out == null || !found)) {
            throw new Keras4jException("Nothing to resume: " + (options.out == null ? "--resume needs --out DIR, the "
                    + "folder of the interrupted run" : checkpoint + " holds no checkpoint (train with "
                    + "--checkpoint-every N to make them)") + ".");
        }
        if (!options.resume && found) {
            throw new Keras4jException(folder + " holds the checkpoint of an interrupted run. Add --resume to "
                    + "continue it, or choose another --out.");
        }
        if (options.checkpointEvery != null && options.checkpointEvery < 1) {
            throw new Keras4jException("--checkpoint-every must be at least 1 epoch; received "
                    + options.checkpointEvery + ".");
        }
        if (options.checkpointEvery != null || options.resume) {
            int every = options.checkpointEvery != null ? options.checkpointEvery : 1;
            train.callbacks(new BackupAndRestore(checkpoint, every, true));
            if (found) {
                out.println("Resuming from the checkpoint in " + checkpoint + ".");
            }
        }
    }
}

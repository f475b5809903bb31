package keras4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine;

import keras4j.Keras4jException;
import keras4j.callbacks.BackupAndRestore;
import keras4j.callbacks.LambdaCallback;
import keras4j.callbacks.TrainingInterruptedException;
import keras4j.cli.internal.RunReport;
import keras4j.cli.internal.StopSignals;
import keras4j.models.Recipe;
import keras4j.models.TrainOptions;
import keras4j.models.TrainingResult;
import keras4j.optimizers.Optimizer;

/**
 * What {@code train}, {@code train-csv} and {@code train-images} share: claim the run folder,
 * train (stopping at a batch boundary with a saved checkpoint on SIGTERM or Ctrl-C), test, write
 * the run folder, and only then remove the checkpoint.
 */
final class TrainingRun {
    private final CommandLine cmd;
    private final boolean progressBar;
    private volatile boolean training;

    TrainingRun(CommandLine cmd, boolean progressBar) {
        this.cmd = cmd;
        this.progressBar = progressBar;
    }

    int run(Recipe recipe, TrainingOptions options, String runName) throws IOException {
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        if (options.checkpointEvery != null && options.checkpointEvery < 1) {
            throw new Keras4jException("--checkpoint-every must be at least 1 epoch; received "
                    + options.checkpointEvery + ".");
        }
        TrainOptions train = options.toTrainOptions();
        if (options.spark != null) {
            train.fitter(SparkRunner.find().fitter(options.spark, err));
        }
        int epochs = train.getEpochs() != null ? train.getEpochs() : recipe.epochs();
        Path folder = options.outputFolder(runName);
        try (RunFolder run = RunFolder.open(folder, options.resume, settings(recipe, train), epochs)) {
            BackupAndRestore backup = new BackupAndRestore(run.checkpointDir(),
                    options.checkpointEvery != null ? options.checkpointEvery : 0, false);
            train.callbacks(backup, resumeReport(backup, run, epochs, out));
            out.println("Training " + recipe.name() + " on " + recipe.dataSource().name() + ": " + epochs
                    + " epochs, batch size " + batchSize(recipe, train) + ", " + Format.optimizer(recipe.optimizer(train))
                    + ", seed " + seed(train) + (options.spark != null ? ", on Spark " + options.spark : ""));
            out.flush();
            if (!progressBar) {
                train.output(out); // a line per epoch, no control codes
            }
            try (StopSignals signals = StopSignals.install(signal -> onSignal(signal, backup, err))) {
                TrainingResult result;
                training = true;
                try {
                    result = recipe.train(train);
                } catch (TrainingInterruptedException e) {
                    out.flush();
                    err.println((progressBar ? "\n" : "") + "Stopped by SIG" + signals.received() + " in epoch "
                            + (e.getEpoch() + 1) + " after " + e.getBatches() + " batches; the whole training state "
                            + "is saved in " + run.backupFile() + ".");
                    err.println("Continue with: " + resumeCommand(folder));
                    err.flush();
                    return signals.exitStatus();
                } finally {
                    training = false;
                }
                out.println(String.format(Locale.ROOT, "Trained %d epochs in %.1f s (%.2f s/epoch) on %,d examples.",
                        result.epochs(), result.fitSeconds(), result.secondsPerEpoch(), result.trainExamples()));
                out.println("Test (" + result.data().testSize() + " examples): "
                        + Format.scores(result.testScores(), "test_"));
                List<String> written = RunReport.write(folder, result, warning -> err.println("Warning: " + warning));
                run.finish(backup);
                out.println("Wrote " + folder + "/: " + String.join(", ", written));
                out.flush();
                err.flush();
                return 0;
            } catch (RuntimeException | Error | IOException e) {
                // A failure, not a mistake in the command (whose message says what to change): the run continues later.
                if (!Files.exists(run.backupFile())) {
                    run.forget();   // nothing to resume: the folder takes a new run
                } else if (!(e instanceof Keras4jException)) {
                    err.println("The run's checkpoint is kept in " + run.backupFile() + "; continue with: "
                            + resumeCommand(folder));
                }
                throw e;
            }
        }
    }

    private void onSignal(String signal, BackupAndRestore backup, PrintWriter err) {
        backup.interrupt();
        err.println("\nkeras4j: SIG" + signal + (training ? ": stopping after this batch and saving a checkpoint"
                : ": finishing") + " (send it again to stop at once).");
        err.flush();
    }

    /** Reports a resume, and refuses one asking for fewer epochs than the checkpoint holds. */
    private static LambdaCallback resumeReport(BackupAndRestore backup, RunFolder run, int epochs, PrintWriter out) {
        return new LambdaCallback().onTrainBegin(logs -> {
            int done = backup.getRestoredEpochs();
            if (done > epochs) {
                throw new Keras4jException("--epochs " + epochs + " is fewer than the " + done + " epochs the "
                        + "interrupted run already trained; pass --epochs " + done + " or more.");
            }
            if (done >= 0) {
                int batches = backup.getRestoredBatches();
                out.println("Resuming from the checkpoint in " + run.checkpointDir() + ": " + done + " of " + epochs
                        + " epochs done" + (batches > 0 ? ", and " + batches + " batch" + (batches == 1 ? "" : "es")
                        + " of epoch " + (done + 1) : "") + ".");
            } else if (run.resuming()) {
                out.println("The run stopped before its first checkpoint; training it again from the first epoch.");
            }
            out.flush();
        });
    }

    /** What a resumed run must share with the run it continues (see {@link RunFolder}). */
    private static Map<String, Object> settings(Recipe recipe, TrainOptions train) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("recipe", recipe.name());
        settings.put("data", recipe.dataSource().getConfig());
        settings.put("model", recipe.description());
        settings.put("batch_size", batchSize(recipe, train));
        Optimizer optimizer = recipe.optimizer(train);
        settings.put("optimizer", optimizer.getConfig());
        settings.put("seed", seed(train));
        settings.put("validation_split", train.getValidationSplit() != null ? train.getValidationSplit()
                : recipe.validationSplit());
        settings.put("limit", train.getLimit());
        return settings;
    }

    private static int batchSize(Recipe recipe, TrainOptions train) {
        return train.getBatchSize() != null ? train.getBatchSize() : recipe.batchSize();
    }

    private static long seed(TrainOptions train) {
        return train.getSeed() != null ? train.getSeed() : Recipe.DEFAULT_SEED;
    }

    /** @return this command line with {@code --resume --out <folder>}, as the user can paste it */
    private String resumeCommand(Path folder) {
        List<String> args = new ArrayList<>();
        args.add("keras4j");
        List<String> given = cmd.getParseResult() == null ? List.of() : cmd.getParseResult().originalArgs();
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            if (arg.equals("--out")) {
                i++;
            } else if (!arg.equals("--resume") && !arg.startsWith("--out=")) {
                args.add(arg);
            }
        }
        args.add("--resume");
        args.add("--out");
        args.add(folder.toString());
        return String.join(" ", args.stream().map(TrainingRun::quoted).toList());
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}

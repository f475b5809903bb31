package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Model;

/** The run folder's guarantees, in-process: what survives a failure, what a resume must match, what is refused. */
class RunFolderTest {
    @TempDir
    Path dir;

    private Cli.Run train(Path out, String... more) {
        String[] args = {"train", "iris-mlp", "--epochs", "3", "--checkpoint-every", "2", "--out", out.toString()};
        return Cli.run(LauncherTest.concat(args, more));
    }

    @Test
    void aRunThatFailsWhileWritingItsFilesKeepsItsCheckpointAndResumesOnlyWithItsOwnSettings() throws Exception {
        Path out = dir.resolve("run");
        // Where a report goes, a folder that can't be replaced: training succeeds, the model is written, the
        // reports fail.
        Files.createDirectories(out.resolve("summary.txt"));
        Files.writeString(out.resolve("summary.txt/in-the-way.txt"), "x");
        Cli.Run failed = train(out);
        assertNotEquals(0, failed.status(), failed.out());
        assertTrue(failed.err().contains("The run's checkpoint is kept in") && failed.err().contains(
                "continue with: keras4j train iris-mlp --epochs 3 --checkpoint-every 2 --resume --out " + out),
                failed.err());
        Path backup = out.resolve("checkpoint/backup.keras4j");
        assertEquals(3, Model.load(backup).getHistory().size(), "the last epoch is saved though 3 % 2 != 0");
        assertTrue(Files.exists(out.resolve("model.keras4j")));
        Files.delete(out.resolve("summary.txt/in-the-way.txt"));
        Files.delete(out.resolve("summary.txt"));

        train(out).assertUsageError("holds the checkpoint of an interrupted run. Add --resume");
        train(out, "--resume", "--seed", "7").assertUsageError("--seed: the run used 42, this command 7");
        train(out, "--resume", "--batch-size", "8").assertUsageError("--batch-size: the run used 16, this command 8");
        train(out, "--resume", "--optimizer", "sgd").assertUsageError("--optimizer / --learning-rate: the run used");
        train(out, "--resume", "--learning-rate", "0.1").assertUsageError("--optimizer / --learning-rate: the run used");
        train(out, "--resume", "--limit", "50").assertUsageError("--limit: the run used the default, this command 50");
        Cli.run("train", "iris-mlp", "--epochs", "2", "--out", out.toString(), "--resume")
                .assertUsageError("--epochs 2 is fewer than the 3 epochs the interrupted run already trained");

        Cli.Run resumed = train(out, "--resume").assertOk();
        assertTrue(resumed.out().contains("Resuming from the checkpoint in " + out.resolve("checkpoint")
                + ": 3 of 3 epochs done."), resumed.out());
        assertFalse(Files.exists(out.resolve("checkpoint")), "the checkpoint goes once the files are written");
        Path whole = dir.resolve("whole");
        train(whole).assertOk();
        assertEquals(Model.load(whole.resolve("model.keras4j")).getWeights(),
                Model.load(out.resolve("model.keras4j")).getWeights());

        train(out).assertUsageError("holds a finished run (model.keras4j). Choose another --out");
        train(out, "--resume").assertUsageError("Nothing to resume: the run in " + out + " finished");
    }

    @Test
    void aResumeOfNothingIsRefused() {
        Path out = dir.resolve("nothing");
        Cli.Run first = Cli.run("train", "iris-mlp", "--epochs", "2", "--checkpoint-every", "1", "--out",
                out.toString(), "--resume");
        first.assertUsageError("Nothing to resume: " + out + " holds no interrupted run");
    }

    @Test
    void unusableOutputFoldersAreRefusedBeforeTraining() throws Exception {
        Cli.run("train", "iris-mlp", "--out", "").assertUsageError("--out is empty");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli.Run run = Cli.run("train", "iris-mlp", "--out", file.resolve("sub").toString())
                .assertUsageError("Can't create the output folder");
        assertFalse(run.out().contains("Epoch"), "refused before training: " + run.out());
    }

    @Test
    void theTrainingCountLeavesOutTheValidationRows() {
        // iris: 120 training rows, 20 % held out for validation.
        Cli.Run run = Cli.run("train", "iris-mlp", "--epochs", "1", "--out", dir.resolve("count").toString()).assertOk();
        assertTrue(run.out().contains("on 96 examples."), run.out());
    }

    @Test
    void aHugeBatchSizeIsOneBatchPerEpoch() {
        Cli.Run run = Cli.run("train", "iris-mlp", "--epochs", "1", "--batch-size", "2147483647", "--verbose", "2",
                "--out", dir.resolve("huge").toString()).assertOk();
        assertTrue(run.out().contains("\n1/1 - "), run.out());
    }
}

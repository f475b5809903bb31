package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Model;

/**
 * The {@code ./keras4j} launcher end to end, in a child process, as a user runs it (the build it
 * would trigger is the one Maven just made, so it starts at once).
 */
class LauncherTest {
    static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().getParent();

    record Result(int status, String out, String err) {
    }

    static Result launch(Path home, String... args) throws IOException, InterruptedException {
        return launch(home, java.util.Map.of(), args);
    }

    static Result launch(Path home, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("keras4j").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("KERAS4J_HOME", home.resolve("home").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        File out = home.resolve("stdout.txt").toFile();
        File err = home.resolve("stderr.txt").toFile();
        builder.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher should finish");
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void printsTheJvmOptionsItRunsWith(@TempDir Path dir) throws Exception {
        Result defaults = launch(dir, "--java-options");
        assertEquals(0, defaults.status(), defaults.err());
        assertTrue(defaults.out().contains("-XX:+UseParallelGC -Xmn64m"), defaults.out());
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TrimNativeHeapInterval=1000", "-version").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        boolean trims = probe.waitFor() == 0;
        assertEquals(trims, defaults.out().contains("-XX:TrimNativeHeapInterval=1000"),
                "native trimming exactly where this JVM has it: " + defaults.out());
        Result g1 = launch(dir, java.util.Map.of("KERAS4J_JAVA_OPTS", "-XX:+UseG1GC"), "--java-options");
        assertFalse(g1.out().contains("UseParallelGC") || g1.out().contains("-Xmn"),
                "a collector of the user's own keeps its own sizing: " + g1.out());
    }

    @Test
    void trainsXorAndIrisAndPassesTheExitStatusThrough(@TempDir Path dir) throws Exception {
        Result xor = launch(dir, "train", "xor-mlp", "--out", "xor");
        assertEquals(0, xor.status(), xor.err());
        assertTrue(xor.out().contains("test_accuracy: 1.0000"), xor.out());
        assertTrue(Files.exists(dir.resolve("xor/model.keras4j")));

        Result iris = launch(dir, "train", "iris-mlp", "--epochs", "2");
        assertEquals(0, iris.status(), iris.err());
        assertFalse(iris.out().contains("\u001b") || iris.out().contains("\r"), "no terminal codes: " + iris.out());
        assertTrue(iris.out().contains("Epoch 2/2\n"), iris.out());
        assertFalse(iris.err().contains("INFO"), "DL4J's start-up logging stays quiet: " + iris.err());
        try (var runs = Files.list(dir.resolve("runs"))) {
            Path run = runs.findFirst().orElseThrow();
            assertTrue(run.getFileName().toString().matches("iris-mlp-\\d{8}-\\d{6}"), run.toString());
            assertTrue(Files.exists(run.resolve("metrics.json")));
        }

        Result bad = launch(dir, "train", "iris-mlp", "--epochs", "-1");
        assertEquals(2, bad.status());
        assertEquals("Error: epochs must be a positive integer; received -1.", bad.err().strip());
    }

    @Test
    void aKilledTrainingRunResumesFromItsCheckpointToTheSameModel(@TempDir Path dir) throws Exception {
        String[] run = {"train", "iris-mlp", "--epochs", "150", "--checkpoint-every", "1", "--verbose", "2", "--out"};
        Result whole = launch(dir, concat(run, "whole"));
        assertEquals(0, whole.status(), whole.err());

        List<String> command = new ArrayList<>(List.of(ROOT.resolve("keras4j").toString()));
        command.addAll(List.of(concat(run, "killed")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("KERAS4J_HOME", dir.resolve("home").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = dir.resolve("killed.txt");
        Process trainer = builder.redirectOutput(log.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("Epoch 40/150") && trainer.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(trainer.isAlive(), "still training when killed: " + Files.readString(log));
        // A second process can't take over a run folder that is still training.
        Cli.run(concat(concat(run, dir.resolve("killed").toString()), "--resume"))
                .assertUsageError("is in use by another keras4j training run (process " + trainer.pid() + ")");
        trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // SIGKILL: the launcher execs java
        assertTrue(Files.exists(dir.resolve("killed/checkpoint/backup.keras4j")));

        Result refused = launch(dir, concat(run, "killed"));
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("holds the checkpoint of an interrupted run. Add --resume"), refused.err());

        Result resumed = launch(dir, concat(concat(run, "killed"), "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("Resuming from the checkpoint"), resumed.out());
        Model a = Model.load(dir.resolve("whole/model.keras4j"));
        Model b = Model.load(dir.resolve("killed/model.keras4j"));
        assertEquals(a.getWeights(), b.getWeights(), "the resumed run ends with the uninterrupted run's weights");
        assertEquals(a.getHistory().getHistory(), b.getHistory().getHistory());
        assertEquals(Files.readString(dir.resolve("whole/history.csv")), Files.readString(dir.resolve("killed/history.csv")));
        assertFalse(Files.exists(dir.resolve("killed/checkpoint/backup.keras4j")), "removed once training completed");

        Result nothing = launch(dir, concat(run, "fresh", "--resume"));
        assertEquals(2, nothing.status());
        assertTrue(nothing.err().contains("Nothing to resume"), nothing.err());
    }

    @Test
    void runningOutOfMemoryIsOneLineThatSaysWhatToDo(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i % 7).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Files.writeString(dir.resolve("table.csv"), csv);
        // 30000 x 30000 weights are 3.6 GB: far more than a 256 MB JVM may allocate.
        Result big = launch(dir, java.util.Map.of("KERAS4J_JAVA_OPTS", "-Xmx256m"), "train-csv", "table.csv",
                "--hidden", "30000,30000", "--epochs", "1", "--out", "big");
        assertEquals(1, big.status(), big.out() + big.err());
        assertEquals(1, big.err().lines().count(), "one line: " + big.err());
        assertTrue(big.err().startsWith("Error: keras4j ran out of memory") && big.err().contains(
                "KERAS4J_JAVA_OPTS=-Xmx"), big.err());
        Result again = launch(dir, "train-csv", "table.csv", "--epochs", "1", "--out", "big");
        assertEquals(0, again.status(), "the folder of a run that never trained takes a new one: " + again.err());
    }

    /** Starts the launcher with SIGINT and SIGTERM at their defaults (a background shell may have them ignored). */
    static Process start(Path dir, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM", ROOT.resolve("keras4j")
                .toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("KERAS4J_HOME", dir.resolve("home").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.redirectOutput(log.toFile()).redirectError(log.resolveSibling(log.getFileName() + ".err")
                .toFile()).start();
    }

    static void awaitLine(Process process, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains(text) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(Files.readString(log).contains(text) && process.isAlive(), "still running at '" + text + "': "
                + Files.readString(log));
    }

    @Test
    void sigtermAndCtrlCStopAtABatchSaveTheStateAndPrintTheResumeCommandThatEndsLikeAnUninterruptedRun(
            @TempDir Path dir) throws Exception {
        String[] run = {"train", "iris-mlp", "--epochs", "150", "--verbose", "2", "--out"};
        Result whole = launch(dir, concat(run, "whole"));
        assertEquals(0, whole.status(), whole.err());
        for (String signal : List.of("TERM", "INT")) {
            Path log = dir.resolve(signal + ".txt");
            Process trainer = start(dir, log, concat(run, signal));
            awaitLine(trainer, log, "Epoch 40/150");
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(trainer.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(trainer.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve(signal + ".txt.err"));
            assertEquals(signal.equals("TERM") ? 143 : 130, trainer.exitValue(), err);
            assertTrue(err.contains("SIG" + signal + ": stopping after this batch and saving a checkpoint"), err);
            assertTrue(err.contains("Stopped by SIG" + signal + " in epoch "), err);
            String hint = "Continue with: keras4j train iris-mlp --epochs 150 --verbose 2 --resume --out " + signal;
            assertTrue(err.contains(hint + "\n"), err);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
            assertFalse(Files.exists(dir.resolve(signal + "/model.keras4j")));

            // The printed command, run as printed, finishes the run.
            String[] resume = hint.substring("Continue with: keras4j ".length()).split(" ");
            Result resumed = launch(dir, resume);
            assertEquals(0, resumed.status(), resumed.err());
            assertTrue(resumed.out().matches("(?s).*Resuming from the checkpoint in \\S+: \\d+ of 150 epochs done, "
                    + "and \\d+ batch(es)? of epoch \\d+\\..*"), "the batches done mid-epoch: " + resumed.out());
            Model a = Model.load(dir.resolve("whole/model.keras4j"));
            Model b = Model.load(dir.resolve(signal + "/model.keras4j"));
            assertEquals(a.getWeights(), b.getWeights(), "stopped mid-epoch, resumed, same weights");
            assertEquals(a.getHistory().getHistory(), b.getHistory().getHistory());
            assertFalse(Files.exists(dir.resolve(signal + "/checkpoint")));
        }
    }

    @Test
    void aKillWhileTheFinishedRunWritesItsFilesLeavesARunThatResumes(@TempDir Path dir) throws Exception {
        String[] run = {"train", "iris-mlp", "--epochs", "150", "--checkpoint-every", "7", "--verbose", "2", "--out"};
        Result whole = launch(dir, concat(run, "whole"));
        assertEquals(0, whole.status(), whole.err());
        Path log = dir.resolve("window.txt");
        Process trainer = start(dir, log, concat(run, "window"));
        awaitLine(trainer, log, "Trained 150 epochs");   // training done: testing and writing the files
        trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.readString(log).contains("Wrote "), "killed inside the end-of-run window: "
                + Files.readString(log));
        assertTrue(Files.exists(dir.resolve("window/checkpoint/backup.keras4j")), "the checkpoint outlives the run");

        Result resumed = launch(dir, concat(concat(run, "window"), "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("150 of 150 epochs done"), resumed.out());
        assertEquals(Model.load(dir.resolve("whole/model.keras4j")).getWeights(),
                Model.load(dir.resolve("window/model.keras4j")).getWeights());
        assertEquals(Files.readString(dir.resolve("whole/history.csv")), Files.readString(dir.resolve("window/history.csv")));
        // Killed before its first checkpoint: --resume says so and trains the run again, to the same model.
        String[] late = {"train", "iris-mlp", "--epochs", "150", "--checkpoint-every", "1000", "--verbose", "2", "--out",
            "early"};
        Process early = start(dir, dir.resolve("early.txt"), late);
        awaitLine(early, dir.resolve("early.txt"), "Epoch 20/150");
        early.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Result again = launch(dir, concat(late, "--resume"));
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("The run stopped before its first checkpoint; training it again from the first "
                + "epoch."), again.out());
        assertEquals(Model.load(dir.resolve("whole/model.keras4j")).getWeights(),
                Model.load(dir.resolve("early/model.keras4j")).getWeights());

        try (var files = Files.walk(dir.resolve("window"))) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left after the kill and the resume");
        }
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}

package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Sequential;
import keras4j.callbacks.BackupAndRestore;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Input;

/**
 * The fault suite: a trainer in a child JVM is killed with SIGKILL at random moments (during
 * epochs and during its backup writes), then started again until it finishes. Every backup left
 * behind must load, and the final weights and history must equal those of a run never
 * interrupted. Half the kills land at random moments, half a few milliseconds after a backup
 * write starts. {@code -Dkeras4j.faults.kills=N} (default 4) sets how many kills; the soak command
 * in docs/reliability.md runs many more.
 */
class KillAndResumeTest {
    static final int EPOCHS = 12;

    @TempDir
    Path temp;

    /** The trainer the test kills: a fixed-seed model with a backup each epoch; saves its result at the end. */
    public static final class Trainer {
        public static void main(String[] args) {
            Sequential model = train(Path.of(args[0]));
            model.save(Path.of(args[1]));
        }

        static Sequential train(Path backupDir) {
            INDArray x = Arrays2.random(31, 1500, 100);
            INDArray y = Arrays2.classIds(32, 1500, 4);
            Sequential model = Sequential.of(new Input(100), new Dense(1024, "relu"), new Dropout(0.3),
                    new Dense(4, "softmax"));
            model.setSeed(2024);
            model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
            List<keras4j.callbacks.Callback> callbacks = new ArrayList<>();
            if (backupDir != null) {
                // Tells the test a backup write is about to start, so it can aim a kill at it.
                callbacks.add(new keras4j.callbacks.LambdaCallback().onEpochEnd((epoch, logs) -> {
                    System.out.println("saving " + epoch);
                    System.out.flush();
                }));
                callbacks.add(new BackupAndRestore(backupDir, false));
                callbacks.add(new keras4j.callbacks.LambdaCallback().onEpochEnd((epoch, logs) -> {
                    System.out.println("saved " + epoch);
                    System.out.flush();
                }));
            }
            model.fit(x, y, new FitOptions().epochs(EPOCHS).batchSize(50).verbose(0)
                    .callbacks(callbacks.toArray(new keras4j.callbacks.Callback[0])));
            return model;
        }
    }

    @Test
    void killedTrainingResumesToTheSameResult() throws Exception {
        int kills = Integer.getInteger("keras4j.faults.kills", 4);
        Sequential reference = Trainer.train(null);

        Path backupDir = temp.resolve("backup");
        Path result = temp.resolve("result.keras4j");
        Random random = new Random(Long.getLong("keras4j.faults.seed", System.nanoTime()));
        int killed = 0;
        int killedDuringSave = 0;
        int backupsChecked = 0;
        int resumedEpochsSum = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Integer.getInteger("keras4j.faults.minutes", 3));
        while (!Files.exists(result) && System.nanoTime() < deadline) {
            Path stdout = temp.resolve("stdout-" + killed + ".txt");
            Process trainer = start(backupDir, result, stdout, temp.resolve("stderr.txt"));
            String aimedAt = null;
            if (killed < kills) {
                if (killed % 2 == 0) {
                    // A random moment: JVM start and native init take ~2 s, the epochs several more.
                    Thread.sleep(1500 + random.nextInt(2500));
                } else {
                    // Aimed at a backup write: wait for its "saving" line, then a few milliseconds.
                    int which = 1 + random.nextInt(2);   // not the first save: an earlier backup must survive it
                    List<String> saving = List.of();
                    while (trainer.isAlive() && saving.size() <= which) {
                        saving = Files.readAllLines(stdout).stream().filter(l -> l.startsWith("saving ")).toList();
                        Thread.sleep(1);
                    }
                    if (!saving.isEmpty()) {
                        aimedAt = saving.get(saving.size() - 1).substring("saving ".length());
                    }
                    Thread.sleep(random.nextInt(15));
                }
                if (trainer.isAlive()) {
                    trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    killed++;
                    if (aimedAt != null && !Files.readString(stdout).contains("saved " + aimedAt + "\n")) {
                        killedDuringSave++;
                    }
                }
            } else {
                assertTrue(trainer.waitFor(3, TimeUnit.MINUTES), "the last run finishes");
                assertEquals(0, trainer.exitValue(), Files.readString(temp.resolve("stderr.txt")));
            }
            Path backup = backupDir.resolve(BackupAndRestore.FILE_NAME);
            if (Files.exists(backup)) {
                Sequential restored = Sequential.load(backup);   // throws if a kill left it unreadable
                resumedEpochsSum += restored.getHistory().size();
                backupsChecked++;
            }
        }
        Sequential finished = Sequential.load(result);
        assertEquals(reference.getWeights(), finished.getWeights(), "same weights as the uninterrupted run");
        assertEquals(reference.getHistory().getHistory(), finished.getHistory().getHistory(), "same history");
        long interruptedWrites;
        try (var files = Files.list(backupDir)) {
            interruptedWrites = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
        System.out.printf("fault suite: %d kills (%d inside a backup save, %d left a half-written temporary file), "
                + "%d backups loaded after kills (mean %.1f epochs saved), final weights and history identical%n",
                killed, killedDuringSave, interruptedWrites, backupsChecked,
                backupsChecked == 0 ? 0.0 : (double) resumedEpochsSum / backupsChecked);
    }

    private static Process start(Path backupDir, Path result, Path stdout, Path stderr) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Trainer.class.getName(),
                backupDir.toString(), result.toString()));
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }
}

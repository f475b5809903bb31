package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.BackupAndRestore;
import keras4j.callbacks.LambdaCallback;
import keras4j.graph.KerasTensor;
import keras4j.layers.Add;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Input;

/**
 * The fault suite: a trainer in a child JVM is killed with SIGKILL, then started again until it
 * finishes; every backup left behind must load, no temporary file may outlive the run, and the
 * final weights and history must equal those of a run never interrupted. Half the kills are aimed
 * inside a backup write (the test waits for the write's temporary file to appear and kills at
 * once; a kill counts as inside a write only when it left that temporary file behind); the other
 * half land at a random moment of a random epoch, timed from the trainer's own progress lines.
 * A round (one training from scratch to its end) takes at most
 * {@code -Dkeras4j.faults.killsPerRound} kills (default 4), and rounds follow one another until
 * every kill asked for is delivered (a run that finishes before its kill only ends its round):
 * {@code -Dkeras4j.faults.kills=N} (default 4); the soak command in docs/reliability.md asks for
 * many more.
 */
class KillAndResumeTest {
    static final int EPOCHS = 12;

    @TempDir
    Path temp;

    /**
     * The trainer the test kills: a fixed-seed model (Sequential, or Functional with a shortcut
     * branch) with a backup each epoch; saves its result at the end.
     */
    public static final class Trainer {
        public static void main(String[] args) {
            Model model = train(Path.of(args[0]), args[2]);
            model.save(Path.of(args[1]));
        }

        static Model train(Path backupDir, String kind) {
            INDArray x = Arrays2.random(31, 1500, 100);
            INDArray y = Arrays2.classIds(32, 1500, 4);
            // Wide enough that a backup (weights and Adam's two moments, ~2.5 MB) takes milliseconds to write.
            Model model;
            if (kind.equals("sequential")) {
                model = Sequential.of(new Input(100), new Dense(2048, "relu"), new Dropout(0.3),
                        new Dense(4, "softmax"));
            } else {
                KerasTensor in = Input.tensor(100);
                KerasTensor deep = new Dense(16).apply(new Dropout(0.3).apply(new Dense(2048, "relu").apply(in)));
                KerasTensor shortcut = new Dense(16).apply(in);
                model = new Functional(in, new Dense(4, "softmax").apply(new Add().apply(deep, shortcut)));
            }
            model.setSeed(2024);
            model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
            List<keras4j.callbacks.Callback> callbacks = new ArrayList<>();
            if (backupDir != null) {
                // Progress lines the test times its kills by.
                callbacks.add(new LambdaCallback().onEpochBegin((epoch, logs) -> {
                    System.out.println("epoch " + epoch);
                    System.out.flush();
                }));
                callbacks.add(new BackupAndRestore(backupDir, false));
            }
            model.fit(x, y, new FitOptions().epochs(EPOCHS).batchSize(50).verbose(0)
                    .callbacks(callbacks.toArray(new keras4j.callbacks.Callback[0])));
            return model;
        }
    }

    /** What the suite did, for its assertions and its report line. */
    private static final class Counts {
        int kills;
        int insideWrite;
        int aimedMissed;
        int random;
        int runs;
        int rounds;
        int backupsLoaded;
        int epochsSavedSum;
        int temporariesLeft;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "functional"})
    void killedTrainingResumesToTheSameResult(String kind) throws Exception {
        int requested = Integer.getInteger("keras4j.faults.kills", 4);
        int aimedWanted = requested / 2;
        int randomWanted = requested - aimedWanted;
        Model reference = Trainer.train(null, kind);

        Path backupDir = temp.resolve("backup");
        Path result = temp.resolve("result.keras4j");
        Random random = new Random(Long.getLong("keras4j.faults.seed", System.nanoTime()));
        Counts counts = new Counts();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Integer.getInteger("keras4j.faults.minutes", 5));
        // Kills are spread over rounds of a few kills each, a round being one training from scratch to its
        // end, so that they land in every epoch rather than pile up in the last one.
        int perRound = Integer.getInteger("keras4j.faults.killsPerRound", 4);
        int killsThisRound = 0;
        while (System.nanoTime() < deadline) {
            boolean killsLeft = counts.kills < requested || counts.insideWrite < aimedWanted;
            if (Files.exists(result)) {
                checkSameAsReference(reference, result, counts);
                if (!killsLeft) {
                    break;
                }
                // The round is over: the next one trains from scratch.
                Files.delete(result);
                deleteTree(backupDir);
                killsThisRound = 0;
            }
            boolean wantKill = killsLeft && killsThisRound < perRound;
            Path stdout = temp.resolve("stdout-" + counts.runs + ".txt");
            List<Path> leftBefore = temporaries(backupDir);
            Process trainer = start(backupDir, result, stdout, temp.resolve("stderr.txt"), kind);
            counts.runs++;
            if (!wantKill) {
                assertTrue(trainer.waitFor(3, TimeUnit.MINUTES), "the last run finishes");
                assertEquals(0, trainer.exitValue(), Files.readString(temp.resolve("stderr.txt")));
                continue;
            }
            boolean aim = counts.insideWrite < aimedWanted
                    && (counts.kills - counts.insideWrite >= randomWanted || random.nextBoolean());
            boolean killed = aim ? killInsideAWrite(trainer, backupDir, leftBefore)
                    : killAtRandom(trainer, stdout, random);
            if (killed) {
                counts.kills++;
                killsThisRound++;
                // Inside a write exactly when this run's temporary file outlived it.
                if (!newTemporaries(backupDir, leftBefore).isEmpty()) {
                    counts.insideWrite++;
                } else {
                    if (aim) {
                        counts.aimedMissed++;
                    }
                    counts.random++;
                }
            }
            Path backup = backupDir.resolve(BackupAndRestore.FILE_NAME);
            if (Files.exists(backup)) {
                Model restored = Model.load(backup);   // throws if a kill left it unreadable
                counts.epochsSavedSum += restored.getHistory().size();
                counts.backupsLoaded++;
            }
        }
        assertTrue(Files.exists(result), "the suite finished within its time");
        counts.temporariesLeft = temporaries(backupDir).size();
        System.out.printf("fault suite (" + kind + "): %d kills requested, %d happened (%d inside a backup write, %d elsewhere at "
                        + "random moments, %d aimed at a write that ended first), %d runs in %d rounds, %d backups "
                        + "loaded after kills (mean %.1f epochs saved), %d temporary files left, every round's final weights "
                        + "and history identical to the uninterrupted run%n", requested, counts.kills,
                counts.insideWrite, counts.random, counts.aimedMissed, counts.runs, counts.rounds,
                counts.backupsLoaded, counts.backupsLoaded == 0 ? 0.0 : (double) counts.epochsSavedSum
                        / counts.backupsLoaded, counts.temporariesLeft);
        assertTrue(counts.kills >= requested, "every kill requested was delivered");
        assertTrue(counts.insideWrite >= aimedWanted, "kills inside a backup write");
        assertEquals(0, counts.temporariesLeft, "no temporary file outlives a resumed run");
    }

    /** Waits for a backup write's temporary file and kills the trainer at once. */
    private static boolean killInsideAWrite(Process trainer, Path backupDir, List<Path> leftBefore) throws Exception {
        while (trainer.isAlive()) {
            if (!newTemporaries(backupDir, leftBefore).isEmpty()) {
                trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Waits for a random epoch of this run to begin, then a random part of an epoch, and kills. */
    private static boolean killAtRandom(Process trainer, Path stdout, Random random) throws Exception {
        List<String> epochs = epochLines(stdout, trainer, 1);
        if (epochs.isEmpty()) {
            return false;
        }
        int first = Integer.parseInt(epochs.get(0).substring("epoch ".length()));
        int target = first + random.nextInt(Math.max(1, EPOCHS - first));
        long begun = System.nanoTime();
        List<String> seen = epochLines(stdout, trainer, target - first + 1);
        // An epoch's length, from this run's own progress (at least a few milliseconds).
        long epochNanos = seen.size() > 1 ? (System.nanoTime() - begun) / (seen.size() - 1) : 50_000_000L;
        TimeUnit.NANOSECONDS.sleep((long) (random.nextDouble() * epochNanos));
        if (!trainer.isAlive()) {
            return false;
        }
        trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return true;
    }

    private static List<String> epochLines(Path stdout, Process trainer, int count) throws Exception {
        List<String> lines = List.of();
        while (trainer.isAlive() && lines.size() < count) {
            lines = Files.readAllLines(stdout).stream().filter(l -> l.startsWith("epoch ")).toList();
            Thread.sleep(1);
        }
        return lines;
    }

    private static void checkSameAsReference(Model reference, Path result, Counts counts) {
        Model finished = Model.load(result);
        assertEquals(reference.getWeights(), finished.getWeights(), "same weights as the uninterrupted run");
        assertEquals(reference.getHistory().getHistory(), finished.getHistory().getHistory(), "same history");
        counts.rounds++;
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** @return the temporary files that were not there when the run started (a killed earlier run's may be) */
    private static List<Path> newTemporaries(Path dir, List<Path> before) throws IOException {
        return temporaries(dir).stream().filter(p -> !before.contains(p)).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Process start(Path backupDir, Path result, Path stdout, Path stderr, String kind)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Trainer.class.getName(),
                backupDir.toString(), result.toString(), kind));
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }
}

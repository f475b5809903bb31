package keras4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Keras4jException;
import keras4j.callbacks.BackupAndRestore;
import keras4j.cli.internal.RunReport;
import keras4j.internal.AtomicFiles;
import keras4j.internal.ModelFile;

/**
 * A training run's output folder while {@code train} or {@code train-csv} uses it: locked against
 * a second process, refused when it holds a finished run or (without {@code --resume}) an
 * interrupted one, and holding the run's settings next to its checkpoint so that a resume with
 * different settings is refused, naming both values. The checkpoint is removed only once the
 * model and reports are written, so a run killed while writing them can still be resumed.
 */
final class RunFolder implements AutoCloseable {
    static final String CHECKPOINT = "checkpoint";
    static final String SETTINGS = "run.json";
    static final String LOCK = ".keras4j.lock";
    private static final String FORMAT = "keras4j-run";

    /** The settings a resumed run must share with the run it continues, with the options that set them. */
    private static final Map<String, String> FLAGS = Map.of(
            "recipe", "the recipe",
            "data", "the data (the CSV file, --label-column, --task, --delimiter or --test-size)",
            "model", "the model (--hidden)",
            "batch_size", "--batch-size",
            "optimizer", "--optimizer / --learning-rate",
            "seed", "--seed",
            "validation_split", "--validation-split",
            "limit", "--limit");

    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean resuming;

    private RunFolder(Path folder, FileChannel lockChannel, FileLock lock, boolean resuming) {
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.resuming = resuming;
    }

    /**
     * Creates (or opens) and locks the folder, and checks that this command may use it.
     *
     * @param folder   the run folder
     * @param resume   whether {@code --resume} was given
     * @param settings what the run trains (see {@link #FLAGS}); compared with a stored run's
     * @param epochs   the epochs this command asks for
     * @return the locked folder
     */
    static RunFolder open(Path folder, boolean resume, Map<String, Object> settings, int epochs) {
        if (folder.toString().isBlank()) {
            throw new Keras4jException("--out is empty; give the folder for the model and reports, e.g. --out runs/my-run.");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Keras4jException("Can't create the output folder " + folder + " (" + e.getMessage() + "). "
                    + "Choose another with --out.", e);
        }
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        } catch (IOException e) {
            throw new Keras4jException("Can't write to the output folder " + folder + " (" + e.getMessage()
                    + "). Choose a writable folder with --out.", e);
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new Keras4jException("Can't lock the output folder " + folder + " (" + e.getMessage() + ").", e);
        }
        if (lock == null) {
            String owner = readOwner(folder.resolve(LOCK));
            close(channel);
            throw new Keras4jException(folder + " is in use by another keras4j training run" + owner + ". Wait for it "
                    + "to end, or choose another --out.");
        }
        RunFolder run = new RunFolder(folder, channel, lock, resume);
        try {
            writeOwner(channel);
            run.check(resume, settings, epochs);
            return run;
        } catch (RuntimeException | IOException e) {
            run.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new Keras4jException("Can't write to the output folder " + folder + " (" + e.getMessage()
                    + "). Choose a writable folder with --out.", e);
        }
    }

    private void check(boolean resume, Map<String, Object> settings, int epochs) throws IOException {
        boolean checkpointed = Files.exists(backupFile());
        Path settingsFile = checkpointDir().resolve(SETTINGS);
        boolean started = Files.exists(settingsFile);
        boolean finished = Files.exists(folder.resolve(RunReport.MODEL_FILE)) && !started && !checkpointed;
        if (finished) {
            throw new Keras4jException(resume ? "Nothing to resume: the run in " + folder + " finished; its model is "
                    + folder.resolve(RunReport.MODEL_FILE) + "." : folder + " holds a finished run ("
                    + RunReport.MODEL_FILE + "). Choose another --out, or delete the folder to train it again.");
        }
        if (!resume && (checkpointed || started)) {
            throw new Keras4jException(folder + " holds " + (checkpointed ? "the checkpoint of " : "") + "an "
                    + "interrupted run. Add --resume to continue it, or choose another --out.");
        }
        if (resume && !checkpointed && !started) {
            throw new Keras4jException("Nothing to resume: " + folder + " holds no interrupted run (no "
                    + CHECKPOINT + "/" + SETTINGS + "). Train without --resume to start one.");
        }
        if (started) {
            // Compared as JSON read back, as the stored ones were (a long 42 and an int 42 are the same).
            compare(readSettings(settingsFile), ModelFile.json().readValue(ModelFile.json().writeValueAsBytes(settings),
                    new TypeReference<Map<String, Object>>() { }));
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("format", FORMAT);
        stored.put("format_version", 1);
        stored.put("settings", settings);
        stored.put("epochs", epochs);
        byte[] bytes = ModelFile.json().writeValueAsBytes(stored);
        AtomicFiles.write(settingsFile, out -> out.write(bytes));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readSettings(Path file) {
        try {
            Map<String, Object> json = ModelFile.json().readValue(Files.readAllBytes(file),
                    new TypeReference<Map<String, Object>>() { });
            if (FORMAT.equals(json.get("format")) && json.get("settings") instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (IOException | RuntimeException e) {
            // Refused below.
        }
        throw new Keras4jException(file + " is damaged, so the run's settings can't be checked. Delete " + folder
                + " and train again, or choose another --out.");
    }

    private static void compare(Map<String, Object> stored, Map<String, Object> now) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> e : now.entrySet()) {
            Object before = stored.get(e.getKey());
            if (!Objects.equals(ModelFile.json().valueToTree(before), ModelFile.json().valueToTree(e.getValue()))) {
                differences.add(FLAGS.getOrDefault(e.getKey(), e.getKey()) + ": the run used " + text(before)
                        + ", this command " + text(e.getValue()));
            }
        }
        if (!differences.isEmpty()) {
            throw new Keras4jException("Can't resume with other settings than the interrupted run's (" + String.join(
                    "; ", differences) + "). Resume with the run's settings; --epochs, --verbose and "
                    + "--checkpoint-every may change.");
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "the default";
        }
        return value instanceof Map || value instanceof List ? ModelFile.json().valueToTree(value).toString()
                : String.valueOf(value);
    }

    private static void writeOwner(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                0);
        channel.force(true);
    }

    private static String readOwner(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return pid.matches("\\d+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the folder */
    Path path() {
        return folder;
    }

    /** @return the checkpoint folder */
    Path checkpointDir() {
        return folder.resolve(CHECKPOINT);
    }

    /** @return the checkpoint file */
    Path backupFile() {
        return checkpointDir().resolve(BackupAndRestore.FILE_NAME);
    }

    /** @return whether {@code --resume} was given */
    boolean resuming() {
        return resuming;
    }

    /** Removes the checkpoint and the run's settings once the run's files are all written. */
    void finish(BackupAndRestore backup) throws IOException {
        backup.deleteBackup();
        forget();
    }

    /** Removes the run's settings (and the checkpoint folder if that leaves it empty): nothing is left to resume. */
    void forget() throws IOException {
        AtomicFiles.delete(checkpointDir().resolve(SETTINGS));
        try {
            Files.deleteIfExists(checkpointDir());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // A file of the user's: leave the folder.
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // Released with the channel.
        }
        close(lockChannel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the lock goes with the process.
        }
    }
}

package keras4j.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import keras4j.Keras4jException;

/**
 * Makes training survive interruptions, as Keras's {@code BackupAndRestore}: every
 * {@code everyEpochs} epochs it saves the whole training state (weights, optimizer state,
 * History) to {@code backupDir}; when a later {@code fit} starts and finds a backup there, it
 * restores it and continues where it stopped. With a fixed seed, the resumed run ends with the
 * same weights and history as one never interrupted. The backup is deleted when training
 * completes, unless {@code deleteOnEnd} is false: then the last epoch's state is saved at the end
 * and kept until {@link #deleteBackup()} (so that a process killed while it writes its results
 * still finds every epoch saved).
 *
 * <p>{@link #interrupt()} (for example from a signal handler) stops training at the next batch
 * boundary: the state, with the position inside the epoch, is saved and {@code fit} throws
 * {@link TrainingInterruptedException}; the next {@code fit} continues from that very batch.
 *
 * <pre>{@code
 * model.setSeed(42);
 * model.fit(x, y, new FitOptions().epochs(20).callbacks(new BackupAndRestore(Path.of("backup"))));
 * // killed at epoch 7? Run the same code again: it resumes at epoch 8.
 * }</pre>
 */
public final class BackupAndRestore extends Callback {
    /** The backup's file name inside the backup folder. */
    public static final String FILE_NAME = "backup.keras4j";

    private final Path backupDir;
    private final int everyEpochs;
    private final boolean deleteOnEnd;
    private int restoredEpochs = -1;
    private int restoredBatches;
    private int currentEpoch;
    private int lastEpoch = -1;
    private int lastSavedEpoch = -1;
    private volatile boolean interruptRequested;

    /** @param backupDir the folder holding the backup */
    public BackupAndRestore(Path backupDir) {
        this(backupDir, 1, true);
    }

    /**
     * @param backupDir   the folder holding the backup
     * @param deleteOnEnd whether to delete the backup when training completes
     */
    public BackupAndRestore(Path backupDir, boolean deleteOnEnd) {
        this(backupDir, 1, deleteOnEnd);
    }

    /**
     * @param backupDir   the folder holding the backup
     * @param everyEpochs save after every this many epochs (a resumed run repeats at most
     *                    {@code everyEpochs - 1} epochs, with the same results); 0 saves only on
     *                    {@link #interrupt()} (Keras's {@code save_freq=False})
     * @param deleteOnEnd whether to delete the backup when training completes
     */
    public BackupAndRestore(Path backupDir, int everyEpochs, boolean deleteOnEnd) {
        if (everyEpochs < 0) {
            throw new Keras4jException("BackupAndRestore: save every >= 0 epochs (0: only when interrupted); "
                    + "received " + everyEpochs + ".");
        }
        this.backupDir = backupDir;
        this.everyEpochs = everyEpochs;
        this.deleteOnEnd = deleteOnEnd;
    }

    /** @return the backup file */
    public Path getBackupFile() {
        return backupDir.resolve(FILE_NAME);
    }

    /** @return how many epochs the restored backup held, or -1 when training started fresh */
    public int getRestoredEpochs() {
        return restoredEpochs;
    }

    /**
     * @return how many batches of the next epoch the restored backup held (saved by
     *         {@link #interrupt()} in the middle of an epoch), or 0
     */
    public int getRestoredBatches() {
        return restoredBatches;
    }

    /**
     * Asks the {@code fit} in progress to save its state and stop at the next batch boundary, with
     * a {@link TrainingInterruptedException}. Safe to call from any thread (a signal handler);
     * the request holds until a batch ends.
     */
    public void interrupt() {
        interruptRequested = true;
    }

    /** @return whether {@link #interrupt()} was called and no batch has ended since */
    public boolean isInterruptRequested() {
        return interruptRequested;
    }

    /**
     * Deletes the backup, as a completed {@code fit} does unless {@code deleteOnEnd} is false, with
     * any temporary file a killed writer left beside it.
     */
    public void deleteBackup() {
        try {
            keras4j.internal.AtomicFiles.delete(getBackupFile());
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore can't delete " + getBackupFile(), e);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        restoredEpochs = -1;
        restoredBatches = 0;
        lastEpoch = -1;
        lastSavedEpoch = -1;
        if (Files.exists(getBackupFile())) {
            restoredBatches = getModel().resumeFrom(getBackupFile());
            restoredEpochs = getModel().getHistory().size();
            lastSavedEpoch = restoredEpochs - 1;
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (interruptRequested) {
            interruptRequested = false;
            getModel().save(getBackupFile());
            throw new TrainingInterruptedException(getBackupFile(), currentEpoch, batch + 1);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        lastEpoch = epoch;
        if (everyEpochs > 0 && (epoch + 1) % everyEpochs == 0) {
            getModel().save(getBackupFile());
            lastSavedEpoch = epoch;
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (deleteOnEnd) {
            deleteBackup();
        } else if (everyEpochs > 0 && lastEpoch > lastSavedEpoch) {
            getModel().save(getBackupFile());
            lastSavedEpoch = lastEpoch;
        }
    }
}

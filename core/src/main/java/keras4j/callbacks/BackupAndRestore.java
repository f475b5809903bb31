package keras4j.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes training survive interruptions, as Keras's {@code BackupAndRestore}: after every epoch it
 * saves the whole training state (weights, optimizer state, History) to {@code backupDir}; when a
 * later {@code fit} starts and finds a backup there, it restores it and continues with the next
 * epoch. With a fixed seed, the resumed run ends with the same weights and history as one never
 * interrupted. The backup is deleted when training completes.
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
     *                    {@code everyEpochs - 1} epochs, with the same results)
     * @param deleteOnEnd whether to delete the backup when training completes
     */
    public BackupAndRestore(Path backupDir, int everyEpochs, boolean deleteOnEnd) {
        if (everyEpochs < 1) {
            throw new keras4j.Keras4jException("BackupAndRestore: save every >= 1 epoch; received " + everyEpochs + ".");
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

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        restoredEpochs = -1;
        if (Files.exists(getBackupFile())) {
            getModel().resumeFrom(getBackupFile());
            restoredEpochs = getModel().getHistory().size();
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if ((epoch + 1) % everyEpochs == 0) {
            getModel().save(getBackupFile());
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (deleteOnEnd) {
            try {
                Files.deleteIfExists(getBackupFile());
            } catch (IOException e) {
                throw new UncheckedIOException("BackupAndRestore can't delete " + getBackupFile(), e);
            }
        }
    }
}

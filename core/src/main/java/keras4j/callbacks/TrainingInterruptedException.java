package keras4j.callbacks;

import java.nio.file.Path;

import keras4j.Keras4jException;

/**
 * Thrown out of {@code fit} when {@link BackupAndRestore#interrupt()} stopped training at a batch
 * boundary: the whole training state, including the position inside the epoch, was saved first,
 * and the next {@code fit} with the same callback continues from that very batch.
 *
 * <pre>{@code
 * try {
 *     model.fit(x, y, new FitOptions().epochs(20).callbacks(backup));
 * } catch (TrainingInterruptedException e) {
 *     System.err.println("Stopped; the state is in " + e.getBackupFile());
 * }
 * }</pre>
 */
public class TrainingInterruptedException extends Keras4jException {
    private static final long serialVersionUID = 1L;

    private final transient Path backupFile;
    private final int epoch;
    private final int batches;

    /**
     * @param backupFile where the state was saved
     * @param epoch      the epoch in progress (from 0)
     * @param batches    how many of its batches were done
     */
    public TrainingInterruptedException(Path backupFile, int epoch, int batches) {
        super("Training was interrupted in epoch " + (epoch + 1) + " after " + batches + " batch"
                + (batches == 1 ? "" : "es") + "; its whole state is saved in " + backupFile + ".");
        this.backupFile = backupFile;
        this.epoch = epoch;
        this.batches = batches;
    }

    /** @return the file holding the saved state */
    public Path getBackupFile() {
        return backupFile;
    }

    /** @return the epoch in progress when training stopped (from 0) */
    public int getEpoch() {
        return epoch;
    }

    /** @return how many batches of that epoch were done */
    public int getBatches() {
        return batches;
    }
}

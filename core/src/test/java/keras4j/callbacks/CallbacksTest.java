package keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Input;

/** Keras's callbacks, on a tiny classifier. */
class CallbacksTest {
    @TempDir
    Path temp;

    private static final INDArray X = Arrays2.random(21, 64, 4);
    private static final INDArray Y = Arrays2.classIds(22, 64, 3);

    private static Sequential model(long seed) {
        Sequential model = Sequential.of(new Input(4), new Dense(8, "tanh"), new Dropout(0.2), new Dense(3, "softmax"));
        model.setSeed(seed);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    private static FitOptions options(int epochs, Callback... callbacks) {
        return new FitOptions().epochs(epochs).batchSize(16).verbose(0).validationSplit(0.25).callbacks(callbacks);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Sequential model = model(1);
        // An impossible improvement threshold: epoch 0 sets the best, nothing after improves.
        EarlyStopping stop = new EarlyStopping("val_loss").minDelta(1e9).patience(2).restoreBestWeights(true);
        List<List<INDArray>> weights = new ArrayList<>();
        LambdaCallback keep = new LambdaCallback().onEpochEnd((epoch, logs) -> weights.add(model.getWeights()));
        History history = model.fit(X, Y, options(50, keep, stop));
        assertEquals(3, history.size(), "epoch 0, then 2 epochs of patience");
        assertEquals(2, stop.getStoppedEpoch());
        assertEquals(0, stop.getBestEpoch());
        assertEquals(weights.get(0), model.getWeights(), "back to epoch 0's weights");
    }

    @Test
    void aMissingMonitoredMetricWarnsListingTheAvailableOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            model(2).fit(X, Y, new FitOptions().epochs(1).verbose(0).callbacks(new EarlyStopping("val_acc")));
        } finally {
            System.setErr(original);
        }
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("EarlyStopping is conditioned on metric `val_acc` which is not available. "
                + "Available metrics are: loss, accuracy."), warning);
    }

    @Test
    void modelCheckpointFormatsNamesAndSavesOnlyTheBest() {
        Sequential model = model(3);
        ModelCheckpoint every = new ModelCheckpoint(temp.resolve("m-{epoch:02d}-{val_loss:.3f}.keras4j").toString());
        ModelCheckpoint best = new ModelCheckpoint(temp.resolve("best.keras4j").toString()).monitor("val_accuracy")
                .saveBestOnly(true).saveWeightsOnly(true);
        History history = model.fit(X, Y, options(3, every, best));
        String expected = String.format(java.util.Locale.ROOT, "m-03-%.3f.keras4j", history.get("val_loss").get(2));
        assertEquals(expected, every.getLastSaved().getFileName().toString());
        assertTrue(Files.exists(temp.resolve("m-01-" + String.format(java.util.Locale.ROOT, "%.3f",
                history.get("val_loss").get(0)) + ".keras4j")));
        assertTrue(Files.exists(temp.resolve("best.keras4j")));
        Sequential other = model(99);
        other.loadWeights(every.getLastSaved());
        assertEquals(model.getWeights(), other.getWeights());
        assertEquals("m-07-0.1235-x", ModelCheckpoint.format("m-{epoch:02d}-{loss:.4f}-x", 6, Map.of("loss", 0.12345)));
    }

    @Test
    void reduceLrOnPlateauAndSchedulerChangeTheLearningRate() {
        Sequential model = model(4);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss").minDelta(1e9).patience(1).factor(0.5);
        History history = model.fit(X, Y, options(3, plateau));
        // As Keras: each epoch logs the rate it trained with; the cut applies from the next epoch.
        assertEquals(List.of(0.001, 0.001, 0.0005), history.get("learning_rate"));
        assertEquals(0.00025, model.getLearningRate(), 1e-12);

        Sequential scheduled = model(4);
        History h2 = scheduled.fit(X, Y, options(3, new LearningRateScheduler((epoch, lr) -> 0.1 / (epoch + 1))));
        assertEquals(List.of(0.1, 0.05, 0.1 / 3), h2.get("learning_rate"));
        assertEquals(h2.get("learning_rate"), scheduled.getHistory().get("learning_rate"), "model history has it too");
    }

    @Test
    void terminateOnNaNStopsAtTheFirstInvalidLoss() {
        Sequential model = Sequential.of(new Input(1), new Dense(1));
        model.compile(new keras4j.optimizers.SGD(1e30), keras4j.losses.Loss.get("mse"));
        TerminateOnNaN guard = new TerminateOnNaN();
        INDArray x = Arrays2.f(new double[][] {{1e10}, {1e10}, {1e10}, {1e10}});
        History history = model.fit(x, x, new FitOptions().epochs(5).batchSize(1).verbose(0).callbacks(guard));
        assertTrue(guard.getStoppedBatch() >= 0 && guard.getStoppedBatch() < 4, "stopped in the first epoch");
        assertEquals(1, history.size());
    }

    @Test
    void csvLoggerWritesKerasColumnsAndAppendsOnResume() throws Exception {
        Path csv = temp.resolve("log.csv");
        Sequential model = model(5);
        model.fit(X, Y, options(2, new CSVLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("1,"));
        model.fit(X, Y, options(3, new CSVLogger(csv, ",", true)).initialEpoch(2));
        assertEquals(4, Files.readAllLines(csv).size());
        assertTrue(Files.readAllLines(csv).get(3).startsWith("2,"));
    }

    @Test
    void backupAndRestoreResumesExactlyWhereAnInterruptedRunStopped() {
        Path backup = temp.resolve("backup");
        Sequential uninterrupted = model(6);
        uninterrupted.fit(X, Y, options(5));

        // Interrupted after epoch 2 (index): a callback throws, as a crash would.
        Sequential first = model(6);
        LambdaCallback crash = new LambdaCallback().onEpochEnd((epoch, logs) -> {
            if (epoch == 2) {
                throw new IllegalStateException("simulated crash");
            }
        });
        try {
            first.fit(X, Y, options(5, new BackupAndRestore(backup), crash));
        } catch (IllegalStateException expected) {
            // the backup of epoch 2 was written before the crash
        }
        assertTrue(Files.exists(backup.resolve(BackupAndRestore.FILE_NAME)));

        // A new process would build the same model and call the same fit.
        Sequential second = model(6);
        BackupAndRestore restore = new BackupAndRestore(backup);
        History resumed = second.fit(X, Y, options(5, restore));
        assertEquals(3, restore.getRestoredEpochs());
        assertEquals(List.of(3, 4), resumed.getEpochs());
        assertEquals(uninterrupted.getWeights(), second.getWeights(), "bit for bit");
        assertEquals(uninterrupted.getHistory().getHistory(), second.getHistory().getHistory());
        assertFalse(Files.exists(backup.resolve(BackupAndRestore.FILE_NAME)), "deleted once training completed");
    }

    @Test
    void aBackupEveryTwoEpochsRepeatsTheLostEpochWithTheSameResult() {
        Path backup = temp.resolve("every2");
        Sequential uninterrupted = model(8);
        uninterrupted.fit(X, Y, options(4));
        LambdaCallback crash = new LambdaCallback().onEpochEnd((epoch, logs) -> {
            if (epoch == 2) {
                throw new IllegalStateException("simulated crash");
            }
        });
        try {
            model(8).fit(X, Y, options(4, new BackupAndRestore(backup, 2, true), crash));
        } catch (IllegalStateException expected) {
            // epochs 0 and 1 were backed up; epoch 2 was lost
        }
        Sequential resumed = model(8);
        BackupAndRestore restore = new BackupAndRestore(backup, 2, true);
        History history = resumed.fit(X, Y, options(4, restore));
        assertEquals(2, restore.getRestoredEpochs());
        assertEquals(List.of(2, 3), history.getEpochs());
        assertEquals(uninterrupted.getWeights(), resumed.getWeights());
    }

    @Test
    void anInterruptSavesTheEpochInProgressAndTheNextFitContinuesFromThatBatchBitForBit() {
        Path backup = temp.resolve("interrupted");
        Sequential uninterrupted = model(9);
        uninterrupted.fit(X, Y, options(5));
        // 48 training rows in batches of 16: 3 batches per epoch. Stop in epoch 3 after its 2nd batch.
        BackupAndRestore first = new BackupAndRestore(backup, 0, true);
        int[] epochNow = {0};
        LambdaCallback signal = new LambdaCallback().onEpochBegin((epoch, logs) -> epochNow[0] = epoch)
                .onTrainBatchEnd((batch, logs) -> {
                    if (epochNow[0] == 2 && batch == 1) {
                        first.interrupt();
                    }
                });
        Sequential killed = model(9);
        TrainingInterruptedException stopped = org.junit.jupiter.api.Assertions.assertThrows(
                TrainingInterruptedException.class, () -> killed.fit(X, Y, options(5, signal, first)));
        assertEquals(2, stopped.getEpoch());
        assertEquals(2, stopped.getBatches());
        assertEquals(2, killed.getHistory().size(), "the epoch in progress is not recorded as done");
        assertTrue(Files.exists(first.getBackupFile()));

        Sequential resumed = model(9);
        BackupAndRestore restore = new BackupAndRestore(backup, 0, true);
        History rest = resumed.fit(X, Y, options(5, restore));
        assertEquals(2, restore.getRestoredEpochs());
        assertEquals(2, restore.getRestoredBatches(), "the 2 batches of epoch 3 already trained");
        assertEquals(List.of(2, 3, 4), rest.getEpochs());
        assertEquals(uninterrupted.getWeights(), resumed.getWeights(), "bit for bit, dropout masks included");
        assertEquals(uninterrupted.getHistory().getHistory(), resumed.getHistory().getHistory(),
                "the interrupted epoch's running metrics carried over");
    }

    @Test
    void anInterruptedIteratorRunSkipsTheBatchesAlreadyTrained() {
        Path backup = temp.resolve("iterator");
        java.util.function.Supplier<org.nd4j.linalg.dataset.api.iterator.DataSetIterator> data = () ->
                keras4j.Arrays2.iterator(X, Y.reshape(64, 1), 16);
        FitOptions options = new FitOptions().epochs(3).verbose(0);
        Sequential uninterrupted = model(10);
        uninterrupted.fit(data.get(), options);
        BackupAndRestore first = new BackupAndRestore(backup, 0, true);
        LambdaCallback signal = new LambdaCallback().onTrainBatchEnd((batch, logs) -> {
            if (batch == 2 && first.getModel().getHistory().size() == 1) {
                first.interrupt();
            }
        });
        org.junit.jupiter.api.Assertions.assertThrows(TrainingInterruptedException.class,
                () -> model(10).fit(data.get(), new FitOptions().epochs(3).verbose(0).callbacks(signal, first)));
        Sequential resumed = model(10);
        resumed.fit(data.get(), new FitOptions().epochs(3).verbose(0).callbacks(new BackupAndRestore(backup, 0, true)));
        assertEquals(uninterrupted.getWeights(), resumed.getWeights());
        assertEquals(uninterrupted.getHistory().getHistory(), resumed.getHistory().getHistory());
    }

    @Test
    void aKeptBackupHoldsTheLastEpochEvenWhenItIsNotASaveEpoch() {
        Path backup = temp.resolve("kept");
        Sequential model = model(11);
        BackupAndRestore keep = new BackupAndRestore(backup, 2, false);
        model.fit(X, Y, options(5, keep));
        assertEquals(5, Sequential.load(keep.getBackupFile()).getHistory().size(), "epoch 5 saved at the end");
        Sequential again = model(11);
        BackupAndRestore restore = new BackupAndRestore(backup, 2, false);
        assertEquals(List.of(), again.fit(X, Y, options(5, restore)).getEpochs(), "nothing left to train");
        assertEquals(model.getWeights(), again.getWeights());
        restore.deleteBackup();
        assertFalse(Files.exists(keep.getBackupFile()));
    }
}

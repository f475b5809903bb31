package keras4j.training;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.backend.Session;
import keras4j.callbacks.History;
import keras4j.internal.Batches;
import keras4j.internal.Data;
import keras4j.internal.TrainingPosition;

/**
 * keras4j's training loop, Keras's {@code fit}: epochs of batches, each batch one call into the
 * backend that returns the batch's logs; the callbacks around every batch and epoch; validation at
 * each epoch's end; stopping; and resuming a run restored by {@code BackupAndRestore}, at an epoch
 * boundary or in the middle of an epoch, so that it ends bit for bit like a run never interrupted.
 * {@link #evaluate} and {@link #predict} are the loops of Keras's {@code evaluate} and {@code predict}.
 *
 * <pre>{@code
 * History run = new Trainer(model, session, batches, validation, options).fit();
 * }</pre>
 *
 * <p>Randomness: each epoch reseeds ND4J's generator with {@code seed + epoch}, so dropout masks
 * depend only on the seed and the epoch; a mid-epoch checkpoint saves the generator's state.
 */
public final class Trainer {
    private final Model model;
    private final Session session;
    private final Batches batches;
    private final Supplier<Iterator<MultiDataSet>> validation;
    private final FitOptions options;
    private int resumeEpoch = -1;
    private TrainingPosition resumePosition;
    private boolean inEpoch;
    private int epoch;
    private int batchesDone;

    /**
     * @param model      the model being trained
     * @param session    its backend session, compiled
     * @param batches    the training batches
     * @param validation the validation batches for each epoch's end, or null
     * @param options    epochs, verbosity, callbacks
     */
    public Trainer(Model model, Session session, Batches batches, Supplier<Iterator<MultiDataSet>> validation,
                   FitOptions options) {
        this.model = model;
        this.session = session;
        this.batches = batches;
        this.validation = validation;
        this.options = options;
    }

    /**
     * Continues a restored run: called (through {@code Model.resumeFrom}) by a callback's
     * {@code onTrainBegin}.
     *
     * @param nextEpoch the first epoch not saved
     * @param position  where the saved epoch in progress stood, or null when saved between epochs
     */
    public void resumeAt(int nextEpoch, TrainingPosition position) {
        this.resumeEpoch = nextEpoch;
        this.resumePosition = position;
    }

    /** @return where the epoch in progress stands (for a mid-epoch checkpoint), or null between epochs */
    public TrainingPosition position() {
        if (!inEpoch) {
            return null;
        }
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandom();
        return new TrainingPosition(epoch, batchesDone, random.rootState(), random.nodeState(),
                session.metricsState());
    }

    /** @return the History of this run; every epoch is also added to the model's own */
    public History fit() {
        model.setStopTraining(false);
        History run = new History();
        CallbackList callbacks = CallbackList.of(options, run, model);
        callbacks.setParams(params());
        Map<String, Double> logs = new LinkedHashMap<>();
        callbacks.onTrainBegin();
        TrainingPosition from = resumePosition;
        int first = from != null ? from.epoch() : Math.max(options.getInitialEpoch(), resumeEpoch);
        for (epoch = first; epoch < options.getEpochs() && !model.isStopTraining(); epoch++) {
            session.resetMetrics();
            batchesDone = 0;
            batches.startEpoch(epoch);
            Nd4j.getRandom().setSeed(model.getSeed() + epoch);
            if (from != null && from.epoch() == epoch) {
                batches.skip(from.batches());
                batchesDone = from.batches();
                session.restoreMetrics(from.metricSums());
                Nd4j.getRandom().setStates(from.rngRoot(), from.rngNode());
            }
            callbacks.setParams(params());
            callbacks.onEpochBegin(epoch);
            inEpoch = true;
            Map<String, Double> batchLogs = null;
            try {
                while (!model.isStopTraining() && batches.hasNext()) {
                    MultiDataSet batch = batches.next();
                    callbacks.onTrainBatchBegin(batchesDone);
                    batchLogs = session.trainOnBatch(batch);
                    batchesDone++;
                    callbacks.onTrainBatchEnd(batchesDone - 1, batchLogs);
                }
            } finally {
                inEpoch = false;
            }
            if (batchesDone == 0 && !model.isStopTraining()) {
                throw new Keras4jException("fit() received no training batches in epoch " + (epoch + 1) + ": the "
                        + "data is empty. Check the DataSetIterator (it must be rewindable, with reset(), for "
                        + "more than one epoch).");
            }
            session.epochDone();
            // An epoch resumed after its last batch has its running means restored, and no batch to run.
            logs = new LinkedHashMap<>(batchLogs == null ? session.logs() : batchLogs);
            if (validation != null) {
                logs.putAll(evaluate(session, validation.get(), "val_"));
            }
            callbacks.endEpoch(model, epoch, logs);
        }
        callbacks.onTrainEnd(logs);
        return run;
    }

    private Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", options.getEpochs());
        int steps = batches.batchesPerEpoch();
        params.put("steps", steps < 0 ? null : steps);
        params.put("verbose", options.getVerbose());
        return params;
    }

    /**
     * Scores batches in inference mode, Keras's {@code evaluate}.
     *
     * @param session the model's compiled session
     * @param batches the batches
     * @param prefix  "" or "val_"
     * @return the loss and each metric over all the batches (NaN without batches)
     */
    public static Map<String, Double> evaluate(Session session, Iterator<MultiDataSet> batches, String prefix) {
        session.resetMetrics();
        while (batches.hasNext()) {
            session.testOnBatch(batches.next());
        }
        Map<String, Double> logs = session.logs();
        if (prefix.isEmpty()) {
            return logs;
        }
        Map<String, Double> prefixed = new LinkedHashMap<>();
        logs.forEach((k, v) -> prefixed.put(prefix + k, v));
        return prefixed;
    }

    /**
     * Runs the model forward in inference mode, Keras's {@code predict}, batch by batch.
     *
     * @param session   the model's session
     * @param inputs    one checked array per input
     * @param batchSize samples per forward pass (memory only; the result doesn't depend on it)
     * @return one array per output, every sample in order
     */
    public static List<INDArray> predict(Session session, List<INDArray> inputs, int batchSize) {
        long n = inputs.get(0).size(0);
        if (n <= batchSize) {
            return List.of(session.predictOnBatch(inputs.toArray(new INDArray[0])));
        }
        List<List<INDArray>> parts = new ArrayList<>();
        for (long from = 0; from < n; from += batchSize) {
            long to = Math.min(n, from + batchSize);
            INDArray[] batch = new INDArray[inputs.size()];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = Data.rows(inputs.get(i), from, to);
            }
            INDArray[] out = session.predictOnBatch(batch);
            for (int i = 0; i < out.length; i++) {
                if (parts.size() <= i) {
                    parts.add(new ArrayList<>());
                }
                parts.get(i).add(out[i]);
            }
        }
        List<INDArray> result = new ArrayList<>();
        for (List<INDArray> part : parts) {
            result.add(Nd4j.concat(0, part.toArray(new INDArray[0])));
        }
        return result;
    }
}

package keras4j.cli.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.models.TrainedModel;

/**
 * The one thread that runs a served model (a model isn't thread-safe): it takes the examples of
 * the requests waiting, of one shape, up to a number of examples, and predicts them in one call;
 * each request gets its own rows back. A full queue refuses a request (503).
 *
 * <pre>{@code
 * Batcher batcher = new Batcher(model, 64);
 * batcher.start();
 * INDArray outputs = batcher.outputs(rawExamples);   // from any thread
 * batcher.stop();
 * }</pre>
 */
final class Batcher {
    /** Examples waiting, with where their outputs go. */
    private record Job(INDArray examples, CompletableFuture<INDArray> outputs) {
    }

    private static final Job STOP = new Job(null, null);
    private final TrainedModel model;
    private final int maxBatch;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(1024);
    private Thread thread;

    /**
     * @param model    the model, used from this batcher's thread only
     * @param maxBatch the most examples predicted in one call (1: each request alone)
     */
    Batcher(TrainedModel model, int maxBatch) {
        this.model = model;
        this.maxBatch = maxBatch;
    }

    void start() {
        thread = new Thread(this::run, "keras4j-serve-model");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        queue.offer(STOP);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param examples raw examples, the batch axis first
     * @return the model's outputs for them
     */
    INDArray outputs(INDArray examples) {
        Job job = new Job(examples, new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw new ModelServer.BadRequest(503, "The server is busy (" + queue.size() + " requests waiting); "
                    + "try again in a moment.");
        }
        try {
            return job.outputs().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelServer.BadRequest(503, "The server is stopping.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Job> waiting = new ArrayList<>();
        while (true) {
            Job first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                return;
            }
            waiting.clear();
            waiting.add(first);
            long rows = first.examples().size(0);
            // the others waiting now, of the same example shape, while the batch has room
            for (Job next; rows < maxBatch && (next = queue.peek()) != null && next != STOP
                    && sameShape(first.examples(), next.examples()); ) {
                waiting.add(queue.poll());
                rows += next.examples().size(0);
            }
            predict(waiting);
        }
    }

    private static boolean sameShape(INDArray a, INDArray b) {
        long[] x = a.shape();
        long[] y = b.shape();
        return Arrays.equals(Arrays.copyOfRange(x, 1, x.length), Arrays.copyOfRange(y, 1, y.length));
    }

    private void predict(List<Job> jobs) {
        try {
            INDArray batch = jobs.size() == 1 ? jobs.get(0).examples()
                    : Nd4j.concat(0, jobs.stream().map(Job::examples).toArray(INDArray[]::new));
            INDArray outputs = model.outputs(batch);
            long row = 0;
            for (Job job : jobs) {
                long n = job.examples().size(0);
                job.outputs().complete(outputs.get(NDArrayIndex.interval(row, row + n), NDArrayIndex.all()).dup());
                row += n;
            }
        } catch (RuntimeException e) {
            for (Job job : jobs) {
                job.outputs().completeExceptionally(e);
            }
        }
    }
}

package keras4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import keras4j.FitOptions;
import keras4j.Model;
import keras4j.datasets.DataUtils;
import keras4j.datasets.Images;
import keras4j.datasets.Mnist;
import keras4j.datasets.TrainTestSplit;
import keras4j.internal.Data;
import keras4j.models.Recipe;
import keras4j.models.Recipes;

/**
 * Measures one network in one implementation, in its own JVM: the time of each training epoch,
 * inference on the 10 000 test images, test accuracy after the epochs, and memory: peak resident
 * set, peak Java heap (used and committed), and the resident set at start, once ND4J's libraries
 * are loaded, once the harness's own data arrays exist and after training, so keras4j's share can
 * be told from the harness's. Writes
 * one JSON file. {@code Benchmark gemm OUT.json} measures the float32 GEMM peak instead ({@link GemmPeak}).
 *
 * <pre>{@code
 * java -cp ... keras4j.benchmarks.Benchmark keras4j mnist-mlp 3 60000 results/keras4j-mnist-mlp.json
 * }</pre>
 *
 * <p>Both implementations train with batch 100, Adam(0.001), seed 42, on the same scaled MNIST
 * arrays, reshuffled every epoch; inference runs in batches of 1000. With 0 epochs it only times
 * inference (of the untrained network; the weights don't change the time), for the alternating
 * inference rounds of {@code benchmarks/run}.
 */
public final class Benchmark {
    static final int BATCH = 100;
    static final int INFERENCE_BATCH = 1000;
    /** Timed inference runs after one warm-up; their median is reported (one run is short and noisy). */
    static final int INFERENCE_RUNS = 10;
    static final long SEED = 42;

    private Benchmark() {
    }

    /**
     * @param args implementation ("keras4j" or "dl4j"), network ("mnist-mlp", "mnist-cnn", "lenet5"),
     *             epochs, training examples to use, output JSON file
     * @throws Exception on a failure, which ends the benchmark
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("gemm")) {
            GemmPeak.main(new String[] {args[1]});
            return;
        }
        if (args.length != 5) {
            System.err.println("usage: Benchmark keras4j|dl4j mnist-mlp|mnist-cnn|lenet5 EPOCHS TRAIN_EXAMPLES OUT.json\n"
                    + "       Benchmark gemm OUT.json");
            System.exit(2);
        }
        String impl = args[0];
        String network = args[1];
        int epochs = Integer.parseInt(args[2]);
        int trainExamples = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);

        Map<String, Object> memoryAt = new LinkedHashMap<>();
        memoryAt.put("jvm_start_rss_mb", MemorySampler.rss() / 1048576.0);
        Nd4j.create(1); // loads ND4J's native libraries and starts its thread pools
        memoryAt.put("nd4j_loaded_rss_mb", MemorySampler.rss() / 1048576.0);
        TrainTestSplit mnist = Mnist.loadData();
        // The harness's own arrays, with no second copy of the images
        INDArray xTrain = scaled(Data.rows(mnist.xTrain(), 0, trainExamples));
        INDArray yTrain = Data.rows(mnist.yTrain(), 0, trainExamples).dup('c');
        INDArray xTest = scaled(mnist.xTest());
        INDArray yTest = mnist.yTest();
        System.gc();
        memoryAt.put("data_loaded_rss_mb", MemorySampler.rss() / 1048576.0);

        MemorySampler memory = new MemorySampler();
        memory.start();
        List<Double> epochSeconds = new ArrayList<>();
        List<Double> inferenceSeconds = new ArrayList<>();
        double accuracy;
        if (impl.equals("keras4j")) {
            boolean images = !network.equals("mnist-mlp");
            INDArray x = images ? Images.addChannelAxis(xTrain) : xTrain;
            INDArray xt = images ? Images.addChannelAxis(xTest) : xTest;
            Recipe recipe = Recipes.get(network);
            Model model = recipe.build();
            model.setSeed(SEED);
            recipe.compile(model);
            for (int e = 0; e < epochs; e++) {
                long t = System.nanoTime();
                model.fit(x, yTrain, new FitOptions().epochs(e + 1).initialEpoch(e).batchSize(BATCH).verbose(0));
                epochSeconds.add((System.nanoTime() - t) / 1e9);
            }
            memoryAt.put("trained_rss_mb", MemorySampler.rss() / 1048576.0);
            model.predict(xt, INFERENCE_BATCH);
            for (int r = 0; r < INFERENCE_RUNS; r++) {
                long t = System.nanoTime();
                model.predict(xt, INFERENCE_BATCH);
                inferenceSeconds.add((System.nanoTime() - t) / 1e9);
            }
            accuracy = epochs > 0 ? model.evaluate(xt, yTest).get("accuracy") : 0;
        } else {
            MultiLayerNetwork net = new MultiLayerNetwork(RawDl4j.configuration(network, SEED));
            net.init();
            INDArray x = Images.flatten(xTrain);
            INDArray xt = Images.flatten(xTest);
            DataSet all = new DataSet(x, DataUtils.toCategorical(yTrain, 10));
            for (int e = 0; e < epochs; e++) {
                long t = System.nanoTime();
                all.shuffle(SEED + e);
                for (DataSet batch : all.batchBy(BATCH)) {
                    net.fit(batch);
                }
                epochSeconds.add((System.nanoTime() - t) / 1e9);
            }
            memoryAt.put("trained_rss_mb", MemorySampler.rss() / 1048576.0);
            outputInBatches(net, xt);
            INDArray predictions = null;
            for (int r = 0; r < INFERENCE_RUNS; r++) {
                long t = System.nanoTime();
                predictions = outputInBatches(net, xt);
                inferenceSeconds.add((System.nanoTime() - t) / 1e9);
            }
            accuracy = predictions.argMax(1).eq(yTest.castTo(org.nd4j.linalg.api.buffer.DataType.INT64))
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        }
        memory.stopSampling();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("impl", impl);
        result.put("network", network);
        result.put("epochs", epochs);
        result.put("train_examples", trainExamples);
        result.put("batch_size", BATCH);
        result.put("epoch_seconds", epochSeconds);
        result.put("inference_seconds", inferenceSeconds);
        result.put("test_accuracy", accuracy);
        result.put("peak_heap_mb", memory.peakHeap / 1048576.0);
        result.put("peak_heap_committed_mb", memory.peakHeapCommitted / 1048576.0);
        result.put("peak_rss_mb", MemorySampler.peakRss() / 1048576.0);
        result.put("memory_at", memoryAt);
        result.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
        result.put("threads", Runtime.getRuntime().availableProcessors());
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.out.printf("%s %s: epochs %s s, inference %s s, accuracy %.4f%n", impl, network, epochSeconds,
                inferenceSeconds, accuracy);
    }

    /** Pixels 0..255 as float32 0..1: the loader's float array scaled in place, so the harness holds one copy. */
    private static INDArray scaled(INDArray pixels) {
        return (pixels.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT ? pixels
                : pixels.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)).divi(255f);
    }

    private static INDArray outputInBatches(MultiLayerNetwork net, INDArray x) {
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < x.size(0); from += INFERENCE_BATCH) {
            parts.add(net.output(Data.rows(x, from, Math.min(x.size(0), from + INFERENCE_BATCH)), false));
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /** Samples the heap's use every 50 ms and keeps the peak. */
    static final class MemorySampler extends Thread {
        volatile long peakHeap;
        volatile long peakHeapCommitted;
        private volatile boolean running = true;

        MemorySampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            peakHeap = Math.max(peakHeap, heap.getUsed());
            peakHeapCommitted = Math.max(peakHeapCommitted, heap.getCommitted());
        }

        void stopSampling() throws InterruptedException {
            running = false;
            join();
            sample();
        }

        /** @return the process's peak resident memory (VmHWM), in bytes */
        static long peakRss() throws java.io.IOException {
            return status("VmHWM:");
        }

        /** @return the process's resident memory now (VmRSS), in bytes */
        static long rss() throws java.io.IOException {
            return status("VmRSS:");
        }

        private static long status(String key) throws java.io.IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return -1;
        }
    }
}

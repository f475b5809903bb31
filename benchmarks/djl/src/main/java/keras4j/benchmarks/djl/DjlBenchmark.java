package keras4j.benchmarks.djl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The DJL + PyTorch peer of {@code benchmarks/run}: the same three networks, data, batch size,
 * optimizer and thread count as keras4j's Benchmark, in DJL 0.36 on PyTorch 2.7.1. Prints one JSON
 * object in the form the report reads.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp ... keras4j.benchmarks.djl.DjlBenchmark mnist-mlp 5 60000 ~/.keras4j/datasets/mnist
 * }</pre>
 *
 * <p>Written the way DJL's own examples train (a {@code Trainer} with a gradient collector, one
 * sub-manager per batch so each batch's arrays are freed), with nothing keras4j-specific, so its
 * figures are DJL's as a Java team would get them.
 */
public final class DjlBenchmark {
    private static final int BATCH = 100;
    private static final int INFERENCE_BATCH = 1000;
    private static final int INFERENCE_RUNS = 10;

    private DjlBenchmark() {
    }

    /**
     * @param args network ("mnist-mlp", "mnist-cnn", "lenet5"), epochs, training examples, MNIST folder
     * @throws IOException if the MNIST files can't be read
     */
    public static void main(String[] args) throws IOException {
        if (args[0].equals("gemm")) {
            gemm();
            return;
        }
        String name = args[0];
        int epochs = Integer.parseInt(args[1]);
        int trainExamples = Integer.parseInt(args[2]);
        Path mnist = Path.of(args[3]);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            NDArray x = images(manager, mnist.resolve("train-images-idx3-ubyte"), trainExamples);
            NDArray y = labels(manager, mnist.resolve("train-labels-idx1-ubyte"), trainExamples);
            NDArray xt = images(manager, mnist.resolve("t10k-images-idx3-ubyte"), Integer.MAX_VALUE);
            NDArray yt = labels(manager, mnist.resolve("t10k-labels-idx1-ubyte"), Integer.MAX_VALUE);
            model.setBlock(network(name));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optEpsilon(1e-7f).build())
                    .optDevices(new Device[] {Device.cpu()});
            List<Double> epochSeconds = new ArrayList<>();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 1, 28, 28));
                Random random = new Random(42);
                long n = x.getShape().get(0);
                for (int epoch = 0; epoch < epochs; epoch++) {
                    long start = System.nanoTime();
                    int[] order = permutation((int) n, random);
                    for (int from = 0; from < n; from += BATCH) {
                        try (NDManager batch = manager.newSubManager()) {
                            NDArray index = batch.create(java.util.Arrays.copyOfRange(order, from,
                                    (int) Math.min(n, from + BATCH)));
                            NDArray xb = x.get(index);
                            NDArray yb = y.get(index);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList predictions = trainer.forward(new NDList(xb));
                                collector.backward(trainer.getLoss().evaluate(new NDList(yb), predictions));
                            }
                            trainer.step();
                        }
                    }
                    epochSeconds.add((System.nanoTime() - start) / 1e9);
                }
            }
            ParameterStore parameters = new ParameterStore(manager, false);
            List<Double> inferenceSeconds = new ArrayList<>();
            double accuracy = 0;
            for (int run = 0; run <= INFERENCE_RUNS; run++) {
                long start = System.nanoTime();
                long correct = 0;
                for (long from = 0; from < xt.getShape().get(0); from += INFERENCE_BATCH) {
                    try (NDManager batch = manager.newSubManager()) {
                        NDArray xb = xt.get(from + ":" + (from + INFERENCE_BATCH));
                        xb.attach(batch);
                        NDArray out = model.getBlock().forward(parameters, new NDList(xb), false).singletonOrThrow();
                        correct += out.argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false)
                                .eq(yt.get(from + ":" + (from + INFERENCE_BATCH)).toType(ai.djl.ndarray.types.DataType.INT64, false))
                                .sum().getLong();
                    }
                }
                if (run > 0) { // the first run warms up
                    inferenceSeconds.add((System.nanoTime() - start) / 1e9);
                }
                accuracy = correct / (double) xt.getShape().get(0);
            }
            System.out.println(json(name, epochs, trainExamples, epochSeconds, inferenceSeconds, epochs > 0 ? accuracy : 0));
        }
    }

    /** Prints the float32 GEMM speed of libtorch's BLAS, as the keras4j harness's GemmPeak measures ND4J's. */
    private static void gemm() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            System.out.printf(Locale.ROOT, "{\"impl\": \"djl\", \"square_2048_gflops\": %.1f, "
                    + "\"mlp_100x784x1000_gflops\": %.1f}%n", gflops(manager, 2048, 2048, 2048),
                    gflops(manager, 100, 1000, 784));
        }
    }

    private static double gflops(NDManager manager, int m, int n, int k) {
        NDArray a = manager.randomUniform(0, 1, new Shape(m, k));
        NDArray b = manager.randomUniform(0, 1, new Shape(k, n));
        long warmUp = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            try (NDManager scope = manager.newSubManager()) {
                a.matMul(b).attach(scope);
            }
        }
        int reps = (int) Math.max(1, 0.5e9 * 3 / (System.nanoTime() - warmUp));
        double best = 0;
        for (int round = 0; round <= 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    a.matMul(b).attach(scope);
                }
            }
            if (round > 0) { // the first round warms up
                best = Math.max(best, 2.0 * m * n * k * reps / ((System.nanoTime() - start) / 1e9) / 1e9);
            }
        }
        return best;
    }

    private static SequentialBlock network(String name) {
        SequentialBlock net = new SequentialBlock();
        switch (name) {
            case "mnist-mlp" -> net.add(Blocks.batchFlattenBlock(784))
                    .add(Linear.builder().setUnits(1000).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            case "mnist-cnn" -> net
                    .add(conv(32, 5, 2)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    // Keras's "same" for an even kernel pads one more at the bottom and right
                    .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().pad(new Shape(0, 1, 0, 1), 0))))
                    .add(conv(64, 2, 0)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Dropout.builder().optRate(0.25f).build()).add(Blocks.batchFlattenBlock(7 * 7 * 64))
                    .add(Linear.builder().setUnits(1000).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            case "lenet5" -> net
                    .add(conv(6, 5, 2)).add(Activation.tanhBlock()).add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(conv(16, 5, 0)).add(Activation.tanhBlock()).add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock(16 * 5 * 5))
                    .add(Linear.builder().setUnits(120).build()).add(Activation.tanhBlock())
                    .add(Linear.builder().setUnits(84).build()).add(Activation.tanhBlock())
                    .add(Linear.builder().setUnits(10).build());
            default -> throw new IllegalArgumentException("unknown network " + name);
        }
        return net;
    }

    private static Conv2d conv(int filters, int kernel, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding)).build();
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** IDX images as float32 [n, 1, 28, 28] scaled to 0..1, PyTorch's NCHW layout. */
    private static NDArray images(NDManager manager, Path file, int limit) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        int count = Math.min(limit, data.getInt(4));
        float[] pixels = new float[count * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (data.get(16 + i) & 0xff) / 255f;
        }
        return manager.create(pixels, new Shape(count, 1, 28, 28));
    }

    private static NDArray labels(NDManager manager, Path file, int limit) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        int count = Math.min(limit, data.getInt(4));
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            labels[i] = data.get(8 + i) & 0xff;
        }
        return manager.create(labels);
    }

    private static String json(String name, int epochs, int trainExamples, List<Double> epochSeconds,
                               List<Double> inferenceSeconds, double accuracy) throws IOException {
        return String.format(Locale.ROOT, "{\"impl\": \"djl\", \"network\": \"%s\", \"epochs\": %d, "
                        + "\"train_examples\": %d, \"batch_size\": %d, \"epoch_seconds\": %s, "
                        + "\"inference_seconds\": %s, \"test_accuracy\": %.6f, \"peak_rss_mb\": %.1f, "
                        + "\"threads\": %d, \"djl_version\": \"%s\", \"torch_version\": \"%s\"}",
                name, epochs, trainExamples, BATCH, list(epochSeconds), list(inferenceSeconds), accuracy,
                peakRssMb(), Integer.getInteger("ai.djl.pytorch.num_threads", 0),
                ai.djl.engine.Engine.getDjlVersion(), ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
    }

    private static String list(List<Double> values) {
        StringBuilder s = new StringBuilder("[");
        for (double v : values) {
            s.append(s.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.6f", v));
        }
        return s.append(']').toString();
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }
}

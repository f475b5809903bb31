package keras4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.FitOptions;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.datasets.TrainTestSplit;

/**
 * Prints the figures of docs/scale-out.md (not run by the tests; run it on a quiet machine):
 * epoch time and test accuracy of the same model trained in one JVM, on {@code local[2]} and on a
 * standalone cluster on loopback (a master and two 1-core workers started here), the rows per
 * second of distributed inference, and the iris accuracy band over seeds, one JVM against
 * {@code local[2]}.
 *
 * <pre>{@code
 * spark/scale-out-figures.sh                       # the defaults below
 * spark/scale-out-figures.sh 20000 3 5             # MNIST examples, epochs, iris seeds
 * spark/scale-out-figures.sh iris 5                 # only the iris accuracy band (no timing, no MNIST)
 * }</pre>
 *
 * <p>The model is the {@code mnist-mlp} recipe's (Flatten, Dense(1000, relu), Dense(10, softmax),
 * Adam, batch size 100 per worker), on the first N MNIST training images, tested on the 10 000
 * test images. MNIST must be in the keras4j cache ({@code keras4j datasets --fetch mnist}).
 */
public final class ScaleOutFigures {
    private ScaleOutFigures() {
    }

    /** One way of training: its name and what it measured. */
    private record Row3(String where, double secondsPerEpoch, double accuracy, double rowsPerSecond) {
    }

    /**
     * @param args MNIST training examples (default 10000), epochs (default 3), iris seeds (default 5)
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("iris")) {   // the accuracy band only: no timing, no MNIST
            int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
            SparkSession local = Keras4jSpark.session(LocalSpark.loopback("local[2]"));
            printBand(irisBand(local, seeds), seeds);
            local.stop();
            return;
        }
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        TrainTestSplit mnist = MnistSubsetTest.cachedMnist();
        if (mnist == null) {
            System.err.println("MNIST is not in the keras4j cache: run 'keras4j datasets --fetch mnist' first.");
            System.exit(2);
        }
        INDArray x = mnist.xTrain().get(NDArrayIndex.interval(0, examples)).dup();
        INDArray y = mnist.yTrain().get(NDArrayIndex.interval(0, examples)).dup();
        FitOptions options = new FitOptions().epochs(epochs).batchSize(100).verbose(0);
        List<Row3> rows = new ArrayList<>();

        Model oneJvm = mnistMlp();
        long start = System.nanoTime();
        oneJvm.fit(x, y, options);
        double oneJvmEpoch = (System.nanoTime() - start) / 1e9 / epochs;
        start = System.nanoTime();
        oneJvm.predict(mnist.xTest());
        double oneJvmRows = mnist.xTest().size(0) / ((System.nanoTime() - start) / 1e9);
        rows.add(new Row3("one JVM (model.fit)", oneJvmEpoch, accuracy(oneJvm, mnist), oneJvmRows));

        SparkSession local = Keras4jSpark.session(LocalSpark.loopback("local[2]"));
        rows.add(sparkRow("Spark local[2]", local, x, y, mnist, epochs));
        double[][] band = irisBand(local, seeds);
        local.stop();

        Path dir = Files.createTempDirectory("keras4j-scale-out");
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
            SparkSession spark = Keras4jSpark.session(cluster.conf());
            try {
                rows.add(sparkRow("standalone cluster, 2 workers x 1 core (loopback)", spark, x, y, mnist, epochs));
            } finally {
                spark.stop();
            }
        }
        deleteQuietly(dir);

        long params = mnistMlp().countParams();
        System.out.printf(Locale.ROOT, "mnist-mlp (%,d parameters) on %,d MNIST training images, %d epochs, batch 100 "
                + "per worker, averaging every 5 batches; test accuracy on 10,000 images%n%n", params, examples,
                epochs);
        System.out.println("| where | s / epoch | test accuracy | inference rows/s |");
        System.out.println("|---|---|---|---|");
        for (Row3 r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.4f | %,.0f |%n", r.where(), r.secondsPerEpoch(),
                    r.accuracy(), r.rowsPerSecond());
        }
        System.out.printf(Locale.ROOT, "%nBytes per averaging round, up and down, weights and Adam's 2 moments "
                + "(2 x 3 x params x 4 bytes x 2 workers): %,d%n", 2 * 3 * params * 4 * 2);
        printBand(band, seeds);
    }

    private static void printBand(double[][] band, int seeds) {
        System.out.printf(Locale.ROOT, "%niris (20 epochs, batch 8, Adam 0.02), test accuracy over %d seeds:%n", seeds);
        System.out.printf(Locale.ROOT, "| one JVM | min %.4f | mean %.4f | max %.4f | %s |%n", min(band[0]),
                mean(band[0]), max(band[0]), java.util.Arrays.toString(band[0]));
        System.out.printf(Locale.ROOT, "| Spark local[2] | min %.4f | mean %.4f | max %.4f | %s |%n", min(band[1]),
                mean(band[1]), max(band[1]), java.util.Arrays.toString(band[1]));
    }

    /** @return the mnist-mlp recipe's architecture and compile settings (Recipes.get("mnist-mlp")) */
    private static Model mnistMlp() {
        return MnistSubsetTest.mlp(1000, 42);
    }

    private static Row3 sparkRow(String where, SparkSession spark, INDArray x, INDArray y, TrainTestSplit mnist,
                                 int epochs) {
        Model model = mnistMlp();
        long start = System.nanoTime();
        new SparkTrainer(spark).evaluateEachEpoch(false).fit(model, x, y,
                new FitOptions().epochs(epochs).batchSize(100).verbose(0));
        double perEpoch = (System.nanoTime() - start) / 1e9 / epochs;
        Dataset<Row> table = LocalSpark.table(spark, mnist.xTest().reshape('c', mnist.xTest().size(0), 784), null,
                2).cache();
        table.count();
        start = System.nanoTime();
        long scored = new SparkPredictor(spark, model).transform(table).select("prediction").count();
        double rowsPerSecond = scored / ((System.nanoTime() - start) / 1e9);
        table.unpersist();
        return new Row3(where, perEpoch, accuracy(model, mnist), rowsPerSecond);
    }

    private static double accuracy(Model model, TrainTestSplit mnist) {
        Map<String, Double> scores = model.evaluate(mnist.xTest(), mnist.yTest());
        return scores.get("accuracy");
    }

    private static double[][] irisBand(SparkSession spark, int seeds) {
        TrainTestSplit iris = SparkTrainerTest.iris();
        double[][] out = new double[2][seeds];
        for (int seed = 0; seed < seeds; seed++) {
            FitOptions options = new FitOptions().epochs(20).batchSize(8).verbose(0);
            Sequential one = SparkTrainerTest.irisModel(seed);
            one.fit(iris.xTrain(), iris.yTrain(), options);
            out[0][seed] = one.evaluate(iris.xTest(), iris.yTest()).get("accuracy");
            Sequential spread = SparkTrainerTest.irisModel(seed);
            new SparkTrainer(spark).evaluateEachEpoch(false).fit(spread, iris.xTrain(), iris.yTrain(),
                    new FitOptions().epochs(20).batchSize(8).verbose(0));
            out[1][seed] = spread.evaluate(iris.xTest(), iris.yTest()).get("accuracy");
        }
        return out;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package keras4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The machine's float32 matrix-multiply speed through ND4J's BLAS, the limit every training step
 * works against: a large square product (the peak) and the mnist-mlp's first-layer product
 * {@code [100, 784] . [784, 1000]} (the size a training step actually runs). Best of several runs
 * after a warm-up, in GFLOP/s ({@code 2 m n k} floating-point operations per product). The
 * PyTorch script measures the same two products with its BLAS; {@code benchmarks/run} takes the
 * fastest as the machine's limit.
 *
 * <pre>{@code
 * java -cp ... keras4j.benchmarks.Benchmark gemm results/gemm-nd4j.json
 * }</pre>
 */
final class GemmPeak {
    private GemmPeak() {
    }

    static void main(String[] args) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("impl", "nd4j");
        result.put("blas", Nd4j.factory().blas().getBlasVendor().toString());
        result.put("square_2048_gflops", gflops(2048, 2048, 2048));
        result.put("mlp_100x784x1000_gflops", gflops(100, 1000, 784));
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.out.println("gemm nd4j: " + result);
    }

    /**
     * @return the best GFLOP/s over 5 timed batches of products {@code [m, k] . [k, n]}, each batch
     *         about half a second long (sized by the warm-up)
     */
    private static double gflops(int m, int n, int k) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'f');
        long warmUp = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        int reps = (int) Math.max(1, 0.5e9 * 3 / (System.nanoTime() - warmUp));
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            best = Math.max(best, 2.0 * m * n * k * reps / seconds / 1e9);
        }
        return best;
    }
}
